import type { MarketKey } from '@crypto/candles';
import {
  DEFAULT_FORECAST_HORIZON,
  FEATURE_HISTORY_CANDLES,
  riskForecastSeries,
  type ForecastPoint,
  type PriceRiskPoint,
} from '@crypto/signals';
import type { MlPredictionRepository } from '@crypto/storage';
import type { ChampionModelSource } from '../ml/champion-model-source';
import type { MarketCandleService, MarketQuery } from './market-candle.service';

export interface MarketSeriesQuery extends MarketQuery {
  /** closed candles answered, the latest */
  limit: number;
}

/** One closed candle: its close, the SPEC §5 heuristic on it, and the ML forecast served for it. */
export interface MarketSeriesPoint {
  ts: number;
  close: PriceRiskPoint['close'];
  vol24: PriceRiskPoint['vol24'];
  risk_score: PriceRiskPoint['risk_score'];
  /** the latest forecast served for this candle and the version that made it; null when none was */
  ml_forecast: ForecastPoint['predicted'];
  model_version: string | null;
  /** the realised volatility of the `horizon` returns after it; null until they are all known */
  realised_vol: ForecastPoint['realised'];
}

export interface MarketSeries {
  market: MarketKey;
  /** H of the forecasts: the champion's, or the default while none is served */
  horizon: number;
  points: MarketSeriesPoint[];
  stale_ms?: number;
}

/**
 * A market's latest closed candles as chart series (the dashboard's): each with its heuristic risk score, the
 * ML forecast served for it (stored predictions) and the volatility that followed — the daily report's
 * figures (`riskForecastSeries`) over a window instead of a day.
 */
export class MarketSeriesService {
  constructor(
    private readonly candles: Pick<MarketCandleService, 'latest'>,
    private readonly predictions: Pick<MlPredictionRepository, 'forecastsByCandle'>,
    private readonly champion: Pick<ChampionModelSource, 'info'>,
  ) {}

  /** Throws `MarketDataError('INSUFFICIENT_DATA')` when the market has no closed candle. */
  async series(query: MarketSeriesQuery): Promise<MarketSeries> {
    // the features of the first candle answered need their history before it
    const window = await this.candles.latest(query, query.limit + FEATURE_HISTORY_CANDLES);
    const answered = window.candles.slice(-query.limit);
    const horizon = this.champion.info?.horizon ?? DEFAULT_FORECAST_HORIZON;
    const range = { from: answered[0]?.ts ?? 0, to: (answered.at(-1)?.ts ?? -1) + 1 };
    const stored = answered.length > 0 ? await this.predictions.forecastsByCandle(window.market, range) : [];
    const versionOf = new Map(stored.map((f) => [f.candle_ts, f.model_version]));
    const { prices, forecasts } = riskForecastSeries(window.candles, range, stored, horizon);
    const series: MarketSeries = {
      market: window.market,
      horizon,
      points: prices.map((p, i) => ({
        ts: p.ts,
        close: p.close,
        vol24: p.vol24,
        risk_score: p.risk_score,
        ml_forecast: forecasts[i]!.predicted,
        model_version: versionOf.get(p.ts) ?? null,
        realised_vol: forecasts[i]!.realised,
      })),
    };
    if (window.staleMs !== undefined) series.stale_ms = window.staleMs;
    return series;
  }
}
