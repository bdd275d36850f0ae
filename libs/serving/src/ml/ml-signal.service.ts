import type { MarketKey } from '@crypto/candles';
import type { VolatilityForecast, VolatilityModel } from '@crypto/model';
import type { ExplainedSignal } from '@crypto/signals';
import type { MlPredictionRecord, MlPredictionRepository, TailOptions } from '@crypto/storage';
import type { CandleWindow, MarketCandleService, MarketQuery } from '../market/market-candle.service';
import { CandleWindowMemo } from '../market/candle-window.memo';
import { MAX_CANDLE_WINDOW } from '../market/market-candle.service';
import { ModelUnavailableError } from '../serving.errors';
import { NO_SERVING_METRICS, type ServingMetrics } from '../serving-metrics';
import type { HeuristicSignalService, ServingCallOptions } from '../signals/heuristic-signal.service';
import { harFallbackForecast, type BaselineFallback, type EngagedFallback } from './baseline-fallback';
import type { ChampionModelSource, LoadedModel } from './champion-model-source';

export interface MlSignalQuery extends MarketQuery {
  /** closed candles asked for; the model reads at least its own window (`requiredCandles`) */
  limit: number;
  /** answer the heuristic signal of the same candles beside the forecast */
  includeHeuristic: boolean;
}

/** SPEC §8 `ml_prediction`. */
export interface MlPrediction {
  /** forecast realized volatility of the next H candles (std of returns) */
  prediction: number;
  current_volatility: number;
  volatility_regime: VolatilityForecast['volatility_regime'];
  risk_level: VolatilityForecast['risk_level'];
  confidence: number;
  /** open time of the last closed candle the forecast starts from, ISO-8601 */
  prediction_timestamp: string;
}

/** SPEC §8 `heuristic_comparison`. */
export interface HeuristicComparison {
  heuristic_risk_score: number;
  heuristic_vol_regime: string;
  ml_vs_heuristic: { volatility_diff: number; regime_match: boolean };
}

export interface ServedMlSignal {
  market: MarketKey;
  limit: number;
  method: 'ml';
  /** when it was served and stored, ISO-8601 */
  timestamp: string;
  model_version: string;
  ml_prediction: MlPrediction;
  heuristic_comparison: HeuristicComparison | null;
  /** set while HAR-RV answers for the degraded champion `model_version` (AUTO_ROLLBACK with no earlier one) */
  fallback?: EngagedFallback;
  stale_ms?: number;
}

/** A forecast with what it was computed from. */
export interface Forecast {
  window: CandleWindow;
  model: LoadedModel;
  forecast: VolatilityForecast;
  /** the heuristic of the last `limit` candles of the same window */
  heuristic: ExplainedSignal;
  /** set when the forecast is HAR-RV's, standing in for the champion */
  fallback?: EngagedFallback;
}

/** The `model_version` a stand-in forecast is stored under: never counted as the champion's own. */
export const fallbackVersion = (f: EngagedFallback): string => `${f.forecaster}(v${f.model_version})`;

/**
 * SPEC §8 `POST /v1/crypto/ml-signal`: the champion's volatility forecast for a market's latest candles,
 * compared with the heuristic, persisted (table `ml_predictions`) before it is answered.
 * `ModelUnavailableError('NO_MODEL')` while no model is served.
 */
export class MlSignalService {
  private readonly metrics: ServingMetrics;
  private readonly now: () => number;
  private readonly fallback: Pick<BaselineFallback, 'engagedFor'> | undefined;
  /**
   * A forecast costs milliseconds of CPU (768 candles of inputs through the network) and is the same until
   * the next candle closes: kept per model (a reloaded model starts afresh), market and window.
   */
  private readonly forecasts = new WeakMap<VolatilityModel, CandleWindowMemo<VolatilityForecast>>();

  constructor(
    private readonly candles: Pick<MarketCandleService, 'latest'>,
    private readonly heuristics: Pick<HeuristicSignalService, 'evaluate'>,
    private readonly models: ChampionModelSource,
    private readonly predictions: Pick<MlPredictionRepository, 'save' | 'tail'>,
    options: {
      metrics?: ServingMetrics;
      now?: () => number;
      fallback?: Pick<BaselineFallback, 'engagedFor'>;
    } = {},
  ) {
    this.metrics = options.metrics ?? NO_SERVING_METRICS;
    this.now = options.now ?? Date.now;
    this.fallback = options.fallback;
  }

  async predict(query: MlSignalQuery, options: ServingCallOptions = {}): Promise<ServedMlSignal> {
    const { window, model, forecast, heuristic, fallback } = await this.forecast(query);
    // the caller gave up meanwhile: no row for an answer nobody receives
    options.signal?.throwIfAborted();
    const createdAt = new Date(this.now());
    const comparison = query.includeHeuristic ? compareWithHeuristic(forecast, heuristic) : null;
    const storedVersion = fallback ? fallbackVersion(fallback) : model.info.model_version;
    await this.predictions.save(
      toRecord(window.market, query.limit, storedVersion, forecast, comparison, createdAt),
    );
    this.metrics.predictionServed();
    const served: ServedMlSignal = {
      market: window.market,
      limit: query.limit,
      method: 'ml',
      timestamp: createdAt.toISOString(),
      model_version: model.info.model_version,
      ml_prediction: toMlPrediction(forecast),
      heuristic_comparison: comparison,
    };
    if (fallback) served.fallback = fallback;
    if (window.staleMs !== undefined) served.stale_ms = window.staleMs;
    return served;
  }

  /** The forecast and the heuristic of a market's latest candles, not persisted (the comparison uses it). */
  async forecast(query: MarketQuery & { limit: number }): Promise<Forecast> {
    // the lease keeps this model alive (a reload may swap it meanwhile) until the forecast is made
    const lease = this.models.acquire();
    if (!lease) {
      throw new ModelUnavailableError(
        'NO_MODEL',
        'no ML model is loaded: no version has been promoted to champion yet, or loading it failed (see GET /v1/ml/model/info)',
      );
    }
    try {
      const needed = Math.min(MAX_CANDLE_WINDOW, Math.max(query.limit, lease.model.requiredCandles));
      const window = await this.candles.latest(query, needed);
      const fallback = this.fallback?.engagedFor(lease.info.model_version);
      // HAR-RV is a few sums over the window: no memo needed
      const forecast = fallback
        ? harFallbackForecast(lease.model, window.candles)
        : this.predictOnce(lease.model, window);
      const ownWindow =
        window.candles.length > query.limit
          ? { ...window, candles: window.candles.slice(-query.limit) }
          : window;
      const model = { model: lease.model, info: lease.info };
      const answer: Forecast = { window, model, forecast, heuristic: this.heuristics.evaluate(ownWindow) };
      if (fallback) answer.fallback = fallback;
      return answer;
    } finally {
      lease.release();
    }
  }

  private predictOnce(model: VolatilityModel, window: CandleWindow): VolatilityForecast {
    let memo = this.forecasts.get(model);
    if (!memo) this.forecasts.set(model, (memo = new CandleWindowMemo()));
    return memo.get(window, (candles) => model.predict(candles));
  }

  /** The latest `n` predictions persisted, oldest first. */
  tail(n: number, options: TailOptions = {}): Promise<MlPredictionRecord[]> {
    return this.predictions.tail(n, options);
  }
}

export function toMlPrediction(forecast: VolatilityForecast): MlPrediction {
  return {
    prediction: forecast.prediction,
    current_volatility: forecast.current_volatility,
    volatility_regime: forecast.volatility_regime,
    risk_level: forecast.risk_level,
    confidence: forecast.confidence,
    prediction_timestamp: new Date(forecast.candle_ts).toISOString(),
  };
}

export function compareWithHeuristic(
  forecast: VolatilityForecast,
  heuristic: ExplainedSignal,
): HeuristicComparison {
  return {
    heuristic_risk_score: heuristic.risk_score,
    heuristic_vol_regime: heuristic.vol_regime,
    ml_vs_heuristic: {
      volatility_diff: forecast.prediction - heuristic.vol,
      regime_match: forecast.volatility_regime === heuristic.vol_regime,
    },
  };
}

function toRecord(
  market: MarketKey,
  limit: number,
  modelVersion: string,
  forecast: VolatilityForecast,
  comparison: HeuristicComparison | null,
  createdAt: Date,
): MlPredictionRecord {
  return {
    createdAt,
    symbol: market.symbol,
    exchange: market.exchange,
    timeframe: market.timeframe,
    limit,
    modelVersion,
    prediction: forecast.prediction,
    currentVolatility: forecast.current_volatility,
    volatilityRegime: forecast.volatility_regime,
    riskLevel: forecast.risk_level,
    confidence: forecast.confidence,
    candleTs: forecast.candle_ts,
    heuristic: comparison,
  };
}
