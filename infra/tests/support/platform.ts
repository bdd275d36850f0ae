import type { ComposeFile, ComposeService } from './compose-checks';
import { readRepoYaml } from './repo';

export const COMPOSE_FILE = 'docker-compose.yml';

export const loadCompose = (): ComposeFile => readRepoYaml<ComposeFile>(COMPOSE_FILE);

/** Host ports as SPEC §3 and §8 give them (the native path uses the same), per compose service. */
export const SPEC_PORTS: Record<string, number[]> = {
  postgres: [5432],
  redis: [6379],
  kafka: [9092],
  minio: [9000, 9001],
  mlflow: [5000],
  'kafka-ui': [8080],
  prometheus: [9090],
  grafana: [3000],
  gateway: [8800],
  'grpc-server': [50051, 9101],
  'stream-producer': [9102],
  'stream-consumer': [9103],
  trainer: [9104],
};

/** The five deployables under apps/ (the CLI is not a service) and the port serving /metrics and /health. */
export const APP_OPS_PORTS: Record<string, number> = {
  gateway: 8800,
  'grpc-server': 9101,
  'stream-producer': 9102,
  'stream-consumer': 9103,
  trainer: 9104,
};

export const SPEC_BUCKETS = ['mlflow', 'raw-data', 'processed-data', 'models', 'quality-reports'];

/** Services built with an `APP` build arg (the app recipe), keyed by service name. */
export const appServices = (compose: ComposeFile): Map<string, ComposeService> =>
  new Map(
    Object.entries(compose.services).filter(([, service]) => service.build?.args?.['APP'] !== undefined),
  );

/** `image: repo[:tag]` split at the tag (a registry port never follows the last slash). */
export function imageTag(image: string): string | null {
  const name = image.slice(image.lastIndexOf('/') + 1);
  return name.includes(':') ? name.slice(name.indexOf(':') + 1) : null;
}
