import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { readCandleCsv, type Candle } from '@crypto/candles';
import { loadEnv } from '@crypto/config';
import { BinanceEmulator, MarketDataEnv } from '@crypto/market-data';
import { until } from '@crypto/testing';
import { promoteSmokeChampion } from '@crypto/training';
import {
  createTestDatabase,
  createTestObjectStorage,
  type TestDatabase,
  type TestObjectStorage,
} from '@crypto/storage';
import { createGatewayApp } from '../gateway.app';
import { GatewayEnv } from '../gateway.env';

export const BTC_FILE = join(__dirname, '../../../../../shared/data/btcusdt-1h.csv');
/** 2025-10-06 16:00 UTC: the last candle of the recording (closed by the real clock) */
export const LAST_TS = 1759766400000;
export const HOUR = 3_600_000;
export const ADMIN_KEY = 'test-admin-key';

/**
 * A registered-model name nobody promotes: the app serves no model whatever the development MLflow holds
 * (the platform's champion is never loaded by a test).
 */
export const noChampionModelName = (): string => `test-no-champion-${randomBytes(4).toString('hex')}`;

export interface RestTestApp {
  app: NestFastifyApplication;
  /** the Node server for supertest */
  server: Server;
  db: TestDatabase;
  minio: TestObjectStorage;
  emulator: BinanceEmulator;
  recorded: Candle[];
  close(): Promise<void>;
}

/**
 * The gateway as `main.ts` builds it, on the real services (a fresh database and quality-report bucket),
 * with ccxt pointed at a Binance emulator serving the recorded BTC/USDT 1h file on the real clock (every
 * recorded candle is closed). Few exchange retries and a short timeout, so failure paths answer quickly.
 */
export async function startRestTestApp(settings: Record<string, string> = {}): Promise<RestTestApp> {
  const [db, minio, recorded] = await Promise.all([
    createTestDatabase(),
    createTestObjectStorage(),
    readCandleCsv(BTC_FILE),
  ]);
  const emulator = await new BinanceEmulator({
    markets: [{ symbol: 'BTC/USDT', timeframe: '1h', candles: recorded }],
  }).start();
  const env = loadEnv(GatewayEnv, {
    LOG_LEVEL: 'silent',
    DATABASE_URL: db.url,
    QUALITY_REPORTS_BUCKET: minio.bucket,
    ADMIN_API_KEYS: ADMIN_KEY,
    RATE_LIMIT_POINTS: '0',
    MODEL_NAME: noChampionModelName(),
    ...settings,
  });
  const marketData = loadEnv(MarketDataEnv, {
    // explicit: no reachability probe at boot (nor a ping in `emulator.requests`)
    MARKET_DATA_MODE: 'exchange',
    EXCHANGE_BASE_URL: emulator.url,
    EXCHANGE_RETRIES: '1',
    EXCHANGE_TIMEOUT_MS: '500',
  });
  const app = await createGatewayApp(env, { marketData });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    server: app.getHttpServer() as Server,
    db,
    minio,
    emulator,
    recorded,
    close: async () => {
      await app.close();
      await emulator.stop();
      await Promise.all([db.drop(), minio.drop()]);
    },
  };
}

/** The model version the gateway serves now (`GET /v1/ml/model/info`), null while none. */
export async function servedModelVersion(t: Pick<RestTestApp, 'server'>): Promise<string | null> {
  return (await request(t.server).get('/v1/ml/model/info').expect(200)).body.model_version as string | null;
}

/**
 * Trains the smoke model on the latest 2,500 recorded candles (`recorded`, default: read from the BTC file)
 * through the real pipeline, on `db` and `minio`, and promotes it as a new version of `modelName`: for a spec
 * that promotes before its app starts. Returns the version.
 */
export async function promoteRecordedSmokeChampion(
  { db, minio }: Pick<RestTestApp, 'db' | 'minio'>,
  modelName: string,
  recorded?: readonly Candle[],
): Promise<string> {
  return promoteSmokeChampion({
    databaseUrl: db.url,
    pool: db.pool,
    storage: minio,
    modelName,
    candles: (recorded ?? (await readCandleCsv(BTC_FILE))).slice(-2_500),
  });
}

/**
 * {@link promoteRecordedSmokeChampion} on the app's own stores and recording, then (unless `awaitServed` is
 * false) waits until the gateway serves the new version, from the model event. Returns the version.
 */
export async function promoteSmokeVersion(
  t: RestTestApp,
  modelName: string,
  { awaitServed = true } = {},
): Promise<string> {
  const version = await promoteRecordedSmokeChampion(t, modelName, t.recorded);
  if (!awaitServed) return version;
  await until(
    `version ${version} served`,
    async () => ((await servedModelVersion(t)) === version ? true : undefined),
    30_000,
  );
  return version;
}
