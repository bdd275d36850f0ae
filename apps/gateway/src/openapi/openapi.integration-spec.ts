import request from 'supertest';
import { startRestTestApp, type RestTestApp } from '../testing/rest-test-app';
import { registerOpenApi } from './openapi';

// every REST path of SPEC §8 this app serves, with its method
const REST_OPERATIONS = [
  ['get', '/v1/crypto/ohlcv'],
  ['post', '/v1/crypto/signal'],
  ['get', '/v1/crypto/signals/tail'],
  ['post', '/v1/crypto/ml-signal'],
  ['get', '/v1/crypto/ml-predictions/tail'],
  ['get', '/v1/crypto/signals/compare'],
  ['get', '/v1/crypto/indicators'],
  // the dashboard's chart series
  ['get', '/v1/crypto/series'],
  ['post', '/v1/ingest/run'],
  ['get', '/v1/prices/latest'],
  ['get', '/v1/ml/model/info'],
  ['post', '/v1/ml/model/reload'],
  ['post', '/v1/ml/model/rollback'],
  ['get', '/v1/ml/monitoring'],
  ['get', '/v1/alerts/tail'],
  ['get', '/v1/reports/latest'],
  // the dashboard's Kafka page
  ['get', '/v1/kafka/topics'],
  ['get', '/v1/kafka/consumer-groups'],
  ['get', '/v1/kafka/topics/{topic}/messages'],
  // the dashboard's services page
  ['get', '/v1/platform/services'],
] as const;

interface OpenApiProperty {
  example?: unknown;
  $ref?: string;
  allOf?: Array<{ $ref?: string }>;
  items?: { $ref?: string };
}

interface OpenApiSchema {
  properties?: Record<string, OpenApiProperty>;
}

/** A property that is another schema (its fields carry the examples). */
const isNested = (p: OpenApiProperty): boolean =>
  p.$ref !== undefined || p.items?.$ref !== undefined || (p.allOf ?? []).some((s) => s.$ref !== undefined);

describe(registerOpenApi.name, () => {
  let t: RestTestApp;

  beforeAll(async () => {
    t = await startRestTestApp();
  });

  afterAll(() => t?.close());

  it('should serve Swagger UI at /docs with every asset from the gateway itself', async () => {
    const page = await request(t.server).get('/docs').expect(200);
    const assets = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);

    expect(assets.length).toBeGreaterThanOrEqual(5);
    for (const asset of assets) {
      const url = new URL(asset, 'http://gateway/docs');
      expect(url.origin).toBe('http://gateway');
      await request(t.server).get(url.pathname).expect(200);
    }
    const init = await request(t.server).get('/docs/swagger-ui-init.js').expect(200);
    expect(init.text).toContain('"/v1/crypto/signal"');
  });

  it('should document every REST operation of SPEC §8 with an answer schema and the error shape', async () => {
    const { body: document } = await request(t.server).get('/docs-json').expect(200);

    for (const [method, path] of REST_OPERATIONS) {
      const operation = document.paths[path]?.[method];
      expect({ path, method, documented: operation !== undefined }).toEqual({
        path,
        method,
        documented: true,
      });
      expect(operation.responses['200'].content['application/json'].schema).toBeDefined();
    }
    expect(
      document.paths['/v1/crypto/ohlcv'].get.responses['400'].content['application/json'].schema.$ref,
    ).toBe('#/components/schemas/ErrorResponseDto');
    expect(document.components.securitySchemes['api-key']).toEqual({
      type: 'apiKey',
      in: 'header',
      name: 'X-API-Key',
    });
    expect(document.paths['/v1/ingest/run'].post.security).toEqual([{ 'api-key': [] }]);
  });

  it('should give an example for every field of every request and answer schema', async () => {
    const { body: document } = await request(t.server).get('/docs-json').expect(200);
    const missing: string[] = [];

    for (const [name, schema] of Object.entries(
      document.components.schemas as Record<string, OpenApiSchema>,
    )) {
      for (const [field, property] of Object.entries(schema.properties ?? {})) {
        if (!isNested(property) && property.example === undefined) missing.push(`${name}.${field}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('should document the query parameters with their SPEC defaults', async () => {
    const { body: document } = await request(t.server).get('/docs-json').expect(200);
    const parameters = document.paths['/v1/crypto/ohlcv'].get.parameters as Array<{
      name: string;
      schema: { default?: unknown };
    }>;

    expect(Object.fromEntries(parameters.map((p) => [p.name, p.schema.default]))).toEqual({
      symbol: 'BTCUSDT',
      exchange: 'binance',
      timeframe: '1h',
      limit: 200,
    });
  });

  it('should document the API key on exactly the admin operations', async () => {
    const { body: document } = await request(t.server).get('/docs-json').expect(200);
    const secured = Object.entries(
      document.paths as Record<string, Record<string, { security?: unknown[] }>>,
    ).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) => operation.security?.length)
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );

    expect(secured.sort()).toEqual([
      'GET /v1/kafka/topics/{topic}/messages',
      'POST /v1/ingest/run',
      'POST /v1/ml/model/reload',
      'POST /v1/ml/model/rollback',
      'POST /v1/ml/train',
    ]);
  });

  it('should declare counts as integers, the market fields with their patterns, and defaulted bodies optional', async () => {
    const { body: document } = await request(t.server).get('/docs-json').expect(200);
    const parameters = document.paths['/v1/crypto/ohlcv'].get.parameters as Array<{
      name: string;
      required: boolean;
      schema: { type: string; pattern?: string };
    }>;

    expect(
      parameters.map((p) => [p.name, p.required, p.schema.type, p.schema.pattern !== undefined]),
    ).toEqual([
      ['symbol', false, 'string', true],
      ['exchange', false, 'string', false],
      ['timeframe', false, 'string', true],
      ['limit', false, 'integer', false],
    ]);
    // every field has a default, so the body may be left out: the same answer as `{}`
    expect(document.paths['/v1/crypto/signal'].post.requestBody.required).toBe(false);
    const [withoutBody, emptyBody] = await Promise.all([
      request(t.server).post('/v1/crypto/signal').expect(200),
      request(t.server).post('/v1/crypto/signal').send({}).expect(200),
    ]);
    expect(withoutBody.body.risk_score).toBe(emptyBody.body.risk_score);
  });

  it.each([
    ['TRACE', '/health', 'GET, HEAD'],
    ['DELETE', '/v1/crypto/ohlcv?limit=5', 'GET, HEAD'],
    ['GET', '/v1/crypto/signal', 'POST'],
  ])('should answer %s %s with 405 and Allow: %s', async (method, path, allow) => {
    const response = await t.app.inject({ method: method as 'GET', url: path });

    expect([response.statusCode, response.headers['allow']]).toEqual([405, allow]);
    expect(response.json()).toEqual({
      error: 'Method Not Allowed',
      message: expect.stringContaining(`it answers ${allow}`),
      path,
    });
  });

  it('should still answer a path it does not serve with 404', async () => {
    await request(t.server).delete('/v1/nowhere').expect(404);
  });
});
