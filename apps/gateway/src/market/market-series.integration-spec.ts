import request from 'supertest';
import { MlPredictionRepository } from '@crypto/storage';
import { HOUR, LAST_TS, startRestTestApp, type RestTestApp } from '../testing/rest-test-app';
import { MarketSeriesController } from './market-series.controller';

interface Point {
  ts: number;
  close: number;
  risk_score: number;
  ml_forecast: number | null;
  model_version: string | null;
  realised_vol: number | null;
}

describe(MarketSeriesController.name, () => {
  let t: RestTestApp;
  let predictions: MlPredictionRepository;
  const FORECAST_TS = LAST_TS - 30 * HOUR;

  beforeAll(async () => {
    t = await startRestTestApp();
    predictions = new MlPredictionRepository(t.db.pool);
    // a forecast served earlier for a candle of the window, as POST /v1/crypto/ml-signal stores one
    await predictions.save({
      createdAt: new Date(),
      symbol: 'BTC/USDT',
      exchange: 'binance',
      timeframe: '1h',
      limit: 200,
      modelVersion: '7',
      prediction: 0.0042,
      currentVolatility: 0.004,
      volatilityRegime: 'normal',
      riskLevel: 'medium',
      confidence: 0.7,
      candleTs: FORECAST_TS,
      heuristic: null,
    });
  });

  afterAll(async () => {
    await predictions?.close();
    await t?.close();
  });

  it('should chart the latest closed candles with their risk, the stored forecast and what followed', async () => {
    const res = await request(t.server).get('/v1/crypto/series').query({ symbol: 'BTCUSDT' }).expect(200);

    const points = res.body.points as Point[];
    expect(res.body).toMatchObject({ symbol: 'BTC/USDT', exchange: 'binance', timeframe: '1h', horizon: 24 });
    expect(points).toHaveLength(200);
    expect(points.map((p) => p.ts)).toEqual(t.recorded.slice(-200).map((c) => c.ts));
    expect(points.at(-1)!.close).toBe(t.recorded.at(-1)!.close);
    expect(points.find((p) => p.ts === FORECAST_TS)).toMatchObject({
      ml_forecast: 0.0042,
      model_version: '7',
    });
    expect(points.filter((p) => p.ml_forecast !== null)).toHaveLength(1);
    // the next 24 returns are known up to the 25th candle from the end
    expect(points.slice(-24).every((p) => p.realised_vol === null)).toBe(true);
    expect(points.slice(0, -24).every((p) => (p.realised_vol ?? 0) > 0)).toBe(true);
  });

  it('should give the last candle the risk score POST /v1/crypto/signal answers for it', async () => {
    const [series, signal] = await Promise.all([
      request(t.server).get('/v1/crypto/series').query({ limit: 5 }).expect(200),
      request(t.server).post('/v1/crypto/signal').send({}).expect(200),
    ]);

    expect((series.body.points as Point[]).at(-1)!.risk_score).toBe(signal.body.risk_score);
  });

  it('should refuse a limit above 500, naming it', async () => {
    const res = await request(t.server).get('/v1/crypto/series').query({ limit: 501 }).expect(400);

    expect(res.body.message).toMatch(/^limit must not be greater than 500$/);
  });
});
