import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { readCandleCsv, type Candle } from '@crypto/candles';
import { loadEnv, ServicesEnv } from '@crypto/config';
import { createKafka, ensureTopics, type CandleMessage, type PriceTick } from '@crypto/messaging';
import { MlflowClient } from '@crypto/registry';
import { CandleRepository, createTestDatabase, createTestObjectStorage } from '@crypto/storage';
import { promoteSmokeChampion } from '@crypto/training';
import { BTC_FILE, buildApps, freePort, startApp, stop, waitForHealth } from '../app-processes';
import { type BenchResult, machine, round } from './bench-recorder';

const BURST = 1_500;
const SYMBOLS = 50;
const RATE = 1_000; // candles/s across the symbols
const SUSTAIN_S = 10;
const TICK_S = 10;
const HISTORY = 1_000;
const TARGET = { burst_s: 3, heuristic_p95_ms: 50, model_p95_ms: 200, ticks_per_s: 5_000 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const symbolOf = (i: number) => `S${String(i).padStart(2, '0')}/USDT`;
const quantile = (sorted: number[], q: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const message = (symbol: string, c: Candle): CandleMessage => ({
  symbol,
  timeframe: '1h',
  ...c,
  closed: true,
});

/** Reads the predictions topic in this process: when each prediction id arrived. */
async function predictionReader(kafka: Kafka, topic: string) {
  const arrived = new Map<string, number>();
  const consumer = kafka.consumer({
    groupId: `bench-reader-${randomBytes(4).toString('hex')}`,
    maxWaitTimeInMs: 10,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const now = Date.now();
      for (const m of batch.messages) {
        const id = (JSON.parse(m.value!.toString()) as { id: string }).id;
        if (!arrived.has(id)) arrived.set(id, now);
      }
    },
  });
  return { arrived, stop: () => consumer.disconnect() };
}

/**
 * `pnpm bench stream`: the built stream consumer (`node apps/stream-consumer/dist/main.js`, one fresh database,
 * topics of the run) fed by this process through Kafka. (a) a burst of 1,500 closed candles of a fresh symbol
 * produced at once: seconds until its last prediction is read back; (b) 1,000 candles/s across 50 symbols
 * (each with 1,000 stored candles of history) for 10 s: candle produced → prediction read latency; (c) ticks
 * produced as fast as one producer sends them for 10 s: ticks/s the consumer processes and its lag at the end.
 * Heuristic only, then with a smoke champion trained and promoted in the run, then (b) with two replicas.
 */
export async function run(): Promise<BenchResult> {
  const host = machine();
  buildApps('stream-consumer');
  const services = loadEnv(ServicesEnv);
  const kafka = createKafka(services, 'bench-stream');
  const admin = kafka.admin();
  await admin.connect();
  const suffix = randomBytes(4).toString('hex');
  const topics = {
    prices: `bench-prices-${suffix}`,
    predictions: `bench-predictions-${suffix}`,
    alerts: `bench-alerts-${suffix}`,
  };
  await ensureTopics(admin, [
    { topic: topics.prices, partitions: 3, retentionMs: 3_600_000 },
    { topic: topics.predictions, partitions: 3, retentionMs: 3_600_000 },
    { topic: topics.alerts, partitions: 1, retentionMs: 3_600_000 },
    { topic: `${topics.prices}.dlq`, partitions: 1, retentionMs: 3_600_000 },
  ]);
  const producer = kafka.producer();
  await producer.connect();
  const db = await createTestDatabase();
  const minio = await createTestObjectStorage();
  const modelName = `bench-stream-${suffix}`;
  const recorded = await readCandleCsv(BTC_FILE);
  const reader = await predictionReader(kafka, topics.predictions);
  const children: { child: import('node:child_process').ChildProcess }[] = [];
  let lap = 0;
  const startConsumer = async (model: string) => {
    const port = await freePort();
    const app = startApp('stream-consumer', {
      METRICS_PORT: String(port),
      DATABASE_URL: db.url,
      STREAM_PRICES_TOPIC: topics.prices,
      STREAM_PREDICTIONS_TOPIC: topics.predictions,
      STREAM_ALERTS_TOPIC: topics.alerts,
      STREAM_CONSUMER_GROUP: `bench-stream-${suffix}`,
      MODEL_NAME: model,
      MARKET_DATA_MODE: 'exchange',
      EXCHANGE_BASE_URL: 'http://127.0.0.1:9',
    });
    children.push(app);
    const base = `http://127.0.0.1:${port}`;
    await waitForHealth(`${base}/health`, 'the stream consumer');
    return { ...app, base };
  };
  const stopAll = async () => {
    for (const { child } of children.splice(0)) await stop(child);
  };
  const waitFor = async (ids: string[], timeoutMs = 120_000) => {
    const deadline = Date.now() + timeoutMs;
    while (ids.some((id) => !reader.arrived.has(id))) {
      if (Date.now() > deadline)
        throw new Error(`${ids.filter((id) => !reader.arrived.has(id)).length} predictions missing`);
      await sleep(5);
    }
  };

  // (a) every candle of a fresh symbol in one send
  const burst = async () => {
    const symbol = `BURST${lap++}/USDT`;
    const candles = recorded.slice(-BURST);
    const t0 = Date.now();
    await producer.send({
      topic: topics.prices,
      messages: candles.map((c) => ({ key: symbol, value: JSON.stringify(message(symbol, c)) })),
    });
    await waitFor(candles.map((c) => `${symbol}|1h|${c.ts}`));
    return round(
      (Math.max(...candles.map((c) => reader.arrived.get(`${symbol}|1h|${c.ts}`)!)) - t0) / 1000,
      3,
    );
  };

  // (b) one candle per symbol every 50 ms: 1,000 candles/s; the symbols have stored history
  let cursor = recorded.length - 2_000;
  const candleRound = (candle: Candle) =>
    Array.from({ length: SYMBOLS }, (_, i) => ({
      key: symbolOf(i),
      value: JSON.stringify(message(symbolOf(i), candle)),
    }));
  const sustained = async () => {
    // steady state: a first candle per symbol warms the markets a (re)started consumer does not hold yet
    // (1,000 stored candles read each); its time is reported apart
    const warmCandle = recorded[cursor++]!;
    const warmStart = Date.now();
    await producer.send({ topic: topics.prices, messages: candleRound(warmCandle) });
    await waitFor(Array.from({ length: SYMBOLS }, (_, i) => `${symbolOf(i)}|1h|${warmCandle.ts}`));
    const warm_up_s = round((Date.now() - warmStart) / 1000, 3);
    const produced = new Map<string, number>();
    const every = (1000 * SYMBOLS) / RATE;
    const start = Date.now();
    for (let k = 0; Date.now() - start < SUSTAIN_S * 1000; k++) {
      const candle = recorded[cursor++]!;
      const at = Date.now();
      await producer.send({ topic: topics.prices, messages: candleRound(candle) });
      for (let i = 0; i < SYMBOLS; i++) produced.set(`${symbolOf(i)}|1h|${candle.ts}`, at);
      await sleep(Math.max(0, start + (k + 1) * every - Date.now()));
    }
    const seconds = (Date.now() - start) / 1000;
    await waitFor([...produced.keys()]);
    const latencies = [...produced].map(([id, at]) => reader.arrived.get(id)! - at).sort((a, b) => a - b);
    return {
      warm_up_s,
      candles: produced.size,
      candles_per_s: round(produced.size / seconds, 0),
      p50_ms: quantile(latencies, 0.5),
      p95_ms: quantile(latencies, 0.95),
      p99_ms: quantile(latencies, 0.99),
    };
  };

  // (c) ticks as fast as one producer sends them, in batches of 1,000
  const ticks = async (base: string) => {
    const counted = async () => {
      const text = await (await fetch(`${base}/metrics`)).text();
      return Number(/stream_consumer_messages_total\{kind="tick"[^}]*\} (\d+)/.exec(text)?.[1] ?? 0);
    };
    const before = await counted();
    const start = Date.now();
    let sent = 0;
    while (Date.now() - start < TICK_S * 1000) {
      const messages = Array.from({ length: 1_000 }, (_, j) => {
        const symbol = symbolOf(j % SYMBOLS);
        const tick: PriceTick = { symbol, price: 100 + j, volume: 1, timestamp: Date.now(), source: 'bench' };
        return { key: symbol, value: JSON.stringify(tick) };
      });
      await producer.send({ topic: topics.prices, messages });
      sent += messages.length;
    }
    const processed = (await counted()) - before;
    const seconds = (Date.now() - start) / 1000;
    await sleep(2_000);
    const health = (await (await fetch(`${base}/health`)).json()) as { lag: number };
    return {
      ticks_sent_per_s: round(sent / seconds, 0),
      ticks_processed_per_s: round(processed / seconds, 0),
      lag_2s_after: health.lag,
    };
  };

  try {
    const repository = new CandleRepository(db.pool);
    const history = recorded.slice(cursor - HISTORY, cursor).map((c) => ({ ...c, isFinal: true }));
    for (let i = 0; i < SYMBOLS; i++) {
      await repository.upsert({ exchange: 'binance', symbol: symbolOf(i), timeframe: '1h' }, history);
    }

    const heuristic = await startConsumer(`bench-none-${suffix}`);
    const heuristicBurst = await burst();
    const heuristicSustained = await sustained();
    const tickRates = await ticks(heuristic.base);
    await stopAll();

    // a smoke champion of the BTC file, trained and promoted in this run
    await promoteSmokeChampion({
      databaseUrl: db.url,
      pool: db.pool,
      storage: minio,
      modelName,
      candles: recorded.slice(-2_600),
    });

    const withModel = await startConsumer(modelName);
    const deadline = Date.now() + 60_000;
    while (
      !((await (await fetch(`${withModel.base}/health`)).json()) as { model_version: string | null })
        .model_version
    ) {
      if (Date.now() > deadline) throw new Error('the consumer did not load the champion');
      await sleep(200);
    }
    const modelBurst = await burst();
    const modelSustained = await sustained();
    await startConsumer(modelName);
    await sleep(3_000); // the group rebalances onto both
    const twoReplicas = await sustained();
    await stopAll();

    const figures = {
      app: 'apps/stream-consumer/dist/main.js (node, production build), one database, topics of the run',
      burst_1500_s: { heuristic: heuristicBurst, with_model: modelBurst },
      sustained_1000_per_s_50_symbols: {
        heuristic: heuristicSustained,
        with_model: modelSustained,
        with_model_two_replicas: twoReplicas,
      },
      ticks: tickRates,
      targets: TARGET,
      meets_targets:
        modelBurst <= TARGET.burst_s &&
        heuristicSustained.p95_ms <= TARGET.heuristic_p95_ms &&
        modelSustained.p95_ms <= TARGET.model_p95_ms &&
        tickRates.ticks_processed_per_s >= TARGET.ticks_per_s,
    };
    return {
      benchmark: 'stream',
      date: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      machine: host,
      figures,
      summary:
        `burst of ${BURST} closed candles (fresh symbol): ${heuristicBurst} s heuristic, ${modelBurst} s with the champion; ` +
        `${RATE} candles/s × ${SYMBOLS} symbols after a warm-up candle each (${heuristicSustained.warm_up_s} s for the cold markets), produce→prediction p50/p95/p99: heuristic ${heuristicSustained.p50_ms}/${heuristicSustained.p95_ms}/${heuristicSustained.p99_ms} ms, ` +
        `with model ${modelSustained.p50_ms}/${modelSustained.p95_ms}/${modelSustained.p99_ms} ms, two replicas ${twoReplicas.p50_ms}/${twoReplicas.p95_ms}/${twoReplicas.p99_ms} ms; ` +
        `ticks ${tickRates.ticks_processed_per_s}/s processed (${tickRates.ticks_sent_per_s}/s sent, lag ${tickRates.lag_2s_after} 2 s after) ` +
        `(targets ≤ ${TARGET.burst_s} s, p95 ≤ ${TARGET.heuristic_p95_ms} / ${TARGET.model_p95_ms} ms, ≥ ${TARGET.ticks_per_s} ticks/s: ${figures.meets_targets ? 'met' : 'not met'})`,
    };
  } finally {
    await stopAll();
    await reader.stop();
    await producer.disconnect();
    await admin
      .deleteTopics({ topics: [...Object.values(topics), `${topics.prices}.dlq`] })
      .catch(() => undefined);
    await admin.disconnect();
    await new MlflowClient(services.MLFLOW_TRACKING_URI)
      .deleteRegisteredModel(modelName)
      .catch(() => undefined);
    await minio.drop();
    await db.drop();
  }
}
