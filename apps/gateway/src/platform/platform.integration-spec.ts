import { createServer } from 'node:net';
import request from 'supertest';
import { codeVersion, startOpsServer, type OpsServer } from '@crypto/observability';
import { startEdgeTestApp, type EdgeTestApp } from '../testing/edge-test-app';
import type { PlatformServices } from './platform-services';

describe('GET /v1/platform/services (real services)', () => {
  let ops: OpsServer;
  let t: EdgeTestApp;
  let closedPort: number;

  /** a port that was free a moment ago: nothing listens on it */
  const freePort = () =>
    new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });

  beforeAll(async () => {
    // one app that answers (degraded) and one whose port nothing listens on
    ops = await startOpsServer({ app: 'test-trainer', port: 0, health: () => ({ status: 'degraded' }) });
    closedPort = await freePort();
    t = await startEdgeTestApp({
      PLATFORM_APPS: `trainer=http://127.0.0.1:${ops.port}/health,grpc-server=http://127.0.0.1:${closedPort}/health`,
    });
  });

  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => ops?.server.close(resolve));
  });

  it('should give every backing service with its version and each app with its state', async () => {
    const { body } = (await request(t.server).get('/v1/platform/services').expect(200)) as {
      body: PlatformServices;
    };
    const byName = Object.fromEntries(body.components.map((c) => [c.name, c]));

    expect(body.components.map((c) => `${c.kind}:${c.name}`)).toEqual([
      'service:postgres',
      'service:redis',
      'service:kafka',
      'service:minio',
      'service:mlflow',
      'service:prometheus',
      'app:gateway',
      'app:trainer',
      'app:grpc-server',
    ]);
    expect(byName['postgres']).toMatchObject({ status: 'up', version: expect.stringMatching(/^\d+\.\d+/) });
    expect(byName['redis']).toMatchObject({
      status: 'up',
      version: expect.stringMatching(/^\d+\.\d+\.\d+$/),
    });
    expect(byName['mlflow']).toMatchObject({
      status: 'up',
      version: expect.stringMatching(/^\d+\.\d+\.\d+$/),
    });
    expect(byName['prometheus']).toMatchObject({ status: 'up', version: expect.stringMatching(/^\d+\.\d+/) });
    expect(byName['gateway']).toMatchObject({ status: 'up', version: codeVersion(), console: '/docs' });
    expect(byName['trainer']).toMatchObject({ status: 'up', state: 'degraded', version: codeVersion() });
    expect(byName['grpc-server']).toMatchObject({
      status: 'down',
      error: `http://127.0.0.1:${closedPort}/health: ECONNREFUSED`,
    });
    expect(body.status).toBe('degraded');
    expect(body.links.map((l) => l.name)).toEqual([
      'MLflow UI',
      'MinIO console',
      'Swagger UI',
      'GraphQL playground',
      'Bull Board',
      'Prometheus',
    ]);
  });

  it('should refuse a PLATFORM_APPS that is not name=url pairs at boot, naming the key', async () => {
    await expect(startEdgeTestApp({ PLATFORM_APPS: 'trainer:9104' })).rejects.toThrow(
      /PLATFORM_APPS must be/,
    );
  });
});
