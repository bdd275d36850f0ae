import type { Server } from 'node:http';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { readCandleCsv } from '@crypto/candles';
import { loadEnv } from '@crypto/config';
import { BinanceEmulator, MarketDataEnv } from '@crypto/market-data';
import { initBackend, SMOKE_MODEL_CONFIG, trainVolatilityModel, type VolatilityModel } from '@crypto/model';
import { CHAMPION_MODEL, type ChampionModelSource, type ModelInfo } from '@crypto/serving';
import { explainSignal } from '@crypto/signals';
import { createTestDatabase, type TestDatabase } from '@crypto/storage';
import { GatewayEnv } from '../gateway.env';
import { GatewayModule } from '../gateway.module';
import { BTC_FILE, LAST_TS } from '../testing/rest-test-app';
import { SignalsController } from './signals.controller';

/** A served model as the registry's ServingModel hands it out, for a model trained in this process. */
function servedModel(model: VolatilityModel, info: ModelInfo): ChampionModelSource {
  return { info, acquire: () => ({ model, info, release: () => undefined }) };
}

// The ML endpoints with a real (smoke-sized) BiLSTM served: the model source is the one provider replaced,
// everything else is the gateway module on PostgreSQL and the emulator.
describe(`${SignalsController.name} with a model served`, () => {
  let db: TestDatabase;
  let emulator: BinanceEmulator;
  let app: NestFastifyApplication;
  let server: Server;
  let model: VolatilityModel;

  beforeAll(async () => {
    const recorded = await readCandleCsv(BTC_FILE);
    await initBackend();
    ({ model } = await trainVolatilityModel(recorded.slice(-2500, -500), SMOKE_MODEL_CONFIG));
    const info: ModelInfo = {
      model_name: 'crypto-volatility-bilstm',
      model_version: '7',
      alias: 'champion',
      run_id: 'test-run',
      loaded_at: new Date().toISOString(),
      trained_at: model.preprocessing.trained_at,
      sequence_length: model.preprocessing.sequence_length,
      horizon: model.preprocessing.horizon,
      feature_columns: model.preprocessing.feature_columns,
      metrics: model.preprocessing.test_metrics,
      baselines: null,
      test_window: null,
      backend: model.preprocessing.backend,
      trained_backend: model.preprocessing.backend,
      checksum: 'test',
    };
    db = await createTestDatabase();
    emulator = await new BinanceEmulator({
      markets: [{ symbol: 'BTC/USDT', timeframe: '1h', candles: recorded }],
    }).start();
    const env = loadEnv(GatewayEnv, { LOG_LEVEL: 'silent', DATABASE_URL: db.url, RATE_LIMIT_POINTS: '0' });
    const marketData = loadEnv(MarketDataEnv, { EXCHANGE_BASE_URL: emulator.url, EXCHANGE_RETRIES: '1' });
    const moduleRef = await Test.createTestingModule({ imports: [GatewayModule.forRoot(env, marketData)] })
      .overrideProvider(CHAMPION_MODEL)
      .useValue(servedModel(model, info))
      .compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    server = app.getHttpServer() as Server;
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await emulator?.stop();
    await db?.drop();
  });

  it('should answer the forecast with the heuristic comparison in the SPEC shape, and persist it', async () => {
    const res = await request(server).post('/v1/crypto/ml-signal').send({ symbol: 'BTCUSDT' }).expect(200);

    const heuristic = explainSignal((await readCandleCsv(BTC_FILE)).slice(-200));
    expect(res.body).toEqual({
      symbol: 'BTC/USDT',
      method: 'ml',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      model_version: '7',
      ml_prediction: {
        prediction: expect.any(Number),
        current_volatility: expect.any(Number),
        volatility_regime: expect.stringMatching(/^(calm|normal|turbulent)$/),
        risk_level: expect.stringMatching(/^(low|medium|high)$/),
        confidence: expect.any(Number),
        prediction_timestamp: new Date(LAST_TS).toISOString(),
      },
      heuristic_comparison: {
        heuristic_risk_score: heuristic.risk_score,
        heuristic_vol_regime: heuristic.vol_regime,
        ml_vs_heuristic: {
          volatility_diff: expect.closeTo(res.body.ml_prediction.prediction - heuristic.vol, 12),
          regime_match: res.body.ml_prediction.volatility_regime === heuristic.vol_regime,
        },
      },
    });
    expect(res.body.ml_prediction.prediction).toBeGreaterThan(0);
    expect(res.body.ml_prediction.confidence).toBeGreaterThanOrEqual(0);
    expect(res.body.ml_prediction.confidence).toBeLessThanOrEqual(1);
    const { rows } = await db.pool.query(
      'SELECT model_version, prediction, request_limit FROM ml_predictions',
    );
    expect(rows).toEqual([
      { model_version: '7', prediction: res.body.ml_prediction.prediction, request_limit: 200 },
    ]);
  });

  it('should leave the heuristic out when include_heuristic is false', async () => {
    const res = await request(server)
      .post('/v1/crypto/ml-signal')
      .send({ include_heuristic: false })
      .expect(200);

    expect(res.body.heuristic_comparison).toBeNull();
  });

  it('should read the persisted predictions back as the answers they were, oldest first', async () => {
    const res = await request(server).get('/v1/crypto/ml-predictions/tail').query({ n: 2 }).expect(200);

    expect(res.body).toHaveLength(2);
    expect(res.body[0]).toMatchObject({
      symbol: 'BTC/USDT',
      method: 'ml',
      model_version: '7',
      exchange: 'binance',
      timeframe: '1h',
      limit: 200,
      heuristic_comparison: { ml_vs_heuristic: { regime_match: expect.any(Boolean) } },
    });
    expect(res.body[1].heuristic_comparison).toBeNull();
    expect(Date.parse(res.body[0].timestamp)).toBeLessThanOrEqual(Date.parse(res.body[1].timestamp));
  });

  it('should compare the two signals without persisting', async () => {
    const res = await request(server).get('/v1/crypto/signals/compare').expect(200);

    expect(res.body).toEqual({
      symbol: 'BTC/USDT',
      timestamp: expect.any(String),
      heuristic: {
        risk_score: expect.any(Number),
        vol_regime: expect.any(String),
        volatility: expect.any(Number),
      },
      ml: {
        predicted_volatility: expect.any(Number),
        vol_regime: expect.any(String),
        confidence: expect.any(Number),
        risk_level: expect.any(String),
      },
      comparison: {
        volatility_diff: expect.closeTo(res.body.ml.predicted_volatility - res.body.heuristic.volatility, 12),
        regime_agreement: res.body.ml.vol_regime === res.body.heuristic.vol_regime,
        ml_confidence: res.body.ml.confidence,
      },
    });
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM ml_predictions');
    expect(rows[0].n).toBe(2);
  });

  it('should report the model served in /v1/ml/model/info', async () => {
    const res = await request(server).get('/v1/ml/model/info').expect(200);

    expect(res.body).toMatchObject({
      model_loaded: true,
      model_version: '7',
      sequence_length: 24,
      horizon: 24,
    });
  });
});
