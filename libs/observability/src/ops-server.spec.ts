import type { Server } from 'node:http';
import { Counter } from 'prom-client';
import { codeVersion } from './code-version';
import { createMetricsRegistry, startOpsServer, type HealthReport } from './ops-server';

describe(startOpsServer.name, () => {
  let server: Server;
  let base: string;
  let health: HealthReport = { status: 'ok' };

  beforeAll(async () => {
    const registry = createMetricsRegistry('test-app');
    new Counter({ name: 'crypto_test_events_total', help: 'test counter', registers: [registry] }).inc(3);
    const started = await startOpsServer({ app: 'test-app', port: 0, registry, health: () => health });
    server = started.server;
    base = `http://127.0.0.1:${started.port}`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('should serve Prometheus text with the app label and process metrics', async () => {
    const res = await fetch(`${base}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const body = await res.text();
    expect(body).toContain('crypto_test_events_total{app="test-app"} 3');
    expect(body).toContain('process_cpu_user_seconds_total');
  });

  it('should answer 200 while healthy and 503 when down', async () => {
    health = { status: 'ok' };
    expect((await fetch(`${base}/health`)).status).toBe(200);
    health = { status: 'down', kafka: 'unreachable' };
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'down', kafka: 'unreachable', app: 'test-app' });
  });

  it('should name the code it runs in /health', async () => {
    const body = (await (await fetch(`${base}/health`)).json()) as { version: string };

    expect(body.version).toBe(codeVersion());
    expect(body.version).not.toBe('');
  });

  it('should answer unknown paths with a JSON 404 naming the path', async () => {
    const res = await fetch(`${base}/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'Not Found', message: 'no route /nope', path: '/nope' });
  });
});
