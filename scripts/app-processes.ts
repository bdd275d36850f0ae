import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/**
 * The built apps that benchmarks and end-to-end tests run as production does: `node apps/<app>/dist/main.js`
 * from the repo root, each its own process (no app imports another).
 */
export const ROOT = join(__dirname, '..');
export const BTC_FILE = join(ROOT, '../shared/data/btcusdt-1h.csv');
const BENCH_LOG_DIR = join(ROOT, '.local/bench');
const BIN_DIR = join(ROOT, '.local/bin');

export const appMain = (app: string): string => join(ROOT, `apps/${app}/dist/main.js`);

/** Builds the named Nx projects (and the libs they need); throws when a build fails. */
export function buildApps(...apps: string[]): void {
  const projects = apps.map((app) => `@crypto/app-${app}`).join(',');
  const result = spawnSync('pnpm', ['exec', 'nx', 'run-many', '-t', 'build', '-p', projects], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0 || !apps.every((app) => existsSync(appMain(app)))) {
    throw new Error(`building ${apps.join(', ')} failed`);
  }
}

/** `app` started under plain node with `env` over the process environment, its output into a log file. */
export function startApp(
  app: string,
  env: Record<string, string>,
  logDir = BENCH_LOG_DIR,
): { child: ChildProcess; logFile: string } {
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `${app}-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, [appMain(app)], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', ...env },
    // the app writes its logs to the file itself: no pipe through this (load generating) process
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  return { child, logFile };
}

export async function waitForHealth(url: string, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} did not answer ${url} within 60 s`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * A Go tool in `.local/bin`, installed with `go install <module>@<version>` from the Go module proxy the
 * first time; undefined (with the reason) when Go or the proxy is unavailable.
 */
export function goTool(name: string, pin: string): { path: string } | { unavailable: string } {
  const path = join(BIN_DIR, name);
  if (existsSync(path)) return { path };
  mkdirSync(BIN_DIR, { recursive: true });
  const result = spawnSync('go', ['install', pin], {
    cwd: ROOT,
    env: { ...process.env, GOBIN: BIN_DIR, CGO_ENABLED: '0' },
    encoding: 'utf8',
  });
  if (result.status === 0 && existsSync(path)) return { path };
  return {
    unavailable: `go install ${pin} failed: ${(result.stderr ?? String(result.error)).trim().split('\n').at(-1)}`,
  };
}
