import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const REPO_ROOT = join(__dirname, '../../../..');
const GATEWAY_MAIN = join(REPO_ROOT, 'apps/gateway/dist/main.js');

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export interface BuiltGateway {
  url: string;
  stop(): Promise<void>;
}

/**
 * The gateway as users run it (`node apps/gateway/dist/main.js`, built by `make test` before the
 * integration suites), in its own process on `settings`: the REST side of a REST-versus-gRPC comparison.
 * Apps never import each other, so the gRPC suite starts the other transport the way an operator would.
 */
export async function startBuiltGateway(settings: Record<string, string>): Promise<BuiltGateway> {
  if (!existsSync(GATEWAY_MAIN))
    throw new Error(`${GATEWAY_MAIN} is missing: build the gateway first (pnpm build)`);
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [GATEWAY_MAIN], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      // explicit (settings may say offline): no reachability probe of the exchange at boot
      MARKET_DATA_MODE: 'exchange',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_POINTS: '0',
      HOST: '127.0.0.1',
      PORT: String(port),
      ...settings,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the gateway exited (${child.exitCode}): ${stderr}`);
    const up = await fetch(`${url}/health`).then(
      (res) => res.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the gateway did not answer /health within 30 s: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
