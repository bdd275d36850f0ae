import { randomBytes } from 'node:crypto';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { Partitioners, type Admin, type Producer } from 'kafkajs';
import { kafkaBrokerList, loadEnv, ServicesEnv } from '@crypto/config';
import { until } from '@crypto/testing';
import { createKafka, ensureTopics } from '../kafka';
import type { CandleMessage, PriceTick } from '../topics';
import { LatestPriceFeed } from './latest-price-feed';
import { isPriceTick, type PriceFeedMessage } from './price-messages';

// The feed on the real broker (infra/native/services.sh or compose); a fresh topic per run isolates the file.

const PARTITIONS = 3;

let clock = Date.UTC(2024, 0, 1);
const aTick = (symbol: string, price: number): PriceTick => ({
  symbol,
  price,
  volume: 1.5,
  timestamp: ++clock,
  change_24h: 0.01,
  source: 'test',
});
const aCandle = (symbol: string, close: number): CandleMessage => ({
  symbol,
  timeframe: '1m',
  ts: Date.UTC(2024, 0, 1),
  open: close,
  high: close + 1,
  low: close - 1,
  close,
  volume: 3,
  closed: true,
});
const pricesOf = (messages: PriceFeedMessage[], symbol: string) =>
  messages.filter((m) => isPriceTick(m) && m.symbol === symbol).map((m) => (m as PriceTick).price);

describe('LatestPriceFeed (real broker)', () => {
  const env = loadEnv(ServicesEnv);
  const kafka = createKafka(env, 'price-feed-test');
  const topic = `test-price-feed-${randomBytes(4).toString('hex')}`;
  const groups: string[] = [];
  let admin: Admin;
  let producer: Producer;
  let feed: LatestPriceFeed;
  const first: PriceFeedMessage[] = [];
  const second: PriceFeedMessage[] = [];
  let thrown = 0;
  let markers = 0;

  const produce = (...messages: { key: string; value: string | null; partition?: number }[]) =>
    producer.send({ topic, messages });
  const produceJson = (...messages: (PriceTick | CandleMessage)[]) =>
    produce(...messages.map((m) => ({ key: m.symbol, value: JSON.stringify(m) })));
  /** One tick per partition; once all are in, everything produced before them has been read (order per partition). */
  const drain = async () => {
    const target = markers + PARTITIONS;
    await produce(
      ...Array.from({ length: PARTITIONS }, (_, partition) => ({
        key: 'MARK/USDT',
        value: JSON.stringify(aTick('MARK/USDT', ++markers)),
        partition,
      })),
    );
    await until('the markers of every partition', () => pricesOf(second, 'MARK/USDT').length === target);
  };

  beforeAll(async () => {
    admin = kafka.admin();
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await Promise.all([admin.connect(), producer.connect()]);
    await ensureTopics(admin, [{ topic, partitions: PARTITIONS, retentionMs: 3_600_000 }]);
    // before start: a latest-offsets reader must never see these
    await produceJson(aTick('OLD/USDT', 1), aTick('OLD/USDT', 2), aCandle('OLD/USDT', 3));

    feed = new LatestPriceFeed(kafka, { topic, groupPrefix: 'test-price-feed' });
    groups.push(feed.groupId);
    // subscribed first, so the others come after a listener that throws on every message
    feed.subscribe(() => {
      thrown++;
      throw new Error('listener failure on purpose');
    });
    feed.subscribe((m) => first.push(m));
    feed.subscribe((m) => second.push(m));
    expect(feed.status).toBe('stopped');
    await feed.start();
  }, 60_000);

  afterAll(async () => {
    await feed?.stop();
    await admin?.deleteGroups(groups).catch(() => undefined);
    await admin?.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await Promise.all([producer?.disconnect(), admin?.disconnect()]);
  });

  it('should be live with a group of its own once started', () => {
    expect(feed.status).toBe('live');
    expect(feed.lastError).toBeUndefined();
    expect(feed.groupId).toMatch(new RegExp(`^test-price-feed-.+-${process.pid}-[0-9a-f]{8}$`));
  });

  it('should not deliver what was produced before start', async () => {
    await drain();
    expect(first.filter((m) => m.symbol === 'OLD/USDT')).toEqual([]);
    expect(feed.latestTick('OLD/USDT')).toBeUndefined();
    expect(feed.symbols()).not.toContain('OLD/USDT');
  });

  it('should deliver the ticks produced after start to every subscriber, in order per symbol', async () => {
    const btc = Array.from({ length: 30 }, (_, i) => 60_000 + i);
    const eth = Array.from({ length: 30 }, (_, i) => 3_000 + i);
    await produceJson(...btc.flatMap((p, i) => [aTick('BTC/USDT', p), aTick('ETH/USDT', eth[i]!)]));
    await until(
      'all ticks',
      () => pricesOf(second, 'ETH/USDT').length + pricesOf(second, 'BTC/USDT').length === 60,
    );

    for (const received of [first, second]) {
      expect(pricesOf(received, 'BTC/USDT')).toEqual(btc);
      expect(pricesOf(received, 'ETH/USDT')).toEqual(eth);
    }
    expect(feed.latestTick('BTC/USDT')?.price).toBe(btc.at(-1));
    expect(feed.symbols()).toEqual(expect.arrayContaining(['BTC/USDT', 'ETH/USDT']));
  });

  it('should keep calling a listener that throws, and the listeners after it', () => {
    expect(first.length).toBeGreaterThan(0);
    expect(thrown).toBe(first.length);
    expect(second).toEqual(first);
  });

  it('should deliver a candle as a candle, leaving the latest tick alone', async () => {
    const candle = aCandle('BTC/USDT', 61_000);
    await produceJson(candle);
    await until('the candle', () => second.some((m) => !isPriceTick(m)));

    expect(second.filter((m) => !isPriceTick(m))).toEqual([candle]);
    expect(feed.latestTick('BTC/USDT')?.price).toBe(60_029);
  });

  it('should count and skip malformed values and go on delivering', async () => {
    const before = feed.malformed;
    const delivered = second.length;
    await produce(
      { key: 'SOL/USDT', value: 'not json' },
      { key: 'SOL/USDT', value: JSON.stringify({ ...aTick('SOL/USDT', 1), price: -1 }) },
      { key: 'SOL/USDT', value: JSON.stringify({ ...aTick('SOL/USDT', 1), symbol: 'SOLUSDT' }) },
      { key: 'SOL/USDT', value: null },
    );
    const tick = aTick('SOL/USDT', 150);
    await produceJson(tick);
    await until('the tick after the malformed values', () => pricesOf(second, 'SOL/USDT').length === 1);

    expect(feed.malformed - before).toBe(4);
    expect(second.slice(delivered)).toEqual([tick]);
    expect(feed.status).toBe('live');
  });

  it('should deliver nothing more to a listener once unsubscribed', async () => {
    const third: PriceFeedMessage[] = [];
    const unsubscribe = feed.subscribe((m) => third.push(m));
    await produceJson(aTick('XRP/USDT', 1));
    await until('the first XRP tick', () => third.length === 1);

    unsubscribe();
    await produceJson(aTick('XRP/USDT', 2));
    await drain();
    expect(pricesOf(second, 'XRP/USDT')).toEqual([1, 2]);
    expect(pricesOf(third, 'XRP/USDT')).toEqual([1]);
    expect(third).toHaveLength(1);
  });

  it('should leave no member and no committed offset once stopped', async () => {
    await feed.stop();
    expect(feed.status).toBe('stopped');

    const { groups: described } = await admin.describeGroups([feed.groupId]);
    expect(described).toHaveLength(1);
    expect(['Empty', 'Dead']).toContain(described[0]!.state);
    expect(described[0]!.members).toEqual([]);
    const offsets = await admin.fetchOffsets({ groupId: feed.groupId, topics: [topic] });
    const committed = offsets.flatMap((t) => t.partitions.map((p) => p.offset));
    expect(committed).toHaveLength(PARTITIONS);
    expect(committed.every((offset) => offset === '-1')).toBe(true);
  });

  describe('when Kafka cannot be reached at start', () => {
    let proxy: Server | undefined;
    let down: LatestPriceFeed | undefined;
    const sockets = new Set<Socket>();

    afterAll(async () => {
      await down?.stop();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
    });

    it('should reject start in bounded time, report down, then go live by itself once Kafka answers', async () => {
      // a port nothing listens on yet; later a TCP relay to the real broker opens there
      const port = await new Promise<number>((resolve) => {
        const probe = createServer().listen(0, '127.0.0.1', () => {
          const { port } = probe.address() as AddressInfo;
          probe.close(() => resolve(port));
        });
      });
      const unreachable = createKafka({ ...env, KAFKA_BROKERS: `127.0.0.1:${port}` }, 'price-feed-down-test');
      down = new LatestPriceFeed(unreachable, {
        topic,
        groupPrefix: 'test-price-feed-down',
        retryMs: 200,
        // past the ~3.5 s kafkajs takes to give up connecting, so the feed is down when start rejects
        startTimeoutMs: 6_000,
      });
      groups.push(down.groupId);

      await expect(down.start()).rejects.toThrow(/feed (down|not live)/);
      expect(down.status).toBe('down');
      expect(down.lastError).toEqual(expect.any(String));

      const [host, brokerPort] = kafkaBrokerList(env)[0]!.split(':');
      proxy = createServer((client) => {
        const upstream = connect(Number(brokerPort), host);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('error', () => socket.destroy());
        }
        client.pipe(upstream).pipe(client);
      }).listen(port, '127.0.0.1');

      const received: PriceFeedMessage[] = [];
      down.subscribe((m) => received.push(m));
      await until('the feed to be live', () => down!.status === 'live', 60_000);
      await produceJson(aTick('ADA/USDT', 0.5));
      await until('a tick', () => received.length === 1);
      expect(received).toEqual([expect.objectContaining({ symbol: 'ADA/USDT', price: 0.5 })]);
    }, 120_000);
  });
});
