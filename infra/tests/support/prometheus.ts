import { readRepoYaml } from './repo';

export interface ScrapeJob {
  job_name: string;
  metrics_path?: string;
  static_configs?: { targets: string[] }[];
}

export const DOCKER_PROMETHEUS_CONFIG = 'infra/prometheus/prometheus.docker.yml';
/** The native path's file, owned by infra/native: the Docker one keeps its job names. */
export const NATIVE_PROMETHEUS_CONFIG = 'infra/prometheus/prometheus.yml';

export const scrapeJobs = (relativePath: string): ScrapeJob[] =>
  readRepoYaml<{ scrape_configs: ScrapeJob[] }>(relativePath).scrape_configs;

export const jobTargets = (job: ScrapeJob): string[] => (job.static_configs ?? []).flatMap((c) => c.targets);
