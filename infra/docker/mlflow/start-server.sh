#!/bin/sh
# Entry point of the mlflow image: brings the backend store's schema up to date (creates it on a fresh
# database, migrates it after an MLflow upgrade, a no-op otherwise), then runs the tracking server with
# the arguments given (docker-compose.yml `command`).
#   env: MLFLOW_BACKEND_STORE_URI (postgresql+psycopg2://…), plus the S3 variables MLflow reads itself
set -eu

mlflow db upgrade "$MLFLOW_BACKEND_STORE_URI"
exec mlflow server --backend-store-uri "$MLFLOW_BACKEND_STORE_URI" "$@"
