import { existsSync } from 'node:fs';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';

/** docs/benchmarks.md: one table row per benchmark run. */
export const BENCHMARKS_FILE = join(__dirname, '../../docs/benchmarks.md');

const HEADER = `# Benchmarks

Measured by \`pnpm bench <name>\` (\`scripts/bench/<name>.bench.ts\`); each run prints its result as JSON and
appends one row here. Figures are medians of several timed runs after warm-up runs, in one process (one
core), the cases of a benchmark interleaved run by run: wall clock, with the CPU time of the same runs in
brackets. The machine is shared with other work: the 1-minute load average at the start of the run is in the
machine column, and a wall figure well above its CPU figure means the process waited for a core.

| benchmark | what it measures |
| --- | --- |
| features | \`batch_btc\`: batch features (\`computeFeatureColumns\`) over the whole recorded BTC file (43,779 1h candles), candles/s. \`pandas_batch_btc\`: the baseline, the same 12 columns (SPEC §5 and the two range variances) of the same file in vectorised pandas (\`scripts/bench/python/features_pandas.py\`, pinned \`requirements.txt\`, venv \`.local/venv/bench\` created on first run), timed like \`batch_btc\` (3 warm-up, median of 15 runs; both time the parsed candles to the feature table, CSV parsing excluded), candles/s and ms, how many times as fast \`batch_btc\` is, and the cross-check of the two tables (max abs and relative difference over the values both define, count of NaN position mismatches); \`unavailable\` with the reason when Python, the venv or pip failed. Rows before 2026-11-25 13:50 UTC have no \`pandas_batch_btc\`. \`batch_100k\`: the same over 100k synthetic candles, ms (target < 50 ms). \`incremental_update_into\`: the incremental update, \`FeatureState.updateInto\` over 1M synthetic candles: each candle taken and all 12 features computed into one reused Float64Array, nothing allocated (the stream consumer's path; all candles of the run in one object shape, as in an app fed by one source), ns/candle and updates/s (target ≥ 5 M/s on one core). \`incremental_push\`: \`FeatureState.push\` alone (windows moved, no feature computed), ns/candle. \`incremental_update\`: \`FeatureState.update\`, the same features as a row object with nulls, ns/candle. Rows before 2026-11-25 13:30 UTC have no \`incremental_update_into\` and gave the target to \`incremental_push\`. \`signal_200\`: heuristic signal with its 5-row explanation computed from scratch for a 200-candle request (\`explainSignal\`), µs. |
| gateway | \`pnpm bench gateway\` builds the gateway (Nx) and runs \`apps/gateway/dist/main.js\` under plain \`node\` as in production (JSON logs at \`info\` written to a file under \`.local/bench/\`, the rate limit checked in Redis on every request with a budget above the load, every signal persisted by group commit before it is answered) on a fresh PostgreSQL database and the real Redis, market data from the offline emulator on the recorded BTC file; one signal call first fetches and stores the candles, so the load runs with them stored (and cached in process). autocannon runs in the bench process, sharing the 2 cores with the gateway, PostgreSQL and Redis: \`POST /v1/crypto/signal\` (\`{symbol:"BTCUSDT", exchange, timeframe:"1h", limit:200}\`) with 50 connections for 20 s after a 3 s warm-up, then \`GET /health\` the same (the framework's floor): requests/s (mean of the per-second counts), latency p50 and p99 (ms), connection errors, non-2xx answers, and the signal rows stored during the run against the 2xx answers (rows of the requests still in flight when autocannon stops are stored but not counted by it). Targets on this machine: ≥ 3,000 signal req/s, p99 ≤ 25 ms, zero errors. The 1-minute load shows the other work on the machine. Rows before 2026-11-25 14:55 UTC measured a gateway that logged each request twice and rebuilt helmet's headers per request (~210 µs of CPU per signal request, 165–205 µs after, measured the same way on the loaded machine); from 2026-11-25 15:09 UTC the rate-limit calls of concurrent requests are auto-pipelined to Redis. Each run takes about 50 s of both cores: rows measured while other sessions ran their own jobs (load above 2) show how much the figures move with them. |
| grpc | \`pnpm bench grpc\` builds the gateway and the gRPC server (Nx) and runs both built apps under plain \`node\` (production settings, offline emulator on the recorded BTC file, one fresh PostgreSQL database, every signal persisted by group commit; the gateway as in \`gateway\`). Unary: \`GenerateSignal\` (\`{symbol:"BTCUSDT", exchange, timeframe:"1h", limit:200}\`) with ghz v0.93.0 (installed into \`.local/bin\` by \`go install\` from the Go module proxy on first run) at 50 concurrent calls for 20 s after a 3 s warm-up, then, in the same run, REST \`POST /v1/crypto/signal\` with the same body through autocannon at 50 connections (as \`gateway\`): calls/s, p50, p99 (ms), errors (the calls ghz cuts when its duration ends, "transport is closing" or "context canceled"; rows before 2026-12-06 04:10 UTC counted the second kind as errors, one per worker, are counted apart as \`cut_at_end\`). Fan-out: 200 \`StreamPrices\` streams on one grpc-js channel in the bench process, each on every symbol at \`update_interval_ms\` 100, while the bench produces ticks of 10 symbols to a Kafka topic of the run, one symbol every 15 ms (each symbol every 150 ms, so the pacing holds no tick back), each stamped with the time it is produced, for 15 s after a warm-up: updates delivered per second, the fraction of the expected updates (ticks × streams) delivered, and tick-to-client latency p50 / p95 / p99 / max (produce → broker → the server's feed → the stream → the client, same clock). Targets: GenerateSignal at least the REST figure of the same run with p99 ≤ 15 ms; stream p99 ≤ 50 ms. Load generators (ghz in Go, autocannon and the stream client in Node) share the 2 cores with the apps, PostgreSQL and Kafka. |
| model | \`pnpm bench model\`: the default configuration (\`DEFAULT_MODEL_CONFIG\`) trained by \`trainVolatilityModel\` on the whole BTC file (chronological 70 / 15 / 15 % split of the windows with purge gaps of H; test window 2025-01-12 → 2025-10-05, 6,401 forecast origins): QLIKE, RMSE and R² (MAE too in the JSON) of the model, HAR-RV, EWMA (λ 0.94) and persistence on the test window, and QLIKE of the network's linear head alone (the same config with 0 epochs: what the BiLSTM adds); the backend; training windows/s (optimiser steps only), s/epoch, epochs run (best), whole training s; inference: \`predict\` of one window from the last 768 candles and \`predictSeries\` of 256 windows (inputs and network), ms (median of 15 runs). \`pnpm bench model --walk-forward\` (rows \`model --walk-forward\`): for each calendar year 2022–2025 (2025 up to 10-05) a model trained only on the candles before it (train / validation 80 / 17 %), scored with \`evaluateOnWindow\` on that year (HAR-RV refitted on all earlier data): QLIKE of model / HAR-RV / EWMA / persistence and of the linear head alone, and in how many folds the model beats HAR-RV. \`pnpm bench model --walk-forward --monthly\` (rows \`model --walk-forward --monthly\`): the same folds, but a model and its linear head alone retrained at the start of every month on all candles before it and scored on that month (HAR-RV refitted the same way), as a scheduled trainer keeps its champion fresh; the months pooled per fold (QLIKE and MAE weighted by origins, RMSE root of the pooled mean square): QLIKE of model / HAR-RV / EWMA / persistence and of the linear head, and how far below HAR-RV the model and the linear head are, %. \`pnpm bench model --seeds N\` (rows \`model --seeds N\`): the default configuration trained with seeds 1 … N on the default split, each scored on the default test window against its linear head alone (the same config and seed with 0 epochs; its QLIKE fit has no randomness): QLIKE mean ± sd (ddof 1), min … max of the model, of the linear head and of their per-seed difference (model − linear head: negative when the BiLSTM helps), and HAR-RV. Rows before 2026-11-25 15:00 UTC are of the first design (heads initialised at random, no linear-head start); rows before 2026-12-07 10:00 UTC are of 20 inputs (no \`log_parkinson_vol_monthly\`) and no refit on train + validation after early stopping. |
| stream | \`pnpm bench stream\` builds the stream consumer (Nx) and runs \`apps/stream-consumer/dist/main.js\` under plain \`node\` (production settings, one fresh PostgreSQL database, topics and a consumer group of the run, 3 partitions on \`crypto-prices\`); the bench process produces with kafkajs and reads the \`predictions\` topic back, on the same 2 cores. (a) 1,500 closed candles of a fresh symbol in one send: seconds until the last prediction is read. (b) one closed candle for each of 50 symbols (1,000 stored candles of history each) every 50 ms, 1,000 candles/s for 10 s, after one unmeasured candle per symbol that warms the markets the (re)started consumer does not hold yet (\`warm_up_s\`): produce → prediction read p50 / p95 / p99. (c) ticks in sends of 1,000 for 10 s: processed/s and the lag 2 s after. Heuristic only, then with a smoke champion trained and promoted in the run (\`SMOKE_MODEL_CONFIG\`, wasm backend), then (b) with a second replica. Targets: burst ≤ 3 s with the champion, p95 ≤ 50 ms heuristic and ≤ 200 ms with the model, ≥ 5,000 ticks/s. Rows before 2026-12-06 19:20 UTC measured the cold markets inside (b) and a model input series computed over every candle of the window (1.2 ms a market, 0.33 ms after). |

| date | machine (cpu, cores, node, load) | benchmark | figures |
| --- | --- | --- | --- |
`;

export interface Machine {
  cpu: string;
  cores: number;
  node: string;
  load1: number;
}

export function machine(): Machine {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    node: process.version,
    load1: Math.round(loadavg()[0]! * 100) / 100,
  };
}

export interface Timing {
  /** Median wall time of one run, ms. */
  medianMs: number;
  minMs: number;
  /** Median CPU time (user + system) of one run, ms: what the run cost when other processes share the cores. */
  cpuMedianMs: number;
  runs: number;
}

/**
 * Times each case `runs` times after `warmup` untimed calls (JIT, caches). Rounds interleave the cases (a, b,
 * c, a, b, c, …) so that a burst of other work on the shared machine spreads over all of them instead of
 * spoiling one; the median of each case's runs then resists it.
 */
export function timeCases<K extends string>(
  cases: Record<K, () => unknown>,
  { warmup = 3, runs = 9 } = {},
): Record<K, Timing> {
  const names = Object.keys(cases) as K[];
  for (let i = 0; i < warmup; i++) for (const name of names) cases[name]();
  const wall = new Map<K, number[]>(names.map((name) => [name, []]));
  const cpu = new Map<K, number[]>(names.map((name) => [name, []]));
  for (let i = 0; i < runs; i++) {
    for (const name of names) {
      const cpuStart = process.cpuUsage();
      const start = process.hrtime.bigint();
      cases[name]();
      wall.get(name)!.push(Number(process.hrtime.bigint() - start) / 1e6);
      const { user, system } = process.cpuUsage(cpuStart);
      cpu.get(name)!.push((user + system) / 1e3);
    }
  }
  const timing = (name: K): Timing => ({
    medianMs: round(median(wall.get(name)!), 3),
    minMs: round(Math.min(...wall.get(name)!), 3),
    cpuMedianMs: round(median(cpu.get(name)!), 3),
    runs,
  });
  return Object.fromEntries(names.map((name) => [name, timing(name)])) as Record<K, Timing>;
}

function median(samples: number[]): number {
  return [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
}

export function round(x: number, digits: number): number {
  return Number(x.toFixed(digits));
}

export interface BenchResult {
  benchmark: string;
  date: string;
  machine: Machine;
  figures: Record<string, unknown>;
  /** One line for the table in docs/benchmarks.md. */
  summary: string;
}

/** Prints the result as JSON on stdout and appends its row to docs/benchmarks.md (created with its header). */
export async function record(result: BenchResult): Promise<void> {
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  const { cpu, cores, node, load1 } = result.machine;
  const row = `| ${result.date} | ${cpu}, ${cores} cores, node ${node}, load ${load1} | ${result.benchmark} | ${result.summary} |\n`;
  if (!existsSync(BENCHMARKS_FILE)) {
    await mkdir(dirname(BENCHMARKS_FILE), { recursive: true });
    await writeFile(BENCHMARKS_FILE, HEADER);
  }
  await appendFile(BENCHMARKS_FILE, row);
}
