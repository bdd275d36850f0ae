# The platform's entry points. `make setup` once, then `make test`; see README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# corepack's signature check fails against registry mirrors without npm signatures; the pnpm version is
# still pinned by hash in package.json's packageManager field.
export COREPACK_INTEGRITY_KEYS := 0
export COREPACK_ENABLE_DOWNLOAD_PROMPT := 0

SERVICES := infra/native/services.sh
APPS := scripts/apps.sh
# Docker when an engine answers, otherwise the native services (SPEC §3).
RUNTIME := $(shell docker info >/dev/null 2>&1 && echo docker || echo native)
COMPOSE := docker compose

.PHONY: help setup deps tools build up down services-up services-down apps-up apps-down provision status logs \
	check-health dashboard-urls grpc-tools browser contract-tools test test-unit test-integration lint report

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

setup: deps build browser services-up provision apps-up dashboard-urls ## dependencies, services, schema/topics/buckets/experiment, apps

deps: ## install pnpm (corepack) and the workspace dependencies from the lockfile
	@command -v pnpm >/dev/null || corepack enable
	pnpm install --frozen-lockfile

tools: ## test-only tools from Debian (the compose linter)
	@command -v docker-compose >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null; }

browser: ## Debian's Chromium and a font, for the dashboard's browser tests and screenshots (about 2 minutes once)
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

contract-tools: ## schemathesis (pinned, PyPI) into .local/venv/schemathesis, for the gateway's contract test
	@bash scripts/contract/venv.sh >/dev/null

build: ## compile every lib and app
	pnpm nx run-many -t build

services-up:
ifeq ($(RUNTIME),docker)
	$(COMPOSE) up -d --wait postgres redis kafka minio minio-init mlflow prometheus grafana kafka-ui
else
	bash $(SERVICES) start
endif

services-down:
ifeq ($(RUNTIME),docker)
	$(COMPOSE) stop
else
	bash $(SERVICES) stop
endif

provision: ## migrations, Kafka topics (+ DLQs), MinIO buckets, MLflow experiment (idempotent)
	pnpm provision

apps-up:
ifeq ($(RUNTIME),docker)
	$(COMPOSE) up -d --wait
else
	bash $(APPS) start
endif

apps-down:
ifeq ($(RUNTIME),docker)
	$(COMPOSE) stop gateway grpc-server stream-producer stream-consumer trainer
else
	bash $(APPS) stop
endif

up: services-up apps-up ## start services and apps (data kept from before)

down: apps-down services-down ## stop apps and services, keeping all data

status: ## what runs, where
ifeq ($(RUNTIME),docker)
	$(COMPOSE) ps
else
	@bash $(SERVICES) status; echo; bash $(APPS) status
endif

logs: ## recent logs of every service and app
ifeq ($(RUNTIME),docker)
	$(COMPOSE) logs --tail 50
else
	@bash $(SERVICES) logs; bash $(APPS) logs
endif

check-health: ## exit non-zero unless every service and app is healthy
ifeq ($(RUNTIME),docker)
	$(COMPOSE) ps --format '{{.Service}} {{.Health}}' | awk '{print} $$2!="healthy" && $$2!="" {bad=1} END {exit bad}'
else
	@bash $(SERVICES) health && bash $(APPS) health
endif

dashboard-urls: ## where each console is
	@echo "Dashboard                http://127.0.0.1:8800/dashboard   (Kafka topics, groups, messages: /dashboard/kafka)"
	@echo "Gateway REST             http://127.0.0.1:8800   (health: /health, /health/detailed, metrics: /metrics)"
	@echo "Swagger UI               http://127.0.0.1:8800/docs"
	@echo "GraphQL playground       http://127.0.0.1:8800/graphql"
	@echo "Bull Board (training)    http://127.0.0.1:8800/admin/queues   (password: an ADMIN_API_KEYS key)"
	@echo "gRPC CryptoService       127.0.0.1:50051"
	@echo "MLflow                   http://127.0.0.1:5000"
	@echo "MinIO console            http://127.0.0.1:9001   (minioadmin / minioadmin unless MINIO_ROOT_* set)"
	@echo "Prometheus               http://127.0.0.1:9090/classic/graph"
	@echo "Kafka UI (Docker only)   http://127.0.0.1:8080"
	@echo "Grafana (Docker only)    http://127.0.0.1:3000   (admin / admin)"

# DATE=YYYY-MM-DD (default: the day of the latest stored candle); the files go to OUTPUT (git-ignored .local/reports)
report: browser ## the daily report: report-DATE.md and PNG charts in OUTPUT, also stored in MinIO `reports`
	pnpm cli report $(if $(DATE),--date $(DATE)) --output $(or $(OUTPUT),.local/reports)

GRPCURL := github.com/fullstorydev/grpcurl/cmd/grpcurl@v1.9.4
grpc-tools: ## grpcurl into .local/bin (go install from the Go module proxy), for the README's gRPC walk-through
	@test -x .local/bin/grpcurl || GOBIN=$(CURDIR)/.local/bin CGO_ENABLED=0 go install $(GRPCURL)
	@echo ".local/bin/grpcurl $$(.local/bin/grpcurl -version 2>&1 | tail -1)"

lint: ## ESLint (with Nx module boundaries) and Prettier
	pnpm nx run-many -t lint
	pnpm format:check

test-unit: deps tools ## unit tests, type checks, lint and formatting; no services needed
	pnpm format:check
	pnpm nx run-many -t lint typecheck test build

test-integration: deps browser contract-tools services-up provision ## integration tests against the real services
	@# a failure scrolls far up in the log: its Jest report is repeated last, where CI's tail shows it, then the
	@# names of the failing files and tests alone ("● Console" heads every passing file's logs: left out)
	@mkdir -p .local/logs; set -o pipefail; \
	pnpm nx run-many -t test:integration --parallel=1 2>&1 | tee .local/logs/test-integration.log || { \
	  echo; echo "== failed integration tests (from .local/logs/test-integration.log):"; \
	  sed 's/\x1b\[[0-9;]*m//g' .local/logs/test-integration.log | grep -v '^ *● Console$$' | grep -E -A25 '^ *(●|FAIL )' | head -200; \
	  echo; echo "== in short, the failing files and tests:"; \
	  sed 's/\x1b\[[0-9;]*m//g' .local/logs/test-integration.log | grep -v '^ *● Console$$' | grep -E '^ *(● |FAIL )|^ *- [@a-z/-]+:test:integration$$' | awk '!seen[$$0]++' | head -40; \
	  exit 1; }

test: ## every test: installs and starts what is missing, then unit + integration
	@start=$$(date +%s); \
	$(MAKE) --no-print-directory test-unit && $(MAKE) --no-print-directory test-integration; rc=$$?; \
	echo; echo "== make test: $$([ $$rc = 0 ] && echo PASSED || echo FAILED) in $$(( $$(date +%s) - start )) s"; exit $$rc
