import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createGatewayApp } from './gateway.app';
import { GatewayModule } from './gateway.module';

describe(GatewayModule.name, () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createGatewayApp();
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(() => app.close());

  describe('GET /health', () => {
    it('should report ok, ML availability and an ISO timestamp', async () => {
      const res = await request(app.getHttpServer()).get('/health').expect(200);
      expect(res.body).toEqual({ status: 'ok', ml_available: false, timestamp: expect.any(String) });
      expect(new Date(res.body.timestamp).toISOString()).toBe(res.body.timestamp);
    });
  });

  describe('GET /metrics', () => {
    it('should serve Prometheus text labelled with the app', async () => {
      const res = await request(app.getHttpServer()).get('/metrics').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toContain('process_cpu_user_seconds_total{app="gateway"}');
    });
  });

  describe('unknown route', () => {
    it('should answer the SPEC error body naming the path', async () => {
      const res = await request(app.getHttpServer()).get('/v1/nope').expect(404);
      expect(res.body).toEqual({ error: 'Not Found', message: 'Cannot GET /v1/nope', path: '/v1/nope' });
    });
  });
});
