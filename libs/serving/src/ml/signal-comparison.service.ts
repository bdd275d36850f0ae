import type { MarketKey } from '@crypto/candles';
import type { MarketQuery } from '../market/market-candle.service';
import type { MlSignalService } from './ml-signal.service';

/** SPEC §8 `GET /v1/crypto/signals/compare`. */
export interface SignalComparison {
  market: MarketKey;
  limit: number;
  /** ISO-8601 */
  timestamp: string;
  heuristic: { risk_score: number; vol_regime: string; volatility: number };
  ml: { predicted_volatility: number; vol_regime: string; confidence: number; risk_level: string };
  comparison: { volatility_diff: number; regime_agreement: boolean; ml_confidence: number };
  model_version: string;
  stale_ms?: number;
}

/**
 * The heuristic and the ML forecast side by side for a market's latest candles (not persisted: nothing is
 * served that a client acts on). `ModelUnavailableError('NO_MODEL')` while no model is served.
 */
export class SignalComparisonService {
  constructor(
    private readonly ml: Pick<MlSignalService, 'forecast'>,
    private readonly now: () => number = Date.now,
  ) {}

  async compare(query: MarketQuery & { limit: number }): Promise<SignalComparison> {
    const { window, model, forecast, heuristic } = await this.ml.forecast(query);
    const comparison: SignalComparison = {
      market: window.market,
      limit: query.limit,
      timestamp: new Date(this.now()).toISOString(),
      heuristic: {
        risk_score: heuristic.risk_score,
        vol_regime: heuristic.vol_regime,
        volatility: heuristic.vol,
      },
      ml: {
        predicted_volatility: forecast.prediction,
        vol_regime: forecast.volatility_regime,
        confidence: forecast.confidence,
        risk_level: forecast.risk_level,
      },
      comparison: {
        volatility_diff: forecast.prediction - heuristic.vol,
        regime_agreement: forecast.volatility_regime === heuristic.vol_regime,
        ml_confidence: forecast.confidence,
      },
      model_version: model.info.model_version,
    };
    if (window.staleMs !== undefined) comparison.stale_ms = window.staleMs;
    return comparison;
  }
}
