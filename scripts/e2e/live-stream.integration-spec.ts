import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import type { Admin } from 'kafkajs';
import WebSocket from 'ws';
import { readCandleCsv, type Candle } from '@crypto/candles';
import { loadEnv, ServicesEnv } from '@crypto/config';
import { computeFeatures } from '@crypto/features';
import { createKafka, ensureTopics } from '@crypto/messaging';
import { heuristicSignal } from '@crypto/signals';
import { createTestDatabase, type TestDatabase } from '@crypto/storage';
import { BTC_FILE, buildApps, freePort, ROOT, startApp, stop, waitForHealth } from '../app-processes';

// The live path as `make setup` runs it, each app its own built process: the stream producer replays the
// recorded BTC file (under a symbol of this run) to Kafka, the stream consumer turns each closed candle into a
// prediction, and the gateway's GraphQL subscriptions show the prices and the predictions while they flow.

const APPS = ['stream-producer', 'stream-consumer', 'gateway'] as const;
const LOG_DIR = join(ROOT, '.local/logs/e2e');

interface LivePrediction {
  symbol: string;
  timestamp: number;
  timeframe: string;
  riskScore: number;
  volRegime: string;
  payload: string;
}

describe('the live path: producer → Kafka → consumer → Redis → GraphQL subscriptions', () => {
  const services = loadEnv(ServicesEnv);
  const run = randomBytes(4).toString('hex');
  // a symbol of this run: what other processes publish on the shared Redis channels does not match it
  const symbol = `E2E${run.toUpperCase()}/USDT`;
  const topics = {
    prices: `e2e-prices-${run}`,
    predictions: `e2e-predictions-${run}`,
    alerts: `e2e-alerts-${run}`,
  };
  const kafka = createKafka(services, 'e2e-live-stream');
  let admin: Admin;
  let db: TestDatabase;
  let recorded: Candle[];
  let client: Client;
  const children: Awaited<ReturnType<typeof startApp>>[] = [];

  beforeAll(async () => {
    buildApps(...APPS);
    admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [
      { topic: topics.prices, partitions: 3, retentionMs: 3_600_000 },
      { topic: topics.predictions, partitions: 3, retentionMs: 3_600_000 },
      { topic: topics.alerts, partitions: 1, retentionMs: 3_600_000 },
      { topic: `${topics.prices}.dlq`, partitions: 1, retentionMs: 3_600_000 },
    ]);
    [db, recorded] = await Promise.all([createTestDatabase(), readCandleCsv(BTC_FILE)]);
    const common = {
      DATABASE_URL: db.url,
      MARKET_DATA_MODE: 'offline',
      RECORDED_MARKETS: `${symbol}@1h=${BTC_FILE}`,
      STREAM_PRICES_TOPIC: topics.prices,
    };
    const [gatewayPort, consumerPort, producerPort] = await Promise.all([freePort(), freePort(), freePort()]);
    children.push(
      startApp('gateway', { ...common, PORT: String(gatewayPort) }, LOG_DIR),
      startApp(
        'stream-consumer',
        {
          ...common,
          METRICS_PORT: String(consumerPort),
          STREAM_PREDICTIONS_TOPIC: topics.predictions,
          STREAM_ALERTS_TOPIC: topics.alerts,
          STREAM_CONSUMER_GROUP: `e2e-${run}`,
          // a registered model nobody promotes: heuristic predictions only
          MODEL_NAME: `e2e-none-${run}`,
        },
        LOG_DIR,
      ),
    );
    await Promise.all([
      waitForHealth(`http://127.0.0.1:${gatewayPort}/health`, 'the gateway'),
      waitForHealth(`http://127.0.0.1:${consumerPort}/health`, 'the stream consumer'),
    ]);
    client = createClient({
      url: `ws://127.0.0.1:${gatewayPort}/graphql`,
      webSocketImpl: WebSocket,
      lazy: false,
    });
    // the producer last: the subscriptions see the replay from its first candles on
    children.push(
      startApp(
        'stream-producer',
        {
          ...common,
          METRICS_PORT: String(producerPort),
          STREAM_SOURCE: 'replay',
          REPLAY_SPEED: '36000', // ten 1h candles a second
        },
        LOG_DIR,
      ),
    );
  }, 180_000);

  afterAll(async () => {
    await client?.dispose();
    await Promise.all(children.map(({ child }) => stop(child)));
    await admin
      ?.deleteTopics({ topics: [...Object.values(topics), `${topics.prices}.dlq`] })
      .catch(() => undefined);
    await admin?.disconnect();
    await db?.drop();
  }, 60_000);

  /** The first `count` events of a subscription; fails naming them when they are not there within 90 s. */
  function receive<T>(query: string, field: string, count: number): Promise<T[]> {
    const events: T[] = [];
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`${events.length} of ${count} ${field} within 90 s`));
      }, 90_000);
      const done = (error?: unknown) => {
        clearTimeout(timer);
        stop();
        return error === undefined ? resolve(events) : reject(error);
      };
      const stop = client.subscribe<Record<string, T>>(
        { query },
        {
          next: ({ data, errors }) => {
            if (errors) return done(new Error(JSON.stringify(errors)));
            events.push(data![field]!);
            if (events.length >= count) done();
          },
          error: done,
          complete: () => done(),
        },
      );
    });
  }

  it('should show the replayed prices and their heuristic predictions live, with the batch numbers', async () => {
    const wanted = JSON.stringify([symbol.replace('/', '')]);
    const [prices, predictions] = await Promise.all([
      receive<{ symbol: string; price: number; timestamp: number }>(
        `subscription { priceUpdates(symbols: ${wanted}) { symbol price timestamp } }`,
        'priceUpdates',
        10,
      ),
      receive<LivePrediction>(
        `subscription { predictionUpdates(symbols: ${wanted}) { symbol timestamp timeframe riskScore volRegime payload } }`,
        'predictionUpdates',
        10,
      ),
    ]);

    // ticks move inside each replayed candle's range
    const byTs = new Map(recorded.map((c, t) => [c.ts, t]));
    expect(prices.every((p) => p.symbol === symbol)).toBe(true);
    const low = Math.min(...recorded.map((c) => c.low));
    const high = Math.max(...recorded.map((c) => c.high));
    expect(prices.every((p) => p.price >= low && p.price <= high)).toBe(true);

    // each prediction is that of its recorded candle, the features computed over the file in one batch
    const rows = computeFeatures(recorded);
    for (const prediction of predictions) {
      const t = byTs.get(prediction.timestamp);
      expect(t).toBeDefined();
      const expected = heuristicSignal(rows[t!]!);
      expect(prediction).toMatchObject({
        symbol,
        timeframe: '1h',
        riskScore: expected.risk_score,
        volRegime: expected.vol_regime,
      });
      expect(JSON.parse(prediction.payload)).toMatchObject({
        id: `${symbol}|1h|${prediction.timestamp}`,
        ml: null,
      });
    }
    // one prediction per candle, in the order the candles closed
    const stamps = predictions.map((p) => p.timestamp);
    expect(stamps).toEqual([...new Set(stamps)].sort((a, b) => a - b));
  }, 120_000);
});
