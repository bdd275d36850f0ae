#!/usr/bin/env bash
# First-run initialisation of the postgres container (docker-entrypoint-initdb.d; skipped once the data
# volume holds a cluster). Creates the same roles and databases as the native path (infra/native):
#   crypto / $CRYPTO_DB_PASSWORD, CREATEDB (integration tests create a database per test file), owns `crypto`
#   mlflow / $MLFLOW_DB_PASSWORD, owns `mlflow` (MLflow's backend store)
set -euo pipefail

psql --set=ON_ERROR_STOP=1 --username="$POSTGRES_USER" --dbname=postgres \
  --set=crypto_password="${CRYPTO_DB_PASSWORD:?}" --set=mlflow_password="${MLFLOW_DB_PASSWORD:?}" <<'SQL'
CREATE ROLE crypto LOGIN CREATEDB PASSWORD :'crypto_password';
CREATE DATABASE crypto OWNER crypto;
CREATE ROLE mlflow LOGIN PASSWORD :'mlflow_password';
CREATE DATABASE mlflow OWNER mlflow;
SQL
