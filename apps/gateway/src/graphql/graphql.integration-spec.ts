import { randomBytes } from 'node:crypto';
import { getIntrospectionQuery } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import type IORedis from 'ioredis';
import request from 'supertest';
import WebSocket from 'ws';
import { Channel, createRedisConnection } from '@crypto/messaging';
import { explainSignal } from '@crypto/signals';
import { startEdgeTestApp, wsUrl, type EdgeTestApp } from '../testing/edge-test-app';
import { startRestTestApp, type RestTestApp } from '../testing/rest-test-app';
import { GatewayGraphqlModule } from './graphql.module';

const gql = (t: { server: RestTestApp['server'] }, query: string, variables?: Record<string, unknown>) =>
  request(t.server).post('/graphql').send({ query, variables });

// SPEC §8, verbatim, with values
const HEALTH = `query { health {status mlAvailable timestamp} }`;
const MODEL_INFO = `query { modelInfo {modelLoaded modelVersion modelName mlflowUri sequenceLength} }`;
const OHLCV = `query { ohlcvData(input: {symbol: "BTCUSDT", exchange: "binance", timeframe: "1h", limit: 50}) {symbol exchange timeframe rows data {timestamp open high low close volume} error} }`;
const GENERATE_SIGNAL = `mutation { generateSignal(input: {symbol: "btc/usdt", horizonMin: 240, explain: true, exchange: "binance", timeframe: "1h", limit: 100}) {symbol horizonMin riskScore nowcastRet volRegime timestamp method explanation {nowcastRet vol volRegime riskScore featuresTail {time close ret vol24 sma12 sma48}} error} }`;
const GENERATE_ML_SIGNAL = `mutation { generateMlSignal(input: {symbol: "BTCUSDT", exchange: "binance", timeframe: "1h", limit: 200, includeHeuristic: true}) {symbol timestamp method modelVersion mlPrediction {prediction currentVolatility volatilityRegime riskLevel confidence predictionTimestamp error} heuristicComparison {heuristicRiskScore heuristicVolRegime volatilityDiff regimeMatch} error} }`;

describe(GatewayGraphqlModule.name, () => {
  let t: RestTestApp;

  beforeAll(async () => {
    t = await startRestTestApp();
  });
  afterAll(() => t?.close());

  describe('SPEC §8 operations', () => {
    it('should answer health', async () => {
      const res = await gql(t, HEALTH).expect(200);
      expect(res.body).toEqual({
        data: { health: { status: 'ok', mlAvailable: false, timestamp: expect.any(String) } },
      });
    });

    it('should answer modelInfo with no model loaded', async () => {
      const res = await gql(t, MODEL_INFO).expect(200);
      expect(res.body.data.modelInfo).toEqual({
        modelLoaded: false,
        modelVersion: null,
        modelName: null,
        mlflowUri: 'http://127.0.0.1:5000',
        sequenceLength: null,
      });
    });

    it('should answer ohlcvData with the latest closed candles', async () => {
      const res = await gql(t, OHLCV).expect(200);
      const answer = res.body.data.ohlcvData;
      const last = t.recorded.at(-1)!;
      expect(answer).toMatchObject({
        symbol: 'BTC/USDT',
        exchange: 'binance',
        timeframe: '1h',
        rows: 50,
        error: null,
      });
      expect(answer.data).toHaveLength(50);
      expect(answer.data.at(-1)).toEqual({
        timestamp: last.ts,
        open: last.open,
        high: last.high,
        low: last.low,
        close: last.close,
        volume: last.volume,
      });
    });

    it('should generate the heuristic signal with its explanation and persist it', async () => {
      const expected = explainSignal(t.recorded.slice(-100));
      const res = await gql(t, GENERATE_SIGNAL).expect(200);
      const answer = res.body.data.generateSignal;
      expect(answer).toEqual({
        symbol: 'BTC/USDT',
        horizonMin: 240,
        riskScore: expected.risk_score,
        nowcastRet: expected.nowcast_ret,
        volRegime: expected.vol_regime,
        timestamp: expect.any(String),
        method: 'heuristic',
        explanation: {
          nowcastRet: expected.nowcast_ret,
          vol: expected.vol,
          volRegime: expected.vol_regime,
          riskScore: expected.risk_score,
          featuresTail: JSON.parse(JSON.stringify(expected.features_tail)),
        },
        error: null,
      });
      const { rows } = await t.db.pool.query(
        `SELECT symbol, horizon_min, risk_score, method FROM signals WHERE horizon_min = 240`,
      );
      expect(rows).toEqual([
        { symbol: 'BTC/USDT', horizon_min: 240, risk_score: expected.risk_score, method: 'heuristic' },
      ]);
    });

    it('should answer generateMlSignal with the error while no model is loaded, persisting nothing', async () => {
      const res = await gql(t, GENERATE_ML_SIGNAL).expect(200);
      expect(res.body.data.generateMlSignal).toEqual({
        symbol: 'BTCUSDT',
        timestamp: null,
        method: null,
        modelVersion: null,
        mlPrediction: null,
        heuristicComparison: null,
        error: expect.stringMatching(/model/i),
      });
      expect((await t.db.pool.query('SELECT count(*)::int AS n FROM ml_predictions')).rows[0].n).toBe(0);
    });

    it('should apply the REST defaults when the input is left out', async () => {
      const res = await gql(t, `mutation { generateSignal { symbol horizonMin riskScore error } }`).expect(
        200,
      );
      const expected = explainSignal(t.recorded.slice(-200));
      expect(res.body.data.generateSignal).toEqual({
        symbol: 'BTC/USDT',
        horizonMin: 60,
        riskScore: expected.risk_score,
        error: null,
      });
    });
  });

  describe('errors in the payload', () => {
    it.each([
      ['an invalid symbol', `{symbol: "BTC-USDT-X"}`, /^symbol/],
      ['an unknown symbol', `{symbol: "DOGE/EUR"}`, /^symbol/],
      ['an unknown exchange', `{exchange: "nope"}`, /^exchange/],
      ['a bad timeframe', `{timeframe: "7x"}`, /^timeframe/],
      ['a limit out of range', `{limit: 5000}`, /^limit/],
      ['a limit of zero', `{limit: 0}`, /^limit/],
    ])('should name the field when given %s', async (_, input, message) => {
      const res = await gql(
        t,
        `mutation { generateSignal(input: ${input}) { symbol riskScore error } }`,
      ).expect(200);
      expect(res.body.data.generateSignal).toMatchObject({
        riskScore: null,
        error: expect.stringMatching(message),
      });
      const ohlcv = await gql(t, `query { ohlcvData(input: ${input}) { rows error } }`).expect(200);
      expect(ohlcv.body.data.ohlcvData).toMatchObject({ rows: null, error: expect.stringMatching(message) });
    });
  });
});

describe('GraphQL limits', () => {
  let sut: EdgeTestApp;

  beforeAll(async () => {
    sut = await startEdgeTestApp({ GRAPHQL_MAX_DEPTH: '3', GRAPHQL_MAX_COMPLEXITY: '40' });
  });
  afterAll(() => sut.close());

  it('should reject a query deeper than GRAPHQL_MAX_DEPTH with HTTP 400', async () => {
    const res = await gql(sut, GENERATE_SIGNAL).expect(400);
    expect(res.body).toEqual({
      data: null,
      errors: [{ message: expect.stringContaining('Query depth limit of 3 exceeded, found 4') }],
    });
  });

  it('should reject a query selecting more than GRAPHQL_MAX_COMPLEXITY fields', async () => {
    const aliases = Array.from({ length: 15 }, (_, i) => `h${i}: health { status mlAvailable }`).join(' ');
    const res = await gql(sut, `{ ${aliases} }`).expect(400);
    expect(res.body.errors[0]).toMatchObject({
      message: 'query complexity 45 exceeds the limit of 40',
      extensions: { code: 'QUERY_TOO_COMPLEX' },
    });
  });

  it('should reject 20,000 aliases with HTTP 400 before anything runs', async () => {
    const aliases = Array.from({ length: 20_000 }, (_, i) => `h${i}: health { status }`).join(' ');
    const res = await gql(sut, `{ ${aliases} }`).expect(400);
    expect(res.body).toEqual({
      data: null,
      errors: [
        {
          message: 'Query exceeds the maximum allowed number of nodes.',
          extensions: { code: 'QUERY_TOO_COMPLEX', limit: 40 },
        },
      ],
    });
  });

  it.each([
    ['a syntax error', '{ health { status '],
    ['an unknown field', '{ nope }'],
    ['two unknown fields', '{ nope also }'],
  ])('should answer HTTP 400 with the errors to %s', async (_, query) => {
    const res = await gql(sut, query).expect(400);
    expect(res.body.data).toBeNull();
    expect(res.body.errors.length).toBe(query.includes('also') ? 2 : 1);
  });

  it('should refuse a mutation sent with GET with 405', async () => {
    const res = await request(sut.server)
      .get('/graphql')
      .query({ query: 'mutation { generateSignal { riskScore } }' })
      .expect(405);
    expect(res.body.errors[0].message).toMatch(/GET/);
  });

  it('should let the playground introspect the schema whatever the depth limit', async () => {
    const big = await startEdgeTestApp({ GRAPHQL_MAX_DEPTH: '3' });
    try {
      const res = await gql(big, getIntrospectionQuery()).expect(200);
      expect(res.body.data.__schema.queryType.name).toBe('Query');
    } finally {
      await big.close();
    }
  });
});

describe('GraphQL rate limit', () => {
  let t: RestTestApp;
  const signals = async () => (await t.db.pool.query('SELECT count(*)::int AS n FROM signals')).rows[0].n;
  const aliased = (n: number) =>
    `mutation { ${Array.from({ length: n }, (_, i) => `s${i}: generateSignal(input: {limit: 50}) { riskScore }`).join(' ')} }`;

  beforeAll(async () => {
    t = await startRestTestApp({
      RATE_LIMIT_POINTS: '300',
      RATE_LIMIT_WINDOW_S: '60',
      RATE_LIMIT_PREFIX: `test:rate-limit:${randomBytes(4).toString('hex')}`,
    });
  });
  afterAll(() => t?.close());

  it('should count each root field, and refuse with 429 a document past the budget, storing none of it', async () => {
    const first = await gql(t, aliased(240)).expect(200);
    expect(Object.keys(first.body.data)).toHaveLength(240);
    expect(first.headers['x-ratelimit-remaining']).toBe('60');
    expect(await signals()).toBe(240);

    const refused = await gql(t, aliased(240)).expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.body).toEqual({
      data: null,
      errors: [
        {
          message: expect.stringMatching(
            /^rate limit of 300 requests per 60 s exceeded: each of this document's 240 root fields counts as one; retry in \d+ s$/,
          ),
          extensions: { code: 'RATE_LIMITED', cost: 240, retryAfterS: expect.any(Number) },
        },
      ],
    });
    expect(await signals()).toBe(240);
    // the points stay taken: the client waits out the window, REST included
    await request(t.server).get('/v1/crypto/signals/tail').expect(429);
  });

  it('should refuse with 400 a document costing more than the whole budget, taking only the point of the request itself', async () => {
    const sut = await startEdgeTestApp({
      RATE_LIMIT_POINTS: '20',
      RATE_LIMIT_PREFIX: `test:rate-limit:${randomBytes(4).toString('hex')}`,
    });
    try {
      const aliases = Array.from({ length: 21 }, (_, i) => `h${i}: health { status }`).join(' ');
      const res = await gql(sut, `{ ${aliases} }`).expect(400);
      expect(res.body.errors[0]).toMatchObject({
        message: 'this document has more than 20 root fields, the whole rate limit of 20 per 60 s; split it',
        extensions: { code: 'RATE_LIMITED', limit: 20 },
      });
      const next = await gql(sut, HEALTH).expect(200);
      expect(next.headers['x-ratelimit-remaining']).toBe('18');
    } finally {
      await sut.close();
    }
  });
});

describe('GraphQL playground', () => {
  let sut: EdgeTestApp;

  beforeAll(async () => {
    sut = await startEdgeTestApp();
  });
  afterAll(() => sut.close());

  it('should serve the playground page to a browser at /graphql with a CSP forbidding inline scripts', async () => {
    const res = await request(sut.server)
      .get('/graphql')
      .set('Accept', 'text/html,application/xhtml+xml')
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<base href="/altair/">');
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/https?:\/\//);
  });

  it('should serve every file the page references from the gateway itself', async () => {
    const page = (await request(sut.server).get('/graphql').set('Accept', 'text/html')).text;
    const refs = [...page.matchAll(/(?:src|href)="([^"]+)"/g)]
      .map((m) => m[1]!)
      .filter((r) => r !== '/altair/');
    expect(refs.length).toBeGreaterThan(5);
    expect(refs.filter((r) => /^(https?:)?\/\//.test(r))).toEqual([]);
    for (const ref of refs) {
      const res = await request(sut.server).get(`/altair/${ref}`);
      expect({ ref, status: res.status }).toEqual({ ref, status: 200 });
    }
  });

  it('should point the playground at this gateway for queries and graphql-ws subscriptions', async () => {
    const res = await request(sut.server)
      .get('/altair/initial_options.js')
      .set('Host', 'gw.example:8800')
      .expect(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.text).toContain('endpointURL: `/graphql`');
    expect(res.text).toContain('subscriptionsEndpoint: `ws://gw.example:8800/graphql`');
  });

  it('should still answer GraphQL GET queries at /graphql', async () => {
    const res = await request(sut.server)
      .get('/graphql')
      .query({ query: '{ health { status } }' })
      .expect(200);
    expect(res.body).toEqual({ data: { health: { status: 'ok' } } });
  });
});

describe('GraphQL subscriptions', () => {
  let sut: EdgeTestApp;
  let publisher: IORedis;
  let client: Client;

  beforeAll(async () => {
    sut = await startEdgeTestApp({}, { listen: true });
    publisher = createRedisConnection(sut.env.REDIS_URL);
    client = createClient({ url: wsUrl(sut.app, '/graphql'), webSocketImpl: WebSocket, lazy: false });
  });
  afterAll(async () => {
    await client.dispose();
    publisher.disconnect();
    await sut.close();
  });

  /** Subscribes, then publishes until `count` events arrived (the subscription is live once one gets through). */
  async function receive(query: string, publish: () => Promise<unknown>, count: number): Promise<unknown[]> {
    const events: unknown[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const stop = client.subscribe(
        { query },
        {
          next: (event) => {
            events.push(event.data);
            if (events.length >= count) {
              stop();
              resolve();
            }
          },
          error: reject,
          complete: () => resolve(),
        },
      );
    });
    const timer = setInterval(() => void publish(), 100);
    try {
      await done;
    } finally {
      clearInterval(timer);
    }
    return events;
  }

  it('should push live prices of the symbols asked for, published to Redis', async () => {
    const events = await receive(
      `subscription { priceUpdates(symbols: ["BTCUSDT"]) { symbol price volume change24h timestamp source } }`,
      async () => {
        await publisher.publish(Channel.Prices, 'not json');
        await publisher.publish(
          Channel.Prices,
          JSON.stringify({ symbol: 'ETH/USDT', price: 3000, volume: 1, timestamp: 1, source: 'binance' }),
        );
        await publisher.publish(
          Channel.Prices,
          JSON.stringify({
            symbol: 'BTC/USDT',
            price: 65000.5,
            volume: 12.5,
            timestamp: 1759766400000,
            change_24h: 0.021,
            source: 'binance',
          }),
        );
      },
      2,
    );
    expect(events[0]).toEqual({
      priceUpdates: {
        symbol: 'BTC/USDT',
        price: 65000.5,
        volume: 12.5,
        change24h: 0.021,
        timestamp: 1759766400000,
        source: 'binance',
      },
    });
    expect(
      events.every((e) => (e as { priceUpdates: { symbol: string } }).priceUpdates.symbol === 'BTC/USDT'),
    ).toBe(true);
  });

  it('should push alerts at or above the severity asked for', async () => {
    const alert = (severity: string) => ({
      type: 'high_volatility',
      symbol: 'BTC/USDT',
      value: 0.031,
      threshold: 0.02,
      severity,
      message: `vol24 3.1 % above 2 %`,
      timestamp: 1759766400000,
    });
    const events = await receive(
      `subscription { alerts(minSeverity: "warning") { type symbol value threshold severity message timestamp } }`,
      async () => {
        await publisher.publish(Channel.Alerts, JSON.stringify(alert('info')));
        await publisher.publish(Channel.Alerts, JSON.stringify(alert('high')));
      },
      2,
    );
    expect(events).toEqual([{ alerts: alert('high') }, { alerts: alert('high') }]);
  });

  it('should push predictions, flat or nested, with the message as published', async () => {
    const message = {
      symbol: 'BTCUSDT',
      timeframe: '1h',
      ts: 1759766400000,
      heuristic: { risk_score: 0.42, vol_regime: 'normal' },
      ml: { prediction: 0.012, risk_level: 'medium', model_version: '3' },
    };
    const events = await receive(
      `subscription { predictionUpdates { symbol timestamp timeframe riskScore volRegime prediction riskLevel modelVersion payload } }`,
      () => publisher.publish(Channel.Predictions, JSON.stringify(message)),
      1,
    );
    expect(events[0]).toEqual({
      predictionUpdates: {
        symbol: 'BTC/USDT',
        timestamp: 1759766400000,
        timeframe: '1h',
        riskScore: 0.42,
        volRegime: 'normal',
        prediction: 0.012,
        riskLevel: 'medium',
        modelVersion: '3',
        payload: JSON.stringify(message),
      },
    });
  });
});
