import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { credentials, loadPackageDefinition, type Client, type ClientReadableStream } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { Partitioners } from 'kafkajs';
import { loadEnv, ServicesEnv } from '@crypto/config';
import { createKafka, ensureTopics, type PriceTick } from '@crypto/messaging';
import { createTestDatabase } from '@crypto/storage';
import { BTC_FILE, buildApps, freePort, goTool, ROOT, startApp, stop, waitForHealth } from '../app-processes';
import { type BenchResult, machine, round } from './bench-recorder';
import { load, startGateway } from './gateway.bench';

const PROTO = join(ROOT, 'proto/crypto_service.proto');
const GHZ = 'github.com/bojand/ghz/cmd/ghz@v0.93.0';
const CONCURRENCY = 50;
const DURATION_S = 20;
const WARMUP_S = 3;
const SIGNAL_REQUEST = { symbol: 'BTCUSDT', exchange: 'binance', timeframe: '1h', limit: 200 };
const STREAMS = 200;
const STREAM_SYMBOLS = 10;
/** per symbol, a tick this often: above the streams' interval, so no tick is held back by the pacing */
const TICK_EVERY_MS = 150;
const STREAM_INTERVAL_MS = 100;
const STREAM_S = 15;
const TARGET = { unary_p99_ms: 15, stream_p99_ms: 50 };

interface UnaryFigures {
  tool: string;
  calls_per_s: number;
  p50_ms: number;
  p99_ms: number;
  calls: number;
  errors: number;
  cut_at_end: number;
  status_codes: Record<string, number>;
}

/**
 * `pnpm bench grpc`: the built gRPC server and gateway (`node apps/<app>/dist/main.js`, production settings,
 * offline emulator on the recorded BTC file, one fresh PostgreSQL database, every signal persisted) in one run:
 * GenerateSignal at 50 concurrent calls for 20 s with ghz (Go, from the module proxy) beside REST
 * `POST /v1/crypto/signal` with autocannon at 50 connections, the same request; then StreamPrices fan-out: 200
 * streams of one grpc-js channel, each on every symbol, while this process produces ticks of 10 symbols to a
 * Kafka topic of the run, each tick stamped when produced: updates delivered per second and tick-to-client
 * latency (produce → Kafka → server feed → stream → client). Load generators share the 2 cores with the apps.
 */
export async function run(): Promise<BenchResult> {
  const host = machine();
  buildApps('gateway', 'grpc-server');
  const ghz = goTool('ghz', GHZ);
  const services = loadEnv(ServicesEnv);
  const topic = `bench-grpc-prices-${randomBytes(4).toString('hex')}`;
  const kafka = createKafka(services, 'bench-grpc');
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [{ topic, partitions: 3, retentionMs: 3_600_000 }]);
  const db = await createTestDatabase();
  const [restPort, grpcPort, opsPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const gateway = startGateway(db, restPort);
  const grpc = startApp('grpc-server', {
    GRPC_PORT: String(grpcPort),
    METRICS_PORT: String(opsPort),
    DATABASE_URL: db.url,
    MARKET_DATA_MODE: 'offline',
    RECORDED_MARKETS: `BTC/USDT@1h=${BTC_FILE}`,
    STREAM_PRICES_TOPIC: topic,
  });
  try {
    const base = `http://127.0.0.1:${restPort}`;
    await Promise.all([
      waitForHealth(`${base}/health`, 'the gateway'),
      waitForHealth(`http://127.0.0.1:${opsPort}/health`, 'the gRPC server'),
    ]);
    const first = await fetch(`${base}/v1/crypto/signal`, {
      method: 'POST',
      body: JSON.stringify(SIGNAL_REQUEST),
      headers: { 'content-type': 'application/json' },
    });
    if (!first.ok) throw new Error(`the first signal failed: ${first.status} ${await first.text()}`);

    const target = `127.0.0.1:${grpcPort}`;
    const unary = (seconds: number) =>
      'path' in ghz ? ghzSignal(ghz.path, target, seconds) : Promise.reject(new Error(ghz.unavailable));
    await unary(WARMUP_S);
    const grpcSignal = await unary(DURATION_S);
    await load(base, 'POST', '/v1/crypto/signal', WARMUP_S);
    const restSignal = await load(base, 'POST', '/v1/crypto/signal', DURATION_S);
    const fanOut = await streamFanOut(target, kafka, topic);

    const figures = {
      apps: 'apps/grpc-server/dist/main.js and apps/gateway/dist/main.js (node, production build), one database',
      generate_signal: { ...grpcSignal, concurrency: CONCURRENCY, duration_s: DURATION_S },
      rest_signal: {
        tool: 'autocannon',
        calls_per_s: restSignal.requests_per_s,
        p50_ms: restSignal.p50_ms,
        p99_ms: restSignal.p99_ms,
        calls: restSignal.requests,
        errors: restSignal.errors + restSignal.non_2xx,
        connections: CONCURRENCY,
        duration_s: DURATION_S,
      },
      stream_fan_out: fanOut,
      targets: { ...TARGET, unary_at_least_rest: true },
      meets_targets:
        grpcSignal.calls_per_s >= restSignal.requests_per_s &&
        grpcSignal.p99_ms <= TARGET.unary_p99_ms &&
        fanOut.tick_to_client_ms.p99 <= TARGET.stream_p99_ms,
      log_files: [gateway.logFile, grpc.logFile],
    };
    return {
      benchmark: 'grpc',
      date: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      machine: host,
      figures,
      summary:
        `GenerateSignal (${grpcSignal.tool}, ${CONCURRENCY} concurrent, ${DURATION_S} s) ${grpcSignal.calls_per_s} calls/s, ` +
        `p50 ${grpcSignal.p50_ms} ms, p99 ${grpcSignal.p99_ms} ms, ${grpcSignal.errors} errors; REST POST /v1/crypto/signal ` +
        `(autocannon, same run) ${restSignal.requests_per_s} req/s, p50 ${restSignal.p50_ms} ms, p99 ${restSignal.p99_ms} ms; ` +
        `StreamPrices ${STREAMS} streams × ${STREAM_SYMBOLS} symbols: ${fanOut.updates_per_s} updates/s delivered ` +
        `(${fanOut.delivered_fraction} of expected), tick-to-client p50 ${fanOut.tick_to_client_ms.p50} ms, ` +
        `p99 ${fanOut.tick_to_client_ms.p99} ms (targets: unary ≥ REST and p99 ≤ ${TARGET.unary_p99_ms} ms, ` +
        `stream p99 ≤ ${TARGET.stream_p99_ms} ms: ${figures.meets_targets ? 'met' : 'not met'})`,
    };
  } finally {
    await Promise.all([stop(grpc.child), stop(gateway.child)]);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    await db.drop();
  }
}

const cutAtEnd = (message: string): boolean =>
  message.includes('transport is closing') || message.includes('context canceled');
const sum = (counts: Record<string, number>, which: (key: string) => boolean): number =>
  Object.entries(counts)
    .filter(([key]) => which(key))
    .reduce((total, [, n]) => total + n, 0);

async function ghzSignal(ghz: string, target: string, seconds: number): Promise<UnaryFigures> {
  const result = spawnSync(
    ghz,
    [
      '--insecure',
      '--proto',
      PROTO,
      '--call',
      'crypto.CryptoService.GenerateSignal',
      '-d',
      JSON.stringify(SIGNAL_REQUEST),
      '-c',
      String(CONCURRENCY),
      '-z',
      `${seconds}s`,
      '--format',
      'json',
      target,
    ],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  if (result.status !== 0) throw new Error(`ghz failed: ${result.stderr}`);
  const report = JSON.parse(result.stdout) as {
    count: number;
    rps: number;
    latencyDistribution: { percentage: number; latency: number }[];
    statusCodeDistribution: Record<string, number>;
    errorDistribution: Record<string, number>;
  };
  const percentile = (p: number) =>
    round((report.latencyDistribution.find((d) => d.percentage === p)?.latency ?? NaN) / 1e6, 2);
  return {
    tool: `ghz ${GHZ.split('@')[1]}`,
    calls_per_s: round(report.rps, 0),
    p50_ms: percentile(50),
    p99_ms: percentile(99),
    calls: report.count,
    // when the duration ends ghz cancels the calls still in flight ("context canceled") or closes the
    // connection under them ("transport is closing"), at most one per worker: not failures of the server
    errors: sum(report.errorDistribution, (message) => !cutAtEnd(message)),
    cut_at_end: sum(report.errorDistribution, cutAtEnd),
    status_codes: report.statusCodeDistribution,
  };
}

type StreamClient = Client & {
  StreamPrices(request: { symbols: string[]; update_interval_ms: number }): ClientReadableStream<{
    symbol: string;
    timestamp: number;
  }>;
};

async function streamFanOut(target: string, kafka: ReturnType<typeof createKafka>, topic: string) {
  const definition = loadSync(PROTO, { keepCase: true, longs: Number, defaults: true });
  const CryptoService = (
    loadPackageDefinition(definition) as unknown as {
      crypto: {
        CryptoService: new (t: string, c: ReturnType<typeof credentials.createInsecure>) => StreamClient;
      };
    }
  ).crypto.CryptoService;
  const client = new CryptoService(target, credentials.createInsecure());
  const latencies: number[] = [];
  let measuring = false;
  let received = 0;
  const streams = Array.from({ length: STREAMS }, () => {
    const call = client.StreamPrices({ symbols: [], update_interval_ms: STREAM_INTERVAL_MS });
    call.on('data', (update) => {
      if (!measuring) return;
      received++;
      latencies.push(Date.now() - update.timestamp);
    });
    call.on('error', () => undefined);
    return call;
  });
  const producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  const symbols = Array.from({ length: STREAM_SYMBOLS }, (_, i) => `B${i}/USDT`);
  const tick = (symbol: string): PriceTick => ({
    symbol,
    price: 100 + Math.random(),
    volume: 1,
    timestamp: Date.now(),
    source: 'bench',
  });
  const send = (symbol: string) =>
    producer.send({ topic, messages: [{ key: symbol, value: JSON.stringify(tick(symbol)) }] });
  // live ticks of different symbols do not arrive together: one symbol every TICK_EVERY_MS / symbols
  const step = TICK_EVERY_MS / STREAM_SYMBOLS;
  const produceFor = async (ms: number): Promise<number> => {
    const started = Date.now();
    let sent = 0;
    while (Date.now() - started < ms) {
      await send(symbols[sent % symbols.length]!);
      sent++;
      const due = started + sent * step;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
    }
    return sent;
  };
  // the server's feed joins its group after start: warm up until ticks arrive on the streams
  measuring = true;
  const warmupUntil = Date.now() + 30_000;
  while (received === 0 && Date.now() < warmupUntil) await produceFor(TICK_EVERY_MS);
  await produceFor(2_000);
  latencies.length = 0;
  received = 0;
  const started = Date.now();
  const produced = await produceFor(STREAM_S * 1000);
  await new Promise((resolve) => setTimeout(resolve, 500));
  measuring = false;
  const elapsed = (Date.now() - started) / 1000;
  for (const call of streams) call.cancel();
  client.close();
  await producer.disconnect();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  return {
    streams: STREAMS,
    symbols: STREAM_SYMBOLS,
    tick_every_ms: TICK_EVERY_MS,
    update_interval_ms: STREAM_INTERVAL_MS,
    duration_s: STREAM_S,
    ticks_produced: produced,
    updates_received: latencies.length,
    updates_per_s: round(latencies.length / elapsed, 0),
    delivered_fraction: round(latencies.length / (produced * STREAMS), 3),
    tick_to_client_ms: { p50: pct(50), p95: pct(95), p99: pct(99), max: latencies.at(-1) ?? NaN },
  };
}
