#!/bin/sh
# One-shot bucket creation for the minio-init service (quay.io/minio/mc image). Idempotent: an existing
# bucket is left as it is, so `docker compose up` can run it every time.
#   env: MINIO_ENDPOINT, MINIO_ROOT_USER, MINIO_ROOT_PASSWORD, BUCKETS (space-separated)
set -eu

mc alias set platform "$MINIO_ENDPOINT" "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null
for bucket in $BUCKETS; do
  mc mb --ignore-existing "platform/$bucket"
done
mc ls platform
