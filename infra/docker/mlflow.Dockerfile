# syntax=docker/dockerfile:1.7
# MLflow tracking server for the Docker path (docker-compose.yml `mlflow`); build context: infra/docker.
# The versions are those of the native path (infra/native/versions.env): infra/tests checks they agree.
# The full `mlflow` package (not mlflow-skinny) for the server; psycopg2-binary for the PostgreSQL backend
# store and boto3 for the MinIO (S3) artifact store are not mlflow dependencies.
FROM python:3.12.12-slim-bookworm

ARG MLFLOW_VERSION=3.17.2
ARG PSYCOPG2_BINARY_VERSION=2.9.13
ARG BOTO3_VERSION=1.44.8

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1

RUN pip install "mlflow==${MLFLOW_VERSION}" "psycopg2-binary==${PSYCOPG2_BINARY_VERSION}" "boto3==${BOTO3_VERSION}" \
 && useradd --system --create-home --uid 10001 mlflow

COPY --chmod=755 mlflow/start-server.sh /usr/local/bin/start-server.sh

USER mlflow
WORKDIR /home/mlflow
EXPOSE 5000
ENTRYPOINT ["/usr/local/bin/start-server.sh"]
CMD ["--host=0.0.0.0", "--port=5000"]
