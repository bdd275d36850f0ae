import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Admin } from 'kafkajs';
import { loadEnv } from '@crypto/config';
import { MarketDataEnv } from '@crypto/market-data';
import { createKafka, TopicRecorder } from '@crypto/messaging';
import type { AppProcess } from '@crypto/observability';
import { CandleRepository, createTestDatabase, type TestDatabase } from '@crypto/storage';
import { until } from '@crypto/testing';
import { startStreamProducer } from './main';
import { StreamProducerEnv } from './stream-producer.env';

// The producer on the real Kafka and PostgreSQL, replaying the first candles of the shipped recording.

jest.setTimeout(60_000);

const BTC_FILE = join(__dirname, '../../../../shared/data/btcusdt-1h.csv');
const HOUR = 3_600_000;
const CANDLES = 30;

describe('stream-producer (real Kafka and PostgreSQL)', () => {
  const kafka = createKafka(loadEnv(StreamProducerEnv), 'stream-producer-test');
  let admin: Admin;
  let db: TestDatabase;
  let file: string;
  let first: { ts: number; close: number }[];

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    db = await createTestDatabase();
    const lines = (await readFile(BTC_FILE, 'utf8')).trim().split('\n');
    file = join(await mkdtemp(join(tmpdir(), 'producer-')), 'eth-1h.csv');
    await writeFile(file, lines.slice(0, CANDLES + 1).join('\n') + '\n');
    first = lines.slice(1, CANDLES + 1).map((line) => {
      const [ts, , , , close] = line.split(',').map(Number);
      return { ts: ts!, close: close! };
    });
  });

  afterAll(async () => {
    await admin.disconnect();
    await db.drop();
  });

  async function run(
    settings: Record<string, string>,
    work: (producer: AppProcess, topic: string, recorder: TopicRecorder) => Promise<void>,
  ) {
    const [topic] = await TopicRecorder.fresh(admin, ['prices']);
    const recorder = new TopicRecorder(kafka);
    await recorder.start([topic!]);
    const producer = await startStreamProducer(
      loadEnv(StreamProducerEnv, {
        METRICS_PORT: '0',
        DATABASE_URL: db.url,
        STREAM_PRICES_TOPIC: topic!,
        REPLAY_TICKS_PER_CANDLE: '2',
        ...settings,
      }),
      loadEnv(MarketDataEnv, {
        MARKET_DATA_MODE: 'offline',
        STREAM_SOURCE: 'replay',
        REPLAY_SPEED: '0',
        RECORDED_MARKETS: `ETH/USDT@1h=${file}`,
      }),
      { logger: false },
    );
    try {
      await work(producer, topic!, recorder);
    } finally {
      await producer.close();
      await recorder.stop();
    }
  }

  it('should publish each replayed candle closed exactly once, after its ticks, keyed by symbol, and store it', async () => {
    await run({ REPLAY_LOOP: 'false' }, async (producer, topic, recorder) => {
      await until(
        'every candle',
        () => recorder.of(topic).filter((m) => 'closed' in m.value).length >= CANDLES,
      );
      await new Promise((resolve) => setTimeout(resolve, 500));

      const messages = recorder.of(topic);
      const candles = messages.filter((m) => 'closed' in m.value).map((m) => m.value);
      const ticks = messages.filter((m) => 'price' in m.value).map((m) => m.value);
      expect(candles).toHaveLength(CANDLES);
      expect(candles.map((c) => [c['ts'], c['close'], c['closed'], c['symbol'], c['timeframe']])).toEqual(
        first.map((c) => [c.ts, c.close, true, 'ETH/USDT', '1h']),
      );
      expect(ticks).toHaveLength(2 * CANDLES);
      expect(ticks.filter((_, i) => i % 2 === 1).map((t) => t['price'])).toEqual(first.map((c) => c.close));
      expect(new Set(messages.map((m) => m.key))).toEqual(new Set(['ETH/USDT']));
      expect(new Set(messages.map((m) => m.partition)).size).toBe(1);
      // within the partition, the ticks of a candle come before it
      const order = messages
        .filter((m) => m.partition === messages[0]!.partition)
        .map((m) => ('price' in m.value ? 't' : 'c'));
      expect(order.join('')).toBe('ttc'.repeat(CANDLES));

      const stored = await new CandleRepository(db.pool).latest(
        { exchange: 'binance', symbol: 'ETH/USDT', timeframe: '1h' },
        100,
      );
      expect(stored.map((c) => c.ts)).toEqual(first.map((c) => c.ts));

      const base = `http://127.0.0.1:${producer.ops.port}`;
      expect(await (await fetch(`${base}/health`)).json()).toMatchObject({
        status: 'ok',
        source: 'replay',
        markets: { 'ETH/USDT@1h': { status: 'over', last_closed_ts: first.at(-1)!.ts } },
      });
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toContain(
        `stream_producer_messages_total{kind="closed_candle",app="stream-producer"} ${CANDLES}`,
      );
      expect(metrics).toContain(`stream_producer_candles_stored_total{app="stream-producer"} ${CANDLES}`);
    });
  });

  it('should loop a replay with its times shifted forward, so the market time never goes back', async () => {
    await run({ REPLAY_LOOP: 'true' }, async (_producer, topic, recorder) => {
      await until(
        'a second lap',
        () => recorder.of(topic).filter((m) => 'closed' in m.value).length >= CANDLES + 5,
      );

      const ts = recorder
        .of(topic)
        .filter((m) => 'closed' in m.value)
        .map((m) => m.value['ts'] as number);
      expect(ts.slice(0, CANDLES)).toEqual(first.map((c) => c.ts));
      const span = CANDLES * HOUR;
      expect(ts.slice(CANDLES, CANDLES + 5)).toEqual(first.slice(0, 5).map((c) => c.ts + span));
      expect(ts).toEqual([...ts].sort((a, b) => a - b));
    });
  });
});
