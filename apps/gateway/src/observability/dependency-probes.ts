import { once } from 'node:events';
import type IORedis from 'ioredis';
import { createKafka } from '@crypto/messaging';
import type { ServicesEnv } from '@crypto/config';
import type { ExchangeAccess } from '@crypto/market-data';
import type { ChampionModelSource } from '@crypto/serving';
import type { DependencyProbe } from '@crypto/observability';

/** `redis` must fail fast while disconnected (no offline queue), as the gateway's connection does. */
export const redisProbe = (redis: IORedis): DependencyProbe => ({
  name: 'redis',
  check: async (signal) => {
    // (re)connecting: wait for it within the probe's time; an ended connection will not come back
    if (redis.status !== 'ready') {
      if (redis.status === 'end') throw new Error('connection closed');
      await once(redis, 'ready', { signal });
    }
    const info = await redis.info('server');
    return { ping: await redis.ping(), version: /^redis_version:(.+)$/m.exec(info)?.[1]?.trim() };
  },
});

/** A short-lived admin client per probe: the gateway holds no Kafka connection of its own to ask. */
export const kafkaProbe = (env: Pick<ServicesEnv, 'KAFKA_BROKERS' | 'KAFKA_CLIENT_ID'>): DependencyProbe => ({
  name: 'kafka',
  check: async () => {
    const admin = createKafka(env, `${env.KAFKA_CLIENT_ID}-gateway-health`).admin({ retry: { retries: 0 } });
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      return { brokers: cluster.brokers.length, controller: cluster.controller };
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  },
});

/**
 * `fetch` whose failure names the address and the cause: undici says only "fetch failed", with the reason
 * (ECONNREFUSED: the process is not running) in `cause`.
 */
async function fetchOrExplain(url: string, signal: AbortSignal): Promise<Response> {
  try {
    return await fetch(url, { signal });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
  }
}

/** A dependency with an HTTP health endpoint (MinIO `/minio/health/live`). */
export const httpProbe = (name: string, url: string): DependencyProbe => ({
  name,
  check: async (signal) => {
    const res = await fetchOrExplain(url, signal);
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${url} answered ${res.status}`);
    return { url };
  },
});

/** MLflow's `/version` (plain text): it answers only when the tracking server is up. */
export const mlflowProbe = (trackingUri: string): DependencyProbe => ({
  name: 'mlflow',
  check: async (signal) => {
    const url = new URL('/version', trackingUri).toString();
    const res = await fetchOrExplain(url, signal);
    const text = (await res.text()).trim();
    if (!res.ok) throw new Error(`${url} answered ${res.status}`);
    return { url: trackingUri, version: text };
  },
});

/** Prometheus' build information (`/api/v1/status/buildinfo`). */
export const prometheusProbe = (url: string): DependencyProbe => ({
  name: 'prometheus',
  check: async (signal) => {
    const endpoint = new URL('/api/v1/status/buildinfo', url).toString();
    const res = await fetchOrExplain(endpoint, signal);
    const body = (await res.json().catch(() => null)) as { data?: { version?: string } } | null;
    if (!res.ok) throw new Error(`${endpoint} answered ${res.status}`);
    return { url, version: body?.data?.version };
  },
});

/**
 * Another app of the platform through its ops `/health` (startOpsServer): up while it answers and is not
 * `down`; its own status (`ok` / `degraded`) and the code version it runs come with it.
 */
export const appProbe = (name: string, healthUrl: string): DependencyProbe => ({
  name,
  check: async (signal) => {
    const res = await fetchOrExplain(healthUrl, signal);
    const body = (await res.json().catch(() => null)) as { status?: string; version?: string } | null;
    if (!res.ok || body?.status === 'down') {
      throw new Error(`${healthUrl} answered ${res.status}${body?.status ? ` (${body.status})` : ''}`);
    }
    return { url: healthUrl, state: body?.status, version: body?.version };
  },
});

export const modelProbe = (source: ChampionModelSource): DependencyProbe => ({
  name: 'model',
  check: () => {
    const info = source.info;
    if (!info) return Promise.reject(new Error('no model loaded (none promoted yet, or loading failed)'));
    return Promise.resolve({ model_name: info.model_name, model_version: info.model_version });
  },
});

/**
 * The market data source: the exchange through ccxt (a ticker of the default market, the cheapest public
 * call), or in offline mode the in-process emulator replaying the recorded files, through the same client.
 * The mode is the one chosen at boot (`MARKET_DATA_MODE`, `auto` decided by a probe of the exchange), with
 * why; a failure names it too, since the details of a probe that fails are not reported.
 */
export const exchangeProbe = (
  access: ExchangeAccess,
  exchangeId = 'binance',
  symbol = 'BTC/USDT',
): DependencyProbe => ({
  name: 'exchange',
  check: async () => {
    const { mode, decidedBy, reason } = access.resolution;
    const chosen = { mode, mode_decided_by: decidedBy, mode_reason: reason };
    const ticker = await access.exchanges
      .get(exchangeId)
      .fetchTicker(symbol)
      .catch((error: unknown) => {
        throw new Error(`${(error as Error).message} (${mode} mode: ${reason})`);
      });
    return access.emulator
      ? {
          ...chosen,
          source: `recorded markets replayed by the emulator at ${access.emulator.url}`,
          exchange: exchangeId,
          price: ticker.price,
        }
      : { ...chosen, exchange: exchangeId, symbol, price: ticker.price };
  },
});
