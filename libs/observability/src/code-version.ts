import { execFileSync } from 'node:child_process';

/**
 * The code a process runs: `GIT_SHA` when the deployment sets it (a container has no .git), otherwise the
 * checkout's HEAD, otherwise `unknown`. Tags MLflow runs and is what `/health` calls an app's version.
 */
export function codeVersion(gitSha: string | undefined = process.env['GIT_SHA']): string {
  if (gitSha) return gitSha;
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
}
