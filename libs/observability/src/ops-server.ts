import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { codeVersion } from './code-version';

export type HealthReport = { status: 'ok' | 'degraded' | 'down'; [detail: string]: unknown };

export interface OpsServerOptions {
  /** process name, added as the `app` label on every metric */
  app: string;
  port: number;
  host?: string;
  registry?: Registry;
  health?: () => Promise<HealthReport> | HealthReport;
}

export interface OpsServer {
  server: Server;
  port: number;
  registry: Registry;
}

/** A metrics registry with the Node.js process metrics and an `app` label, one per process. */
export function createMetricsRegistry(app: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ app });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/**
 * The small HTTP endpoint every non-HTTP process (gRPC server, stream apps, trainer) exposes so that
 * Prometheus can scrape it and `make check-health` can ask it: `GET /metrics`, `GET /health`.
 */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const logger = new Logger('OpsServer');
  const registry = options.registry ?? createMetricsRegistry(options.app);
  const health = options.health ?? (() => ({ status: 'ok' as const }));
  const version = codeVersion();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const reply = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'Content-Type': type });
      res.end(body);
    };
    const handle = async () => {
      if (req.method !== 'GET')
        return reply(
          405,
          'application/json',
          JSON.stringify({ error: 'Method Not Allowed', message: `${req.method} is not served`, path }),
        );
      if (path === '/metrics') return reply(200, registry.contentType, await registry.metrics());
      if (path === '/health') {
        const report = await health();
        return reply(
          report.status === 'down' ? 503 : 200,
          'application/json',
          JSON.stringify({ ...report, app: options.app, version, timestamp: new Date().toISOString() }),
        );
      }
      return reply(
        404,
        'application/json',
        JSON.stringify({ error: 'Not Found', message: `no route ${path}`, path }),
      );
    };
    handle().catch((e: unknown) => {
      logger.error(`ops request ${path} failed: ${String(e)}`);
      reply(
        500,
        'application/json',
        JSON.stringify({ error: 'Internal Server Error', message: 'ops endpoint failed', path }),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  logger.log(
    `${options.app} ops endpoint on http://${options.host ?? '127.0.0.1'}:${port} (/metrics, /health)`,
  );
  return { server, port, registry };
}

/** Closes the ops endpoint (and whatever `beforeExit` releases) on SIGTERM/SIGINT, then exits 0. */
export function exitOnShutdownSignal(
  ops: OpsServer,
  beforeExit: () => Promise<void> | void = () => undefined,
): void {
  const stop = async () => {
    await beforeExit();
    ops.server.close(() => process.exit(0));
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}
