import { join } from 'node:path';
import type { Admin, Producer } from 'kafkajs';
import { readCandleCsv, type Candle } from '@crypto/candles';
import { loadEnv } from '@crypto/config';
import { computeFeatures } from '@crypto/features';
import { MarketDataEnv } from '@crypto/market-data';
import { MlflowClient, ServingModel } from '@crypto/registry';
import {
  Channel,
  closeRedis,
  createKafka,
  createRedisClient,
  TopicRecorder,
  type CandleMessage,
} from '@crypto/messaging';
import type { AppProcess } from '@crypto/observability';
import { detectAlerts, heuristicSignal, toAlertSnapshot, type AlertSnapshot } from '@crypto/signals';
import {
  AlertRepository,
  CandleRepository,
  createTestDatabase,
  createTestObjectStorage,
  type TestDatabase,
  type TestObjectStorage,
} from '@crypto/storage';
import { until } from '@crypto/testing';
import { promoteSmokeChampion } from '@crypto/training';
import { startStreamConsumer } from './main';
import { StreamConsumerEnv } from './stream-consumer.env';

// The consumer on the real Kafka, PostgreSQL and Redis: candles of the shipped recording produced to a
// topic of this file, predictions, alerts and dead letters read back from theirs.

jest.setTimeout(90_000);

const BTC_FILE = join(__dirname, '../../../../shared/data/btcusdt-1h.csv');
const STORED = 200;

// a killed replica's partitions move once its session times out: longer than the shared default wait
const TAKEOVER_MS = 45_000;

const candleMessage = (symbol: string, candle: Candle): CandleMessage => ({
  symbol,
  timeframe: '1h',
  ts: candle.ts,
  open: candle.open,
  high: candle.high,
  low: candle.low,
  close: candle.close,
  volume: candle.volume,
  closed: true,
});

describe('stream-consumer (real Kafka, PostgreSQL and Redis)', () => {
  const kafka = createKafka(loadEnv(StreamConsumerEnv), 'stream-consumer-test');
  let admin: Admin;
  let producer: Producer;
  let db: TestDatabase;
  let recorded: Candle[];
  let prices: string;
  let predictions: string;
  let alerts: string;
  let dlq: string;
  const recorder = new TopicRecorder(kafka);
  const group = `test-stream-consumer-${Date.now()}`;
  const modelName = `test-stream-${Date.now()}`;
  const consumers: AppProcess[] = [];

  const produce = (symbol: string, candles: readonly Candle[]) =>
    producer.send({
      topic: prices,
      messages: candles.map((c) => ({ key: symbol, value: JSON.stringify(candleMessage(symbol, c)) })),
    });
  const start = async () => {
    const consumer = await startStreamConsumer(
      loadEnv(StreamConsumerEnv, {
        METRICS_PORT: '0',
        DATABASE_URL: db.url,
        STREAM_PRICES_TOPIC: prices,
        STREAM_PREDICTIONS_TOPIC: predictions,
        STREAM_ALERTS_TOPIC: alerts,
        STREAM_CONSUMER_GROUP: group,
        MODEL_NAME: modelName,
        MODEL_CHECK_INTERVAL_S: '0',
      }),
      loadEnv(MarketDataEnv, { MARKET_DATA_MODE: 'exchange', EXCHANGE_BASE_URL: 'http://127.0.0.1:9' }),
      { logger: false },
    );
    consumers.push(consumer);
    return consumer;
  };
  const predictionIds = () => recorder.of(predictions).map((m) => m.value['id'] as string);

  beforeAll(async () => {
    recorded = await readCandleCsv(BTC_FILE);
    admin = kafka.admin();
    await admin.connect();
    [prices, predictions, alerts] = await TopicRecorder.fresh(admin, ['prices', 'predictions', 'alerts']);
    dlq = `${prices!}.dlq`;
    await admin.createTopics({ topics: [{ topic: dlq!, numPartitions: 1 }], waitForLeaders: true });
    producer = kafka.producer();
    await producer.connect();
    await recorder.start([predictions!, alerts!, dlq]);
    db = await createTestDatabase();
    // BTC/USDT has history in the store; ETH/USDT (the same candles) starts from the stream
    await new CandleRepository(db.pool).upsert(
      { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' },
      recorded.slice(0, STORED).map((c) => ({ ...c, isFinal: true })),
    );
  });

  afterAll(async () => {
    for (const consumer of consumers) await consumer.close().catch(() => undefined);
    await recorder.stop();
    await producer.disconnect();
    await admin.disconnect();
    await db.drop();
  });

  it('should publish one prediction per closed candle, with the batch features, warmed from the store', async () => {
    const consumer = await start();
    // what the gateway's predictionUpdates subscription reads
    const live = createRedisClient(loadEnv(StreamConsumerEnv).REDIS_URL, 'stream-consumer-test-live', {
      enableOfflineQueue: true,
    });
    const liveIds: string[] = [];
    live.on('message', (_channel: string, text: string) =>
      liveIds.push((JSON.parse(text) as { id: string }).id),
    );
    await live.subscribe(Channel.Predictions);
    const streamed = recorded.slice(STORED, STORED + 100);
    await produce('BTC/USDT', streamed);
    await produce('ETH/USDT', recorded.slice(0, 60));

    await until('160 predictions', () => recorder.of(predictions).length >= 160);

    const btc = recorder
      .of(predictions)
      .filter((m) => m.key === 'BTC/USDT')
      .map((m) => m.value);
    expect(btc.map((p) => p['id'])).toEqual(streamed.map((c) => `BTC/USDT|1h|${c.ts}`));
    // the features of the whole series, as the batch path computes them
    const rows = computeFeatures(recorded.slice(0, STORED + 100)).slice(STORED);
    btc.forEach((prediction, i) => {
      const expected = heuristicSignal(rows[i]!);
      expect(prediction).toMatchObject({
        symbol: 'BTC/USDT',
        timeframe: '1h',
        ts: streamed[i]!.ts,
        heuristic: {
          risk_score: expected.risk_score,
          vol_regime: expected.vol_regime,
          nowcast_ret: expected.nowcast_ret,
        },
        ml: null,
      });
      expect((prediction['heuristic'] as { vol24: number }).vol24).toBeCloseTo(rows[i]!.vol24!, 12);
    });
    // the alerts of the SPEC §8 rules over the same features, candle by candle
    const all = recorded.slice(0, STORED + 100);
    const allRows = computeFeatures(all);
    const snapshot = (t: number): AlertSnapshot =>
      toAlertSnapshot(all[t]!, allRows[t]!, t >= 24 ? all[t - 24]!.close : undefined);
    const expectedAlerts = streamed.flatMap((_, i) =>
      detectAlerts(
        { symbol: 'BTC/USDT', timeframe: '1h' },
        snapshot(STORED + i - 1),
        snapshot(STORED + i),
        0,
      ),
    );
    const btcAlerts = () => recorder.of(alerts).filter((m) => m.key === 'BTC/USDT');
    await until('the alerts', () => btcAlerts().length >= expectedAlerts.length);
    expect(expectedAlerts.length).toBeGreaterThan(0);
    // values agree to float precision (incremental vs batch features, SPEC §5: 1e-9)
    const withoutValue = ({ value: _value, ...rest }: Record<string, unknown>) => rest;
    expect(btcAlerts().map((m) => withoutValue({ ...m.value, timestamp: 0 }))).toEqual(
      expectedAlerts.map((a) => withoutValue({ ...a })),
    );
    btcAlerts().forEach((m, i) => expect(m.value['value']).toBeCloseTo(expectedAlerts[i]!.value, 12));
    // stored as well, once each (GET /v1/alerts/tail reads them)
    const stored = await new AlertRepository(db.pool).tail(1_000, { symbol: 'BTC/USDT' });
    expect(stored.map((a) => [a.type, a.ts])).toEqual(expectedAlerts.map((a) => [a.type, a.ts]));
    const eth = recorder
      .of(predictions)
      .filter((m) => m.key === 'ETH/USDT')
      .map((m) => m.value);
    const ethRows = computeFeatures(recorded.slice(0, 60));
    expect(eth.map((p) => (p['heuristic'] as { risk_score: number }).risk_score)).toEqual(
      ethRows.map((row) => heuristicSignal(row).risk_score),
    );

    const health = (await (await fetch(`http://127.0.0.1:${consumer.ops.port}/health`)).json()) as {
      status: string;
      lag: number;
      partitions: unknown[];
    };
    expect(health).toMatchObject({ status: 'ok', lag: 0 });
    expect(health.partitions.length).toBeGreaterThan(0);
    await until('the live predictions', () => streamed.every((c) => liveIds.includes(`BTC/USDT|1h|${c.ts}`)));
    await closeRedis(live);
  });

  it('should skip a repeated candle and send malformed messages to the dead-letter topic', async () => {
    const before = recorder.of(predictions).length;
    await produce('BTC/USDT', recorded.slice(STORED + 50, STORED + 51));
    await producer.send({
      topic: prices,
      messages: [
        { key: 'BTC/USDT', value: 'not json' },
        {
          key: 'BTC/USDT',
          value: JSON.stringify({ symbol: 'BTCUSDT', price: 1, volume: 1, timestamp: 1, source: 'x' }),
        },
      ],
    });
    await produce('BTC/USDT', recorded.slice(STORED + 100, STORED + 101));

    await until('the next prediction', () => recorder.of(predictions).length > before);
    await until('two dead letters', () => recorder.of(dlq).length >= 2);

    expect(
      recorder
        .of(predictions)
        .slice(before)
        .map((m) => m.value['ts']),
    ).toEqual([recorded[STORED + 100]!.ts]);
    const letters = recorder.of(dlq).map((m) => m.value);
    expect(letters.map((l) => [l['reason'], l['value'], l['topic']])).toEqual([
      ['not JSON', 'not json', prices],
      ['symbol must be a BASE/QUOTE string such as BTC/USDT', expect.stringContaining('BTCUSDT'), prices],
    ]);
    expect(
      letters.every((l) => typeof l['partition'] === 'number' && /^\d+$/.test(l['offset'] as string)),
    ).toBe(true);
  });

  it('should lose no candle across a restart, and share the partitions between two replicas', async () => {
    await consumers.shift()!.close();
    const symbols = ['SOL/USDT', 'ADA/USDT', 'XRP/USDT', 'DOT/USDT', 'BNB/USDT', 'LTC/USDT'];
    // produced while no consumer runs: the next one starts from the committed offsets
    for (const symbol of symbols) await produce(symbol, recorded.slice(0, 20));
    const [first, second] = [await start(), await start()];
    await until(
      'the candles produced while down',
      () => symbols.every((s) => predictionIds().filter((id) => id.startsWith(`${s}|`)).length >= 20),
      TAKEOVER_MS,
    );

    // one replica goes away: the other takes its partitions over
    await first.close();
    consumers.splice(consumers.indexOf(first), 1);
    for (const symbol of symbols) await produce(symbol, recorded.slice(20, 40));
    await until(
      'every candle after the kill',
      () => symbols.every((s) => new Set(predictionIds().filter((id) => id.startsWith(`${s}|`))).size >= 40),
      TAKEOVER_MS,
    );

    for (const symbol of symbols) {
      const ids = new Set(predictionIds().filter((id) => id.startsWith(`${symbol}|`)));
      expect([...ids].sort()).toEqual(
        recorded
          .slice(0, 40)
          .map((c) => `${symbol}|1h|${c.ts}`)
          .sort(),
      );
    }
    expect(second).toBeDefined();
  });

  describe('with a champion', () => {
    let minio: TestObjectStorage;
    const recent = () => recorded.slice(-2_600, -100);

    beforeAll(async () => {
      minio = await createTestObjectStorage();
      // the recording's last candles: the smoke configuration's splits plus HAR-RV's warm-up
      await promoteSmokeChampion({
        databaseUrl: db.url,
        pool: db.pool,
        storage: minio,
        modelName,
        candles: recent(),
      });
    }, 180_000);

    afterAll(async () => {
      await new MlflowClient(loadEnv(StreamConsumerEnv).MLFLOW_TRACKING_URI)
        .deleteRegisteredModel(modelName)
        .catch(() => undefined);
      await minio?.drop();
    });

    it('should pick the promotion up and score candles that arrive together in one batch, as REST would', async () => {
      const consumer = consumers.at(-1)!;
      const champion = consumer.context.get(ServingModel);
      await until('the promoted champion', () => champion.info !== undefined, 60_000);
      const before = recorder.of(predictions).length;
      const streamed = recorded.slice(-100, -90);
      await produce('BTC/USDT', streamed);

      await until('10 predictions', () => recorder.of(predictions).length >= before + 10);

      const scored = recorder
        .of(predictions)
        .slice(before)
        .map((m) => m.value);
      const lease = champion.acquire()!;
      try {
        const history = [...recent(), ...streamed];
        scored.forEach((prediction, i) => {
          const window = history.slice(0, recent().length + i + 1);
          const expected = lease.model.predict(window);
          expect(prediction['ts']).toBe(streamed[i]!.ts);
          expect(prediction['ml']).toEqual({
            prediction: expected.prediction,
            current_volatility: expected.current_volatility,
            volatility_regime: expected.volatility_regime,
            risk_level: expected.risk_level,
            confidence: expected.confidence,
            model_version: lease.info.model_version,
          });
        });
      } finally {
        lease.release();
      }
      const metrics = await (await fetch(`http://127.0.0.1:${consumer.ops.port}/metrics`)).text();
      expect(metrics).toContain(
        `stream_consumer_model_version_info{version="${champion.info!.model_version}"`,
      );
    });
  });
});
