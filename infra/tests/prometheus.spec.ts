import { APP_OPS_PORTS, loadCompose } from './support/platform';
import {
  DOCKER_PROMETHEUS_CONFIG,
  NATIVE_PROMETHEUS_CONFIG,
  jobTargets,
  scrapeJobs,
} from './support/prometheus';

const compose = loadCompose();

describe(DOCKER_PROMETHEUS_CONFIG, () => {
  const jobs = scrapeJobs(DOCKER_PROMETHEUS_CONFIG);
  const byName = new Map(jobs.map((job) => [job.job_name, job]));

  it('should be the file the compose prometheus service loads', () => {
    expect(compose.services['prometheus']?.volumes).toContain(
      `./${DOCKER_PROMETHEUS_CONFIG}:/etc/prometheus/prometheus.yml:ro`,
    );
  });

  it('should name its jobs as the native configuration does', () => {
    const native = scrapeJobs(NATIVE_PROMETHEUS_CONFIG).map((job) => job.job_name);

    expect(jobs.map((job) => job.job_name).sort()).toEqual(native.sort());
  });

  it.each(Object.entries(APP_OPS_PORTS))('should scrape %s by service name on port %i', (app, port) => {
    const job = byName.get(app);

    expect(job && jobTargets(job)).toEqual([`${app}:${port}`]);
    expect(job?.metrics_path ?? '/metrics').toBe('/metrics');
  });

  it('should scrape only hosts of the compose network', () => {
    const hosts = jobs.flatMap(jobTargets).map((target) => target.split(':')[0]);

    expect(hosts.filter((host) => host !== 'localhost' && !(host in compose.services))).toEqual([]);
  });
});
