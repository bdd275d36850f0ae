#!/usr/bin/env bash
# Runs the platform's real services natively, without Docker (SPEC §3):
#   PostgreSQL 15 and Redis 7 (Debian packages), Apache Kafka 4.x in KRaft mode (Maven Central jars on the
#   installed JDK), MinIO (go install), MLflow (PyPI, in a virtualenv), Prometheus (Debian package).
#
# Usage: infra/native/services.sh install|start|stop|restart|status|health|logs [service…]
#   No service = all of them: postgres redis kafka minio mlflow prometheus (that is also the start order).
#   install  fetch/build what is missing, start nothing
#   start    install what is missing, start what is not running (and what it needs), wait until healthy,
#            print the status table; running services are left alone, so starting twice is a no-op
#   stop     stop gracefully, keep all data          restart  stop, then start
#   status   print the table, start nothing           health   exit 1 if any named service is unhealthy
#   logs     the last 50 lines of each log; logs -f [service…] follows them
#
# Versions: infra/native/versions.env. Data, logs, pid files, binaries: $LOCAL_DIR (default <repo>/.local).
# Ports are fixed (SPEC §3). MinIO credentials: MINIO_ROOT_USER / MINIO_ROOT_PASSWORD (minioadmin).
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
INFRA_DIR=$(dirname -- "$SCRIPT_DIR")
REPO_DIR=$(dirname -- "$INFRA_DIR")
# shellcheck source-path=SCRIPTDIR source=versions.env
source "$SCRIPT_DIR/versions.env"

LOCAL_DIR=$(realpath -m -- "${LOCAL_DIR:-$REPO_DIR/.local}")
DATA_DIR=$LOCAL_DIR/data
LOG_DIR=$LOCAL_DIR/logs
RUN_DIR=$LOCAL_DIR/run
BIN_DIR=$LOCAL_DIR/bin

SERVICES=(postgres redis kafka minio mlflow prometheus) # dependency order
# The MinIO build takes minutes on both cores: it starts at once, in the background, while the services
# before it install and start. (Building the MLflow venv alongside it too was measured slower overall.)
BACKGROUND_INSTALLS=" minio "
declare -A DEPENDS=([mlflow]="postgres minio")
declare -A START_TIMEOUT=([postgres]=60 [redis]=30 [kafka]=90 [minio]=60 [mlflow]=180 [prometheus]=60)
declare -A ADDRESS=(
  [postgres]=postgres://127.0.0.1:5432/crypto
  [redis]=redis://127.0.0.1:6379
  [kafka]="127.0.0.1:9092 (controller 9093)"
  [minio]=http://127.0.0.1:9000
  [mlflow]=http://127.0.0.1:5000
  [prometheus]=http://127.0.0.1:9090
)
declare -A CONSOLE=(
  [minio]=http://127.0.0.1:9001
  [mlflow]=http://127.0.0.1:5000
  [prometheus]=http://127.0.0.1:9090/classic/graph
)

MINIO_ROOT_USER=${MINIO_ROOT_USER:-minioadmin}
MINIO_ROOT_PASSWORD=${MINIO_ROOT_PASSWORD:-minioadmin}

PG_BIN=/usr/lib/postgresql/$POSTGRES_MAJOR/bin
PG_DATA=$DATA_DIR/postgres
PG_SOCKET_DIR=$RUN_DIR/postgres
KAFKA_HOME=$LOCAL_DIR/kafka
KAFKA_LIBS=$KAFKA_HOME/libs
KAFKA_JVM_OPTS=(-Xms512m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true
  "-Djava.io.tmpdir=$KAFKA_HOME/tmp") # zstd/snappy unpack native libraries there: it must allow exec
MLFLOW_VENV=$LOCAL_DIR/venv/mlflow
MLFLOW_BUCKET=mlflow
MLFLOW_DB_URI=postgresql+psycopg2://mlflow:mlflow@127.0.0.1:5432/mlflow
MLFLOW_ENV=(
  MLFLOW_S3_ENDPOINT_URL=http://127.0.0.1:9000
  "AWS_ACCESS_KEY_ID=$MINIO_ROOT_USER" "AWS_SECRET_ACCESS_KEY=$MINIO_ROOT_PASSWORD" AWS_DEFAULT_REGION=us-east-1
  # Newer boto3 sends CRC checksums that S3-compatible servers may reject.
  AWS_REQUEST_CHECKSUM_CALCULATION=when_required AWS_RESPONSE_CHECKSUM_VALIDATION=when_required
  MLFLOW_DISABLE_TELEMETRY=true
)

# ---------------------------------------------------------------------------------------------- helpers

log() { printf '[services %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}
log_file() { printf '%s/%s.log' "$LOG_DIR" "$1"; }
pid_file() { printf '%s/%s.pid' "$RUN_DIR" "$1"; }

require_command() { # require_command COMMAND HOW_TO_GET_IT
  command -v "$1" >/dev/null || die "'$1' is not installed: $2"
}

stamp_matches() { [[ -f $1 && $(<"$1") == "$2" ]]; } # stamp_matches FILE EXPECTED_CONTENT

http_ok() { curl -fsS -o /dev/null --max-time 3 "$1" 2>/dev/null; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

ensure_port_free() { # ensure_port_free SERVICE PORT… — fail clearly when something else holds a port
  local service=$1 port
  shift
  for port in "$@"; do
    if port_open "$port"; then
      die "$service: port $port is already taken by another process: $(ss -Hltnp "sport = :$port" | head -n1)"
    fi
  done
}

ensure_dirs() {
  mkdir -p "$DATA_DIR" "$LOG_DIR" "$RUN_DIR" "$BIN_DIR"
  # Some services (PostgreSQL) run as another user, which must be able to reach its folders.
  chmod 755 "$LOCAL_DIR" "$DATA_DIR" "$LOG_DIR" "$RUN_DIR"
}

APT_UPDATED=false
apt_install() { # apt_install PACKAGE… — installs the missing ones; their own daemons are not started
  local package missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed' || missing+=("$package")
  done
  ((${#missing[@]})) || return 0
  local policy=/usr/sbin/policy-rc.d added_policy=false status=0
  if [[ ! -e $policy ]]; then # exit 101 = "do not start services" for the packages' postinst scripts
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && added_policy=true
  fi
  local log wait_for_lock=(-o DPkg::Lock::Timeout=300) # someone else's apt-get may be running
  log=$(log_file apt)
  log "apt: installing ${missing[*]} (log: $log)"
  if ! $APT_UPDATED; then
    apt-get "${wait_for_lock[@]}" update -q >>"$log" 2>&1 && APT_UPDATED=true || status=$?
  fi
  ((status)) || DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1 apt-get "${wait_for_lock[@]}" \
    install -y -q --no-install-recommends "${missing[@]}" >>"$log" 2>&1 || status=$?
  if $added_policy; then rm -f "$policy"; fi
  ((status == 0)) || die "apt could not install ${missing[*]} (exit $status) — see $log"
}

stop_distro_daemon() { # stop_distro_daemon NAME — a Debian package's own service must not hold our port
  local name=$1
  if [[ -d /run/systemd/system ]]; then
    systemctl disable --now "$name" >/dev/null 2>&1 || true
  elif [[ -x /etc/init.d/$name ]] && service "$name" status >/dev/null 2>&1; then
    log "stopping the system's own '$name' service: this script runs its own instance"
    service "$name" stop >/dev/null 2>&1 || true
  fi
}

spawn() { # spawn SERVICE COMMAND… — detached in its own session (survives the caller), output to its log
  local service=$1
  shift
  setsid nohup "$@" >>"$(log_file "$service")" 2>&1 </dev/null &
  echo $! >"$(pid_file "$service")"
}

running_pid() { # running_pid SERVICE — prints the pid from its pid file when that process is alive
  local file pid
  file=$(pid_file "$1")
  [[ -f $file ]] || return 1
  pid=$(<"$file")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && printf '%s' "$pid"
}

wait_exit() { # wait_exit PID SECONDS — true once the process is gone
  local pid=$1 deadline=$((SECONDS + $2))
  while kill -0 "$pid" 2>/dev/null; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

stop_process() { # stop_process SERVICE [GRACE_SECONDS] — TERM its process group, KILL it after the grace
  local service=$1 grace=${2:-30} pid
  if pid=$(running_pid "$service"); then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    if ! wait_exit "$pid" "$grace"; then
      log "$service: still running after ${grace}s, killing it"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
      wait_exit "$pid" 5 || true
    fi
  fi
  rm -f "$(pid_file "$service")"
}

is_running() { # the process exists (it may still be starting)
  if declare -F "${1}_running" >/dev/null; then "${1}_running"; else running_pid "$1" >/dev/null; fi
}

wait_healthy() { # wait_healthy SERVICE — polls its health check until it passes; dies naming the log
  local service=$1 timeout=${START_TIMEOUT[$1]} began=$SECONDS log
  log=$(log_file "$service")
  until "${service}_healthy"; do
    if ! is_running "$service"; then
      tail -n 25 "$log" >&2 2>/dev/null || true
      die "$service exited while starting — see $log"
    fi
    if ((SECONDS - began >= timeout)); then
      tail -n 25 "$log" >&2 2>/dev/null || true
      die "$service is not healthy after ${timeout}s — see $log"
    fi
    sleep 1
  done
}

# ------------------------------------------------------------------------------------------- PostgreSQL

as_postgres() { (cd / && runuser -u postgres -- "$@"); }

postgres_install() {
  apt_install "$APT_POSTGRES_PACKAGE"
  stop_distro_daemon postgresql # the package's default cluster also wants 5432
}

postgres_running() { [[ -f $PG_DATA/postmaster.pid ]] && as_postgres "$PG_BIN/pg_ctl" status -D "$PG_DATA" >/dev/null 2>&1; }

postgres_healthy() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p 5432 -t 2 2>/dev/null; }

# A checkout under a private folder (e.g. /root, mode 700) hides the data dir from the postgres user:
# add only the traverse bit (o+x, no read) on the parents that lack it, and say which.
grant_postgres_traverse() {
  local dir
  dir=$(dirname "$1")
  while [[ $dir != / ]]; do
    if ! as_postgres test -x "$dir"; then
      log "postgres: granting o+x on $dir so the postgres user can reach its data"
      chmod o+x "$dir"
    fi
    dir=$(dirname "$dir")
  done
}

postgres_start() {
  local log
  log=$(log_file postgres)
  install -d -o postgres -g postgres -m 700 "$PG_DATA"
  install -d -o postgres -g postgres -m 755 "$PG_SOCKET_DIR"
  touch "$log" && chown postgres "$log"
  as_postgres test -x "$PG_DATA" -a -w "$log" || grant_postgres_traverse "$PG_DATA"
  as_postgres test -x "$PG_DATA" -a -w "$log" ||
    die "postgres: the postgres user cannot reach $PG_DATA — every parent folder needs o+x"
  if [[ ! -f $PG_DATA/PG_VERSION ]]; then
    log "postgres: creating the cluster in $PG_DATA"
    as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=peer --auth-host=scram-sha-256 >>"$log"
  fi
  ensure_port_free postgres 5432
  # pg_ctl puts the server in its own session, so it outlives this shell.
  as_postgres "$PG_BIN/pg_ctl" start -D "$PG_DATA" -l "$log" -s -w -t "${START_TIMEOUT[postgres]}" \
    -o "-c listen_addresses=127.0.0.1 -c port=5432 -c unix_socket_directories=$PG_SOCKET_DIR"
}

psql_admin() { as_postgres "$PG_BIN/psql" -h "$PG_SOCKET_DIR" -p 5432 -d postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

ensure_role_with_db() { # ensure_role_with_db NAME PASSWORD [ROLE_OPTION…] — creates or updates, idempotent
  local name=$1 password=$2
  shift 2
  psql_admin -v name="$name" -v password="$password" <<SQL
SELECT format('CREATE ROLE %I LOGIN', :'name') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'name') \gexec
ALTER ROLE :"name" WITH LOGIN PASSWORD :'password' $*;
SELECT format('CREATE DATABASE %I OWNER %I', :'name', :'name')
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'name') \gexec
SQL
}

postgres_provision() {
  ensure_role_with_db crypto crypto CREATEDB
  ensure_role_with_db mlflow mlflow
}

postgres_stop() {
  if postgres_running; then as_postgres "$PG_BIN/pg_ctl" stop -D "$PG_DATA" -m fast -s -w -t 60; fi
}

# ------------------------------------------------------------------------------------------------ Redis

redis_install() {
  apt_install "$APT_REDIS_PACKAGE"
  stop_distro_daemon redis-server
}

redis_healthy() { [[ $(timeout 3 redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null) == PONG ]]; }

redis_start() {
  mkdir -p "$DATA_DIR/redis"
  ensure_port_free redis 6379
  # noeviction: BullMQ must never lose a job key to memory pressure.
  spawn redis redis-server --bind 127.0.0.1 --port 6379 --protected-mode yes --daemonize no \
    --dir "$DATA_DIR/redis" --appendonly yes --maxmemory-policy noeviction
}

redis_stop() {
  local pid
  if pid=$(running_pid redis); then
    timeout 10 redis-cli -h 127.0.0.1 -p 6379 shutdown >/dev/null 2>&1 || true # saves, then exits
    wait_exit "$pid" 30 || true
  fi
  stop_process redis
}

# ------------------------------------------------------------------------------------------------ Kafka

kafka_java() { java -cp "$KAFKA_LIBS/*" "$@"; }
kafka_tool() { kafka_java -Dlog4j2.level=WARN "$@"; } # CLI tools: default log4j2 config, warnings only

kafka_install() {
  local wanted="kafka_2.13 $KAFKA_VERSION, log4j $KAFKA_LOG4J_VERSION"
  stamp_matches "$KAFKA_LIBS/.installed" "$wanted" && return 0
  command -v mvn >/dev/null || apt_install maven # brings a JDK too
  log "kafka: resolving the broker $KAFKA_VERSION and its runtime dependencies from Maven Central"
  rm -rf "$KAFKA_LIBS"
  mvn -B -q -f "$INFRA_DIR/kafka/pom.xml" -Dkafka.version="$KAFKA_VERSION" -Dlog4j.version="$KAFKA_LOG4J_VERSION" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$KAFKA_LIBS" >>"$(log_file kafka)" 2>&1 ||
    die "kafka: Maven could not resolve the broker — see $(log_file kafka)"
  printf '%s' "$wanted" >"$KAFKA_LIBS/.installed"
}

kafka_healthy() {
  port_open 9092 &&
    timeout 20 java -Dlog4j2.level=OFF -cp "$KAFKA_LIBS/*" org.apache.kafka.tools.ClusterTool cluster-id \
      --bootstrap-server 127.0.0.1:9092 --command-config "$INFRA_DIR/kafka/admin-client.properties" >/dev/null 2>&1
}

kafka_start() {
  local config=$KAFKA_HOME/server.properties storage=$DATA_DIR/kafka cluster_id
  mkdir -p "$storage" "$KAFKA_HOME/tmp"
  sed "s|@LOG_DIRS@|$storage|" "$INFRA_DIR/kafka/server.properties.template" >"$config"
  if [[ ! -f $storage/meta.properties ]]; then
    cluster_id=$(kafka_tool kafka.tools.StorageTool random-uuid)
    log "kafka: formatting the KRaft storage in $storage (cluster id $cluster_id)"
    # -g: formatting an already formatted directory is not an error.
    kafka_tool kafka.tools.StorageTool format -t "$cluster_id" -c "$config" -g >>"$(log_file kafka)"
  fi
  ensure_port_free kafka 9092 9093
  spawn kafka java "${KAFKA_JVM_OPTS[@]}" "-Dlog4j2.configurationFile=$INFRA_DIR/kafka/log4j2.properties" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$config"
}

kafka_stop() { stop_process kafka 60; } # controlled shutdown takes a few seconds

# ------------------------------------------------------------------------------------------------ MinIO

minio_install() {
  local pin="$MINIO_MODULE@$MINIO_VERSION"
  [[ -x $BIN_DIR/minio ]] && stamp_matches "$BIN_DIR/minio.pin" "$pin" && return 0
  require_command go "MinIO is built with 'go install' and needs Go >= 1.24 on the PATH"
  log "minio: building $pin with go install (takes minutes; the binary is kept in $BIN_DIR)"
  GOBIN=$BIN_DIR CGO_ENABLED=0 go install -trimpath "$pin" >>"$(log_file minio)" 2>&1 ||
    die "minio: go install failed — see $(log_file minio)"
  printf '%s' "$pin" >"$BIN_DIR/minio.pin"
}

minio_healthy() { http_ok http://127.0.0.1:9000/minio/health/ready; }

minio_start() {
  mkdir -p "$DATA_DIR/minio"
  ensure_port_free minio 9000 9001
  # public metrics: Prometheus scrapes /minio/v2/metrics/cluster without a token.
  spawn minio env MINIO_ROOT_USER="$MINIO_ROOT_USER" MINIO_ROOT_PASSWORD="$MINIO_ROOT_PASSWORD" \
    MINIO_PROMETHEUS_AUTH_TYPE=public "$BIN_DIR/minio" server "$DATA_DIR/minio" \
    --address 127.0.0.1:9000 --console-address 127.0.0.1:9001
}

minio_stop() { stop_process minio; }

# ----------------------------------------------------------------------------------------------- MLflow

mlflow_install() {
  local pins=("mlflow==$MLFLOW_VERSION" "psycopg2-binary==$PSYCOPG2_BINARY_VERSION" "boto3==$BOTO3_VERSION")
  stamp_matches "$MLFLOW_VENV/.installed" "${pins[*]}" && return 0
  require_command python3 "MLflow runs in a python3 virtualenv"
  python3 -c 'import ensurepip, venv' 2>/dev/null || apt_install python3-venv
  log "mlflow: installing ${pins[*]} into $MLFLOW_VENV"
  [[ -x $MLFLOW_VENV/bin/python ]] || python3 -m venv "$MLFLOW_VENV"
  "$MLFLOW_VENV/bin/pip" install -q --disable-pip-version-check "${pins[@]}"
  printf '%s' "${pins[*]}" >"$MLFLOW_VENV/.installed"
}

mlflow_healthy() { http_ok http://127.0.0.1:5000/health; }

mlflow_ensure_bucket() { # MLflow's artifact store must exist before the server uses it
  env "${MLFLOW_ENV[@]}" "$MLFLOW_VENV/bin/python" - "$MLFLOW_BUCKET" <<'PY'
import os, sys
import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

bucket = sys.argv[1]
s3 = boto3.client("s3", endpoint_url=os.environ["MLFLOW_S3_ENDPOINT_URL"], config=Config(s3={"addressing_style": "path"}))
try:
    s3.head_bucket(Bucket=bucket)
except ClientError:
    s3.create_bucket(Bucket=bucket)
    print(f"created bucket {bucket}", file=sys.stderr)
PY
}

mlflow_upgrade_schema() { # after an MLflow version change, migrate an existing database first
  local stamp=$DATA_DIR/mlflow-schema.version has_schema
  stamp_matches "$stamp" "$MLFLOW_VERSION" && return 0
  has_schema=$(psql_admin -d mlflow -c "SELECT to_regclass('public.alembic_version') IS NOT NULL")
  if [[ $has_schema == t ]]; then
    log "mlflow: upgrading the database schema for MLflow $MLFLOW_VERSION"
    env "${MLFLOW_ENV[@]}" "$MLFLOW_VENV/bin/mlflow" db upgrade "$MLFLOW_DB_URI" >>"$(log_file mlflow)" 2>&1
  fi
  printf '%s' "$MLFLOW_VERSION" >"$stamp" # a new database gets the current schema from the server
}

mlflow_start() {
  postgres_healthy || die "mlflow needs postgres: infra/native/services.sh start postgres"
  minio_healthy || die "mlflow needs minio: infra/native/services.sh start minio"
  mlflow_ensure_bucket
  mlflow_upgrade_schema
  ensure_port_free mlflow 5000
  spawn mlflow env "${MLFLOW_ENV[@]}" "$MLFLOW_VENV/bin/mlflow" server --host 127.0.0.1 --port 5000 \
    --backend-store-uri "$MLFLOW_DB_URI" --artifacts-destination "s3://$MLFLOW_BUCKET" --serve-artifacts --workers 1
}

mlflow_stop() { stop_process mlflow; }

# ------------------------------------------------------------------------------------------- Prometheus

prometheus_install() {
  apt_install "$APT_PROMETHEUS_PACKAGE"
  stop_distro_daemon prometheus # the package's service would hold 9090 with /etc/prometheus's config
}

prometheus_healthy() { http_ok http://127.0.0.1:9090/-/ready; }

prometheus_start() {
  mkdir -p "$DATA_DIR/prometheus"
  ensure_port_free prometheus 9090
  spawn prometheus prometheus --config.file="$INFRA_DIR/prometheus/prometheus.yml" \
    --storage.tsdb.path="$DATA_DIR/prometheus" --web.listen-address=127.0.0.1:9090 \
    --web.console.templates=/etc/prometheus/consoles --web.console.libraries=/etc/prometheus/console_libraries
}

prometheus_stop() { stop_process prometheus; }

# -------------------------------------------------------------------------------------------- actions

install_service() {
  local began=$SECONDS
  "${1}_install"
  if ((SECONDS > began)); then log "$1: installed in $((SECONDS - began))s"; fi
}

declare -A INSTALL_PID=()
begin_background_installs() { # begin_background_installs SERVICE… — the long builds start right away
  local service
  for service in "$@"; do
    if [[ $BACKGROUND_INSTALLS == *" $service "* ]]; then
      install_service "$service" &
      INSTALL_PID[$service]=$!
    fi
  done
}

finish_install() { # finish_install SERVICE — waits for its background install, or installs it now
  if [[ -n ${INSTALL_PID[$1]:-} ]]; then
    wait "${INSTALL_PID[$1]}" || die "$1: installation failed (see the messages above)"
  else
    install_service "$1"
  fi
}

start_service() {
  local service=$1 began=$SECONDS
  if "${service}_healthy"; then
    log "$service: already running"
    return 0
  fi
  if is_running "$service"; then
    log "$service: already starting, waiting until it is healthy"
  else
    log "$service: starting (log: $(log_file "$service"))"
    "${service}_start"
  fi
  wait_healthy "$service"
  if declare -F "${service}_provision" >/dev/null; then "${service}_provision"; fi
  log "$service: healthy after $((SECONDS - began))s"
}

stop_service() {
  if is_running "$1"; then
    log "$1: stopping"
    "${1}_stop"
  else
    rm -f "$(pid_file "$1")"
  fi
}

service_state() {
  if "${1}_healthy"; then
    echo healthy
  elif is_running "$1"; then
    echo "running, not healthy"
  else
    echo stopped
  fi
}

print_status_table() {
  local format='%-11s %-36s %-38s %s\n' service
  # shellcheck disable=SC2059 # the format is the constant above
  printf "$format" SERVICE ADDRESS CONSOLE STATUS
  for service in "$@"; do
    # shellcheck disable=SC2059
    printf "$format" "$service" "${ADDRESS[$service]}" "${CONSOLE[$service]:--}" "$(service_state "$service")"
  done
}

check_health() {
  local service failed=0
  for service in "$@"; do
    if "${service}_healthy"; then
      printf '%-11s ok\n' "$service"
    else
      printf '%-11s UNHEALTHY (log: %s)\n' "$service" "$(log_file "$service")"
      failed=1
    fi
  done
  return "$failed"
}

show_logs() { # show_logs FOLLOW SERVICE…
  local follow=$1 files=() service
  shift
  for service in "$@"; do
    if [[ -f $(log_file "$service") ]]; then files+=("$(log_file "$service")"); fi
  done
  ((${#files[@]})) || die "no log yet for: $*"
  if $follow; then tail -n 50 -F "${files[@]}"; else tail -n 50 "${files[@]}"; fi
}

selected_services() { # selected_services [NAME…] — validated, in dependency order; none = all
  local name service
  for name in "$@"; do
    [[ " ${SERVICES[*]} " == *" $name "* ]] || die "unknown service '$name' (known: ${SERVICES[*]})"
  done
  for service in "${SERVICES[@]}"; do
    if (($# == 0)) || [[ " $* " == *" $service "* ]]; then echo "$service"; fi
  done
}

with_dependencies() { # with_dependencies NAME… — adds what each one needs, in dependency order
  local wanted=("$@") name
  for name in "$@"; do
    # shellcheck disable=SC2206 # DEPENDS values are space-separated service names
    wanted+=(${DEPENDS[$name]:-})
  done
  selected_services "${wanted[@]}"
}

usage() {
  awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}" >&2 # the header
  exit 2
}

main() {
  local action=${1:-} service i follow=false
  (($#)) && shift
  if [[ $action == logs && ${1:-} == -f ]]; then
    follow=true
    shift
  fi
  local -a services reversed=()
  mapfile -t services < <(selected_services "$@")
  ((${#services[@]})) || exit 1 # an unknown name: selected_services said why

  # Installing, starting and stopping are serialised between concurrent callers. flock -o: the services
  # started below must not inherit (and so hold) the lock.
  if [[ $action =~ ^(install|start|stop|restart)$ && -z ${SERVICES_SH_LOCKED:-} ]]; then
    mkdir -p "$RUN_DIR"
    SERVICES_SH_LOCKED=1 exec flock -o "$RUN_DIR/services.lock" bash "${BASH_SOURCE[0]}" "$action" "$@"
  fi

  for ((i = ${#services[@]} - 1; i >= 0; i--)); do reversed+=("${services[i]}"); done
  case $action in
  install)
    ensure_dirs
    begin_background_installs "${services[@]}"
    for service in "${services[@]}"; do finish_install "$service"; done
    ;;
  start)
    ensure_dirs
    mapfile -t services < <(with_dependencies "${services[@]}")
    begin_background_installs "${services[@]}"
    for service in "${services[@]}"; do
      finish_install "$service"
      start_service "$service"
    done
    print_status_table "${services[@]}"
    ;;
  stop)
    for service in "${reversed[@]}"; do stop_service "$service"; done
    ;;
  restart)
    for service in "${reversed[@]}"; do stop_service "$service"; done
    main start "$@"
    ;;
  status) print_status_table "${services[@]}" ;;
  health) check_health "${services[@]}" ;;
  logs) show_logs "$follow" "${services[@]}" ;;
  *) usage ;;
  esac
}

main "$@"
