import { spawnSync } from 'node:child_process';
import { loadCompose } from './support/platform';
import { DOCKER_PROMETHEUS_CONFIG } from './support/prometheus';
import { repoPath } from './support/repo';

/**
 * promtool, Prometheus' own config checker: from Debian's `prometheus` package (which the native path
 * installs), or else from the compose file's Prometheus image when a Docker engine answers.
 */
function promtoolCheckConfig(configPath: string): { exitCode: number; output: string } {
  const run = (command: string, args: string[]) => {
    const result = spawnSync(command, args, { encoding: 'utf8' });
    return { result, exitCode: result.status ?? -1, output: `${result.stdout}${result.stderr}`.trim() };
  };
  const native = run('promtool', ['check', 'config', configPath]);
  if (!native.result.error) return native;
  if (run('docker', ['info']).exitCode !== 0) {
    throw new Error(
      'promtool is not installed (Debian package `prometheus`, installed by infra/native/services.sh) and no Docker engine answers',
    );
  }
  const image = loadCompose().services['prometheus']?.image ?? 'prom/prometheus';
  return run('docker', [
    'run',
    '--rm',
    '--entrypoint=promtool',
    `--volume=${configPath}:/config.yml:ro`,
    image,
    'check',
    'config',
    '/config.yml',
  ]);
}

describe(DOCKER_PROMETHEUS_CONFIG, () => {
  it('should pass promtool check config', () => {
    const { exitCode, output } = promtoolCheckConfig(repoPath(DOCKER_PROMETHEUS_CONFIG));

    expect(output).toMatch(/SUCCESS/);
    expect(exitCode).toBe(0);
  });
});
