import { randomBytes } from 'node:crypto';
import { status, type ClientReadableStream, type ServiceError } from '@grpc/grpc-js';
import { Partitioners, type Admin, type Producer } from 'kafkajs';
import type { Registry } from 'prom-client';
import { readCandleCsv, type Candle } from '@crypto/candles';
import { loadEnv, ServicesEnv } from '@crypto/config';
import { createKafka, ensureTopics, type CandleMessage, type PriceTick } from '@crypto/messaging';
import { explainSignal } from '@crypto/signals';
import { CandleRepository, createTestDatabase, type TestDatabase } from '@crypto/storage';
import { CryptoGrpcService, LIVE_PRICE_FEED } from './crypto/crypto-grpc.service';
import type { PriceUpdate__Output } from './generated/crypto/PriceUpdate';
import { GRPC_METRICS_REGISTRY } from './grpc-server.module';
import { sleep, until } from '@crypto/testing';
import { BTC_FILE, startGrpcTestApp, type GrpcTestApp } from './testing/grpc-test-app';

// StreamPrices on the real Kafka broker: ticks produced to a topic of this run reach the streams through the
// server's feed (latest offsets, no committed group); volatility and regime come from the candles stored.

/** A StreamPrices call with what it received. */
class OpenStream {
  readonly updates: PriceUpdate__Output[] = [];
  error: ServiceError | undefined;
  ended = false;

  constructor(readonly call: ClientReadableStream<PriceUpdate__Output>) {
    call.on('data', (update: PriceUpdate__Output) => this.updates.push(update));
    call.on('error', (error: ServiceError) => (this.error = error));
    call.on('end', () => (this.ended = true));
  }

  prices(symbol?: string): number[] {
    return this.updates.filter((u) => symbol === undefined || u.symbol === symbol).map((u) => u.price);
  }
}

describe('StreamPrices (real Kafka)', () => {
  const services = loadEnv(ServicesEnv);
  const topic = `test-grpc-prices-${randomBytes(4).toString('hex')}`;
  const kafka = createKafka(services, 'grpc-stream-test');
  let admin: Admin;
  let producer: Producer;
  let db: TestDatabase;
  let recorded: Candle[];
  let t: GrpcTestApp;
  const opened: OpenStream[] = [];

  const open = (symbols: string[], update_interval_ms = 0) => {
    const stream = new OpenStream(t.client.StreamPrices({ symbols, update_interval_ms }));
    opened.push(stream);
    return stream;
  };
  let clock = Date.now();
  const tick = (symbol: string, price: number): PriceTick => ({
    symbol,
    price,
    volume: 1_234.5,
    timestamp: ++clock,
    change_24h: 0.0125,
    source: 'test',
  });
  const produce = (...messages: (PriceTick | CandleMessage)[]) =>
    producer.send({
      topic,
      messages: messages.map((m) => ({ key: m.symbol, value: JSON.stringify(m) })),
    });
  const activeStreams = () => t.app.get(CryptoGrpcService).activeStreams;

  beforeAll(async () => {
    admin = kafka.admin();
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await Promise.all([admin.connect(), producer.connect()]);
    await ensureTopics(admin, [{ topic, partitions: 3, retentionMs: 3_600_000 }]);
    [db, recorded] = await Promise.all([createTestDatabase(), readCandleCsv(BTC_FILE)]);
    await new CandleRepository(db.pool).upsert(
      { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' },
      recorded.slice(-300).map((c) => ({ ...c, isFinal: true })),
    );
    t = await startGrpcTestApp(
      { DATABASE_URL: db.url, STREAM_PRICES_TOPIC: topic },
      { MARKET_DATA_MODE: 'offline', RECORDED_MARKETS: `BTC/USDT@1h=${BTC_FILE}` },
    );
    const feed = t.app.get<{ status: string }>(LIVE_PRICE_FEED);
    await until('the price feed to be live', () => (feed.status === 'live' ? true : undefined), 30_000);
  }, 60_000);

  afterEach(() => {
    for (const stream of opened.splice(0)) stream.call.cancel();
  });

  afterAll(async () => {
    await t?.close();
    await admin?.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await Promise.all([producer?.disconnect(), admin?.disconnect()]);
    await db?.drop();
  });

  it('should deliver the ticks of the symbols asked for with vol24 and the regime of the last stored candle', async () => {
    const stream = open(['BTCUSDT']);
    await until('the stream to be open', () => (activeStreams() > 0 ? true : undefined));
    await produce(tick('ETH/USDT', 3_000), tick('BTC/USDT', 125_000));
    const update = await until('an update', () => stream.updates[0]);
    const expected = explainSignal(recorded.slice(-200));

    expect(update).toEqual({
      symbol: 'BTC/USDT',
      price: 125_000,
      change_24h: 0.0125,
      volume_24h: 1_234.5,
      timestamp: expect.any(Number),
      volatility: expect.any(Number),
      regime: expect.any(String),
    });
    // the first lookup starts the read; once read, the figures are those of the stored candles
    await produce(tick('BTC/USDT', 125_001));
    await until(
      'the figures of the stored candles',
      () => stream.updates.find((u) => u.regime === expected.vol_regime && u.volatility === expected.vol),
      5_000,
    );
    expect(stream.prices('ETH/USDT')).toEqual([]);
  });

  it('should send every symbol on the feed to a stream that names none', async () => {
    const stream = open([]);
    await until('the stream to be open', () => (activeStreams() > 0 ? true : undefined));
    await produce(tick('ETH/USDT', 3_001), tick('SOL/USDT', 150));
    await until('both symbols', () =>
      stream.prices('ETH/USDT').length && stream.prices('SOL/USDT').length ? true : undefined,
    );
    expect(stream.updates.find((u) => u.symbol === 'SOL/USDT')?.regime).toBe('unknown');
  });

  it('should send at most one update per symbol per interval, ending on the latest price', async () => {
    const stream = open(['ETH/USDT'], 400);
    await until('the stream to be open', () => (activeStreams() > 0 ? true : undefined));
    const started = Date.now();
    for (let i = 0; i < 20; i++) {
      await produce(tick('ETH/USDT', 4_000 + i));
      await sleep(25);
    }
    await until('the latest price', () => (stream.prices().at(-1) === 4_019 ? true : undefined), 5_000);
    const elapsed = Date.now() - started;
    // the first at once, then one per interval at most
    expect(stream.updates.length).toBeLessThanOrEqual(1 + Math.ceil(elapsed / 400));
    expect(stream.updates.length).toBeGreaterThanOrEqual(2);
  });

  it('should refuse a symbol that is no pair and a negative interval with INVALID_ARGUMENT', async () => {
    for (const request of [
      { symbols: ['NOT A PAIR'], update_interval_ms: 0 },
      { symbols: [], update_interval_ms: -1 },
    ]) {
      const stream = new OpenStream(t.client.StreamPrices(request));
      await until('the refusal', () => stream.error);
      expect(stream.error?.code).toBe(status.INVALID_ARGUMENT);
    }
  });

  it('should free a cancelled stream', async () => {
    const before = activeStreams();
    const stream = open(['BTC/USDT']);
    await until('the stream to be open', () => (activeStreams() > before ? true : undefined));
    stream.call.cancel();
    await until('the stream to be freed', () => (activeStreams() === before ? true : undefined));
    const metrics = await t.app.get<Registry>(GRPC_METRICS_REGISTRY).metrics();
    expect(metrics).toMatch(
      /grpc_server_handled_total\{method="StreamPrices",code="CANCELLED",app="grpc-server"\} [1-9]/,
    );
  });

  it('should feed 50 concurrent streams, each its own update', async () => {
    const streams = Array.from({ length: 50 }, () => open(['BTC/USDT']));
    await until('50 streams', () => (activeStreams() >= 50 ? true : undefined));
    await produce(tick('BTC/USDT', 126_000));
    await until('every stream to get the tick', () =>
      streams.every((s) => s.prices().includes(126_000)) ? true : undefined,
    );
    const metrics = await t.app.get<Registry>(GRPC_METRICS_REGISTRY).metrics();
    expect(metrics).toMatch(/grpc_server_active_streams\{app="grpc-server"\} 5\d/);
  });

  it('should end open streams with UNAVAILABLE at shutdown, not a reset', async () => {
    const other = await startGrpcTestApp(
      { DATABASE_URL: db.url, STREAM_PRICES_TOPIC: topic },
      { MARKET_DATA_MODE: 'offline', RECORDED_MARKETS: `BTC/USDT@1h=${BTC_FILE}` },
    );
    const stream = new OpenStream(other.client.StreamPrices({ symbols: [], update_interval_ms: 0 }));
    await until('the stream to be open', () =>
      other.app.get(CryptoGrpcService).activeStreams > 0 ? true : undefined,
    );
    await other.app.close();
    await until('the stream to end', () => stream.error);
    other.client.close();
    expect(stream.error).toMatchObject({
      code: status.UNAVAILABLE,
      details: expect.stringMatching(/shutting down/),
    });
  });
});
