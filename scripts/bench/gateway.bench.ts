import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { createTestDatabase, type TestDatabase } from '@crypto/storage';
import { BTC_FILE, buildApps, freePort, startApp, stop, waitForHealth } from '../app-processes';
import { type BenchResult, machine, round } from './bench-recorder';

const CONNECTIONS = 50;
const DURATION_S = 20;
const WARMUP_S = 3;
const SIGNAL_BODY = JSON.stringify({ symbol: 'BTCUSDT', exchange: 'binance', timeframe: '1h', limit: 200 });
const TARGET = { signal_rps: 3000, signal_p99_ms: 25, errors: 0 };

export interface LoadFigures {
  requests_per_s: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  requests: number;
  errors: number;
  timeouts: number;
  non_2xx: number;
}

/**
 * `pnpm bench gateway`: the built gateway (`apps/gateway/dist/main.js`, built first through Nx, run by
 * plain `node` as `main.ts` serves it in production: JSON logs on, to a file; rate limit on, through Redis,
 * with a budget above the load; every signal persisted by group commit) against the real PostgreSQL (a fresh
 * database) and Redis, with market data from the offline emulator on the recorded BTC file. One signal call
 * first fetches and stores the candles, so the load runs with them stored (and cached in process, as in
 * steady state). autocannon runs in this process: on 2 cores the load generator and the gateway share them.
 */
export async function run(): Promise<BenchResult> {
  const host = machine();
  buildApps('gateway');
  const db = await createTestDatabase();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const { child: gateway, logFile } = startGateway(db, port);
  try {
    await waitForHealth(`${base}/health`, 'the gateway');
    const first = await fetch(`${base}/v1/crypto/signal`, {
      method: 'POST',
      body: SIGNAL_BODY,
      headers: JSON_HEADERS,
    });
    if (!first.ok) throw new Error(`the first signal failed: ${first.status} ${await first.text()}`);
    const storedCandles = await count(db, 'candles');

    await load(base, 'POST', '/v1/crypto/signal', WARMUP_S);
    const signalsBefore = await count(db, 'signals');
    const signal = await load(base, 'POST', '/v1/crypto/signal', DURATION_S);
    const persisted = (await count(db, 'signals')) - signalsBefore;
    await load(base, 'GET', '/health', WARMUP_S);
    const health = await load(base, 'GET', '/health', DURATION_S);

    const figures = {
      gateway:
        'apps/gateway/dist/main.js (node, production build), LOG_LEVEL=info to a file, rate limit on (Redis)',
      connections: CONNECTIONS,
      duration_s: DURATION_S,
      candles_stored_before_load: storedCandles,
      signal,
      signal_rows_persisted: persisted,
      signal_2xx: signal.requests - signal.non_2xx,
      health,
      targets: TARGET,
      meets_targets:
        signal.requests_per_s >= TARGET.signal_rps &&
        signal.p99_ms <= TARGET.signal_p99_ms &&
        signal.errors + signal.non_2xx === TARGET.errors,
      log_file: logFile,
    };
    return {
      benchmark: 'gateway',
      date: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      machine: host,
      figures,
      summary:
        `POST /v1/crypto/signal ${signal.requests_per_s} req/s, p50 ${signal.p50_ms} ms, p99 ${signal.p99_ms} ms, ` +
        `${signal.errors} errors, ${signal.non_2xx} non-2xx, ${persisted} rows persisted for ${signal.requests - signal.non_2xx} answers; ` +
        `GET /health ${health.requests_per_s} req/s, p50 ${health.p50_ms} ms, p99 ${health.p99_ms} ms, ${health.errors} errors ` +
        `(${CONNECTIONS} connections, ${DURATION_S} s each; targets ≥ ${TARGET.signal_rps} req/s, p99 ≤ ${TARGET.signal_p99_ms} ms: ${figures.meets_targets ? 'met' : 'not met'})`,
    };
  } finally {
    await stop(gateway);
    await db.drop();
  }
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/** The gateway as the benchmarks run it: JSON logs at info, the rate limit checked in Redis above the load. */
export function startGateway(db: TestDatabase, port: number): ReturnType<typeof startApp> {
  return startApp('gateway', {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: db.url,
    LOG_LEVEL: 'info',
    MARKET_DATA_MODE: 'offline',
    RECORDED_MARKETS: `BTC/USDT@1h=${BTC_FILE}`,
    // the limit is checked in Redis on every request; the budget is above what the load sends
    RATE_LIMIT_POINTS: '100000000',
    RATE_LIMIT_PREFIX: `bench:rate-limit:${randomBytes(4).toString('hex')}`,
  });
}

export async function load(
  base: string,
  method: 'GET' | 'POST',
  path: string,
  seconds: number,
): Promise<LoadFigures> {
  const result = await autocannon({
    url: `${base}${path}`,
    method,
    connections: CONNECTIONS,
    duration: seconds,
    ...(method === 'POST' ? { body: SIGNAL_BODY, headers: JSON_HEADERS } : {}),
  });
  return {
    requests_per_s: round(result.requests.average, 0),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    max_ms: result.latency.max,
    requests: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    non_2xx: result.non2xx,
  };
}

async function count(db: TestDatabase, table: 'candles' | 'signals'): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0]!.n;
}
