import { join } from 'node:path';
import { credentials, loadPackageDefinition, status, type Client, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import type { Candle } from '@crypto/candles';
import { readCandleCsv } from '@crypto/candles';
import { loadEnv } from '@crypto/config';
import { BinanceEmulator, QualityReportRepository } from '@crypto/market-data';
import { SMOKE_MODEL_CONFIG } from '@crypto/model';
import { MlflowClient } from '@crypto/registry';
import { explainSignal } from '@crypto/signals';
import {
  CandleRepository,
  createTestDatabase,
  createTestObjectStorage,
  type TestDatabase,
  type TestObjectStorage,
} from '@crypto/storage';
import {
  connectTrainingPipeline,
  TrainingDataStore,
  TrainingEnv,
  type TrainingRuntime,
} from '@crypto/training';
import { HEALTH_PROTO_PATH, protoLoaderOptions } from './crypto-service.definition';
import type { HealthCheckResponse__Output } from './generated/crypto/HealthCheckResponse';
import type { MLPredictionResponse__Output } from './generated/crypto/MLPredictionResponse';
import type { OHLCVResponse__Output } from './generated/crypto/OHLCVResponse';
import type { SignalResponse__Output } from './generated/crypto/SignalResponse';
import type { CompareSignalsResponse__Output } from './generated/crypto/CompareSignalsResponse';
import { GRPC_METRICS_REGISTRY } from './grpc-server.module';
import type { Registry } from 'prom-client';
import { startBuiltGateway, type BuiltGateway } from './testing/built-gateway';
import { sleep, until } from '@crypto/testing';
import { BTC_FILE, LAST_TS, startGrpcTestApp, unary, type GrpcTestApp } from './testing/grpc-test-app';

// CryptoService end to end: the app as main.ts builds it on a fresh PostgreSQL database, ccxt pointed at the
// Binance emulator serving the recorded BTC file (and the same candles as SOL/USDT, a market nobody asked for
// yet), a generated grpc-js client; the built gateway on the same database for the REST side.

const failure = (promise: Promise<unknown>): Promise<ServiceError> =>
  promise.then(
    () => {
      throw new Error('the call succeeded');
    },
    (error: ServiceError) => error,
  );

describe('CryptoService over gRPC (real services)', () => {
  let db: TestDatabase;
  let minio: TestObjectStorage;
  let recorded: Candle[];
  let emulator: BinanceEmulator;
  let t: GrpcTestApp;
  let gateway: BuiltGateway;

  beforeAll(async () => {
    [db, minio, recorded] = await Promise.all([
      createTestDatabase(),
      createTestObjectStorage(),
      readCandleCsv(BTC_FILE),
    ]);
    emulator = await new BinanceEmulator({
      markets: [
        { symbol: 'BTC/USDT', timeframe: '1h', candles: recorded },
        { symbol: 'SOL/USDT', timeframe: '1h', candles: recorded },
      ],
    }).start();
    const marketData = { EXCHANGE_BASE_URL: emulator.url, EXCHANGE_RETRIES: '1', EXCHANGE_TIMEOUT_MS: '600' };
    t = await startGrpcTestApp(
      {
        DATABASE_URL: db.url,
        QUALITY_REPORTS_BUCKET: minio.bucket,
        MODEL_RETRY_MIN_MS: '600000',
        MODEL_RETRY_MAX_MS: '600000',
      },
      marketData,
    );
    gateway = await startBuiltGateway({
      ...marketData,
      DATABASE_URL: db.url,
      QUALITY_REPORTS_BUCKET: minio.bucket,
      MODEL_NAME: t.env.MODEL_NAME,
      MODEL_CHECK_INTERVAL_S: '0',
    });
  }, 60_000);

  afterAll(async () => {
    await gateway?.stop();
    await t?.close();
    await emulator?.stop();
    await Promise.all([db?.drop(), minio?.drop()]);
  });

  const rest = async <T>(path: string, init?: RequestInit): Promise<T> => {
    const res = await fetch(`${gateway.url}${path}`, init);
    if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  };
  const post = <T>(path: string, body: object) =>
    rest<T>(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  describe('the unary RPCs', () => {
    it('should answer GetOHLCV with the REST defaults: the latest 200 closed BTC/USDT 1h candles', async () => {
      const res = await unary<object, OHLCVResponse__Output>(t.client, 'GetOHLCV', {});

      expect(res).toMatchObject({
        symbol: 'BTC/USDT',
        exchange: 'binance',
        timeframe: '1h',
        rows: 200,
        error: '',
      });
      expect(res.data.map((c) => c.timestamp)).toEqual(recorded.slice(-200).map((c) => c.ts));
      expect(res.data.at(-1)).toEqual({ ...recorded.at(-1), timestamp: LAST_TS, ts: undefined });
    });

    it('should answer GetOHLCV with the candles REST answers for the same request', async () => {
      const request = { symbol: 'btc/usdt', limit: 350 };
      const [grpc, http] = await Promise.all([
        unary<object, OHLCVResponse__Output>(t.client, 'GetOHLCV', request),
        rest<{ data: (Candle & { time: string })[] }>('/v1/crypto/ohlcv?symbol=btc/usdt&limit=350'),
      ]);
      expect(grpc.data).toEqual(http.data.map(({ ts, time: _, ...ohlcv }) => ({ timestamp: ts, ...ohlcv })));
    });

    it('should answer GenerateSignal with the numbers of POST /v1/crypto/signal, and persist it', async () => {
      const before = await db.pool.query('SELECT count(*)::int AS n FROM signals');
      const request = { symbol: 'BTCUSDT', explain: true, limit: 300, horizon_min: 120 };
      const [grpc, http] = await Promise.all([
        unary<object, SignalResponse__Output>(t.client, 'GenerateSignal', request),
        post<Record<string, unknown>>('/v1/crypto/signal', request),
      ]);
      const expected = explainSignal(recorded.slice(-300));

      expect(grpc).toMatchObject({
        symbol: 'BTC/USDT',
        horizon_min: 120,
        risk_score: expected.risk_score,
        nowcast_ret: expected.nowcast_ret,
        vol_regime: expected.vol_regime,
        method: 'heuristic',
        error: '',
      });
      expect(Date.parse(grpc.timestamp)).not.toBeNaN();
      const { explain, ...httpSignal } = http as { explain: typeof expected };
      expect(grpc).toMatchObject(httpSignal);
      expect(grpc.explanation).toEqual({
        ...explain,
        features_tail: explain.features_tail.map((row) => ({ ...row })),
      });
      const after = await db.pool.query('SELECT count(*)::int AS n FROM signals');
      expect(after.rows[0].n - before.rows[0].n).toBe(2);
    });

    it('should answer HealthCheck with no model available and the version', async () => {
      const res = await unary<object, HealthCheckResponse__Output>(t.client, 'HealthCheck', {});
      expect(res).toMatchObject({ status: 'ok', ml_available: false, version: '9.9.9' });
      expect(Date.parse(res.timestamp)).not.toBeNaN();
    });

    it.each(['GenerateMLPrediction', 'CompareSignals'] as const)(
      'should answer %s UNAVAILABLE while no champion is loaded',
      async (method) => {
        const error = await failure(unary(t.client, method, { symbol: 'BTCUSDT' }));
        expect(error.code).toBe(status.UNAVAILABLE);
        expect(error.details).toMatch(/^no ML model is loaded/);
      },
    );
  });

  describe('errors as status codes', () => {
    it.each([
      ['a symbol that is no pair', { symbol: 'NOT A PAIR' }, status.INVALID_ARGUMENT, /^symbol: /],
      ['a timeframe ccxt does not know', { timeframe: '7x' }, status.INVALID_ARGUMENT, /^timeframe: /],
      ['an exchange ccxt does not know', { exchange: 'nowhere' }, status.INVALID_ARGUMENT, /^exchange: /],
      [
        'a limit above 1000',
        { limit: 1001 },
        status.INVALID_ARGUMENT,
        /^limit must be an integer from 1 to 1000/,
      ],
      ['a negative limit', { limit: -3 }, status.INVALID_ARGUMENT, /^limit /],
      [
        'a symbol the exchange does not list',
        { symbol: 'DOGEUSDT' },
        status.NOT_FOUND,
        /^symbol: .*DOGE\/USDT/,
      ],
    ])(
      'should answer %s with its code and a message naming the field',
      async (_what, request, code, details) => {
        const error = await failure(unary(t.client, 'GenerateSignal', request));
        expect({ code: error.code, details: error.details }).toEqual({
          code,
          details: expect.stringMatching(details),
        });
      },
    );

    it('should refuse a horizon longer than a week naming horizon_min, and keep serving', async () => {
      const error = await failure(unary(t.client, 'GenerateSignal', { horizon_min: 20_000 }));
      expect(error.code).toBe(status.INVALID_ARGUMENT);
      expect(error.details).toMatch(/^horizon_min /);
      await expect(unary(t.client, 'HealthCheck', {})).resolves.toMatchObject({ status: 'ok' });
    });

    it('should drop the work of a call whose deadline passes: DEADLINE_EXCEEDED and no signal stored', async () => {
      // SOL/USDT was never asked for: its candles are fetched, and the first attempt hangs until the timeout
      emulator.failNext({ kind: 'timeout' });
      const error = await failure(
        unary(t.client, 'GenerateSignal', { symbol: 'SOLUSDT' }, { deadlineMs: 150 }),
      );
      expect(error.code).toBe(status.DEADLINE_EXCEEDED);
      // the fetch ends on its retry after the deadline: the window is kept, the signal is not stored
      await until('the candles of the expired call to be stored', async () => {
        const { rows } = await db.pool.query(
          `SELECT count(*)::int AS n FROM candles WHERE symbol = 'SOL/USDT'`,
        );
        return rows[0].n > 0 ? true : undefined;
      });
      await sleep(200);
      const count = async () =>
        (await db.pool.query(`SELECT count(*)::int AS n FROM signals WHERE symbol = 'SOL/USDT'`)).rows[0].n;
      expect(await count()).toBe(0);
      await unary(t.client, 'GenerateSignal', { symbol: 'SOLUSDT' });
      expect(await count()).toBe(1);
      const metrics = await t.app.get<Registry>(GRPC_METRICS_REGISTRY).metrics();
      expect(metrics).toMatch(
        /grpc_server_handled_total\{method="GenerateSignal",code="DEADLINE_EXCEEDED",app="grpc-server"\} 1/,
      );
    });
  });

  describe('standard services', () => {
    const healthPackage = loadPackageDefinition(
      loadSync(HEALTH_PROTO_PATH, protoLoaderOptions),
    ) as unknown as {
      grpc: {
        health: {
          v1: {
            Health: new (
              address: string,
              creds: ReturnType<typeof credentials.createInsecure>,
            ) => Client & Record<string, (...args: unknown[]) => unknown>;
          };
        };
      };
    };
    const check = (port: number, service: string) => {
      const health = new healthPackage.grpc.health.v1.Health(
        `127.0.0.1:${port}`,
        credentials.createInsecure(),
      );
      return new Promise<string>((resolve, reject) =>
        (health['Check'] as (req: object, cb: (e: Error | null, r: { status: string }) => void) => void).call(
          health,
          { service },
          (error, res) => {
            health.close();
            return error ? reject(error) : resolve(res.status);
          },
        ),
      );
    };

    it('should answer the health service SERVING for the server and for crypto.CryptoService', async () => {
      expect(await check(t.port, '')).toBe('SERVING');
      expect(await check(t.port, 'crypto.CryptoService')).toBe('SERVING');
      await expect(check(t.port, 'no.Such')).rejects.toMatchObject({ code: status.NOT_FOUND });
    });

    it('should stream the status to a Watch', async () => {
      const health = new healthPackage.grpc.health.v1.Health(
        `127.0.0.1:${t.port}`,
        credentials.createInsecure(),
      );
      const call = (health['Watch'] as (req: object) => NodeJS.EventEmitter & { cancel(): void }).call(
        health,
        {
          service: 'crypto.CryptoService',
        },
      );
      const first = await new Promise<{ status: string }>((resolve) => call.once('data', resolve));
      call.on('error', () => undefined);
      call.cancel();
      health.close();
      expect(first.status).toBe('SERVING');
    });

    it('should list CryptoService and the health service by reflection', async () => {
      const reflectionProto = join(
        require.resolve('@grpc/reflection'),
        '../../proto/grpc/reflection/v1/reflection.proto',
      );
      const reflection = loadPackageDefinition(loadSync(reflectionProto, protoLoaderOptions)) as unknown as {
        grpc: {
          reflection: {
            v1: {
              ServerReflection: new (
                a: string,
                c: ReturnType<typeof credentials.createInsecure>,
              ) => Client & Record<string, (...args: unknown[]) => unknown>;
            };
          };
        };
      };
      const client = new reflection.grpc.reflection.v1.ServerReflection(
        `127.0.0.1:${t.port}`,
        credentials.createInsecure(),
      );
      const call = (
        client['ServerReflectionInfo'] as () => NodeJS.EventEmitter & { write(m: object): void; end(): void }
      ).call(client);
      const answer = new Promise<{ list_services_response: { service: { name: string }[] } }>(
        (resolve, reject) => {
          call.once('data', resolve);
          call.once('error', reject);
        },
      );
      call.write({ list_services: '' });
      const services = (await answer).list_services_response.service.map((s) => s.name);
      const health = new Promise<{ file_descriptor_response: { file_descriptor_proto: Buffer[] } }>(
        (resolve) => call.once('data', resolve),
      );
      call.write({ file_containing_symbol: 'grpc.health.v1.Health' });
      const descriptors = (await health).file_descriptor_response.file_descriptor_proto;
      call.end();
      client.close();
      expect(services).toEqual(expect.arrayContaining(['crypto.CryptoService', 'grpc.health.v1.Health']));
      // Check and Watch only: List's map field reaches Go clients (grpcurl) as an invalid map entry
      const described = Buffer.concat(descriptors).toString('latin1');
      expect(described).toContain('Watch');
      expect(described).not.toContain('HealthListResponse');
    });

    it('should answer NOT_SERVING and UNAVAILABLE, and keep running, while PostgreSQL is unreachable', async () => {
      const down = await startGrpcTestApp(
        { DATABASE_URL: 'postgres://crypto:crypto@127.0.0.1:1/crypto', GRPC_HEALTH_PROBE_INTERVAL_MS: '100' },
        { EXCHANGE_BASE_URL: emulator.url, EXCHANGE_RETRIES: '0' },
      );
      try {
        expect(await check(down.port, 'crypto.CryptoService')).toBe('NOT_SERVING');
        const error = await failure(unary(down.client, 'GenerateSignal', {}));
        expect(error.code).toBe(status.UNAVAILABLE);
        await expect(unary(down.client, 'HealthCheck', {})).resolves.toMatchObject({ status: 'ok' });
      } finally {
        await down.close();
      }
    });

    it('should answer UNAVAILABLE naming the exchange while it is down', async () => {
      const other = await createTestDatabase();
      const down = await startGrpcTestApp(
        { DATABASE_URL: other.url },
        { EXCHANGE_BASE_URL: 'http://127.0.0.1:1', EXCHANGE_RETRIES: '0', EXCHANGE_TIMEOUT_MS: '300' },
      );
      try {
        const error = await failure(unary(down.client, 'GetOHLCV', {}));
        expect(error.code).toBe(status.UNAVAILABLE);
        expect(error.details).toMatch(/binance/);
      } finally {
        await down.close();
        await other.drop();
      }
    });
  });

  describe('the champion', () => {
    let runtime: TrainingRuntime;
    let version: string;

    beforeAll(async () => {
      // the last candles of the file: the smoke configuration's splits plus HAR-RV's warm-up
      await new CandleRepository(db.pool).upsert(
        { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' },
        recorded.slice(-2_500).map((c) => ({ ...c, isFinal: true })),
      );
      const trainingEnv = loadEnv(TrainingEnv, {
        ...process.env,
        DATABASE_URL: db.url,
        MODEL_NAME: t.env.MODEL_NAME,
        MLFLOW_EXPERIMENT_NAME: t.env.MODEL_NAME,
        TRAINING_REFRESH_CANDLES: 'false',
      });
      runtime = await connectTrainingPipeline(trainingEnv, {
        data: new TrainingDataStore(minio.storage, { raw: minio.bucket, processed: minio.bucket }),
        qualityReports: new QualityReportRepository(minio.storage, minio.bucket),
        settings: {
          experimentName: t.env.MODEL_NAME,
          modelName: t.env.MODEL_NAME,
          requireHar: false,
          codeVersion: 'test',
          modelDefaults: SMOKE_MODEL_CONFIG,
        },
      });
      const state = await runtime.pipeline.run({
        symbol: 'BTC/USDT',
        exchange: 'binance',
        timeframe: '1h',
        limit: 2_500,
        trigger: 'test',
      });
      // the first version of a fresh registered model has no champion to beat but the baselines
      expect(state.decision).toMatchObject({ promote: true, alias: 'champion' });
      version = state.version ?? '';
    }, 120_000);

    afterAll(async () => {
      await runtime?.close();
      await new MlflowClient(t.env.MLFLOW_TRACKING_URI)
        .deleteRegisteredModel(t.env.MODEL_NAME)
        .catch(() => undefined);
    });

    it('should serve the promoted champion from the model event, with the REST numbers', async () => {
      expect(version).toMatch(/^\d+$/);
      await until('the gRPC server to serve the champion', async () => {
        const res = await unary<object, HealthCheckResponse__Output>(t.client, 'HealthCheck', {});
        return res.ml_available ? true : undefined;
      });
      await until('the gateway to serve the champion', async () => {
        const info = await rest<{ model_version: string | null }>('/v1/ml/model/info');
        return info.model_version === version ? true : undefined;
      });
      const request = { symbol: 'BTCUSDT', include_heuristic: true };
      const [grpc, http] = await Promise.all([
        unary<object, MLPredictionResponse__Output>(t.client, 'GenerateMLPrediction', request),
        post<Record<string, unknown>>('/v1/crypto/ml-signal', request),
      ]);
      expect(grpc.model_version).toBe(version);
      const { timestamp: _g, error: _e, ...grpcAnswer } = grpc;
      const { timestamp: _h, ...httpAnswer } = http;
      expect(grpcAnswer).toEqual({
        ...httpAnswer,
        ml_prediction: { ...(httpAnswer['ml_prediction'] as object), error: '' },
      });
      const compare = await unary<object, CompareSignalsResponse__Output>(t.client, 'CompareSignals', {});
      expect(compare.ml?.predicted_volatility).toBe(grpc.ml_prediction!.prediction);
      // the first load of a model on a fresh machine starts the TF.js backend
    }, 60_000);
  });
});
