import type { Candle } from '@crypto/candles';
import type { VolRegime } from '@crypto/signals';
import type { BackendName } from './backend';
import type { ForecastMetrics } from './metrics';
import type { ModelArtifacts } from './model-artifacts';
import type { ModelConfig } from './model-config';

export type RiskLevel = 'low' | 'medium' | 'high';

export interface VolatilityForecast {
  /** Predicted realized vol of the next H candles (natural scale, per-candle std of returns). */
  prediction: number;
  /** vol24 of the last candle. */
  current_volatility: number;
  /** volRegime(prediction): the heuristic's thresholds. */
  volatility_regime: VolRegime;
  risk_level: RiskLevel;
  /** In [0, 1]: see {@link forecastConfidence}. */
  confidence: number;
  /** ts of the last candle used. */
  candle_ts: number;
}

/** What the model needs besides its weights, saved as preprocessing.json and applied identically at serving. */
export interface ModelPreprocessing {
  format_version: number;
  feature_columns: string[];
  /** Standardisation of each input column, fitted on the training split only. */
  scaler: { mean: number[]; std: number[] };
  /** Standardisation of the log-vol target, fitted on the training split only. */
  target_scaler: { mean: number; std: number };
  sequence_length: number;
  horizon: number;
  required_candles: number;
  backend: string;
  data_range: { from_ts: number; to_ts: number };
  data_hash: string;
  trained_at: string;
  config: ModelConfig;
  /** Test-window metrics of the model and baselines; `log_error_std` drives the confidence. */
  test_metrics: ForecastMetrics & { log_error_std: number };
  baselines?: { persistence: ForecastMetrics; ewma: ForecastMetrics; har: ForecastMetrics };
}

/** A trained model and its preprocessing, ready to predict. */
export class VolatilityModel {
  private constructor(readonly preprocessing: ModelPreprocessing) {}

  /** Candles needed by predict(): L plus the feature warm-up. */
  get requiredCandles(): number {
    return this.preprocessing.required_candles;
  }

  get backend(): BackendName {
    return this.preprocessing.backend as BackendName;
  }

  /**
   * Forecast of the realized vol of the next H candles after the last candle given; throws
   * MarketDataError('INSUFFICIENT_DATA') when fewer than requiredCandles.
   */
  predict(_candles: readonly Candle[]): VolatilityForecast {
    throw new Error('not implemented');
  }

  /** The forecast at every candle of the series that has a full window (NaN before). */
  predictSeries(_candles: readonly Candle[]): Float64Array {
    throw new Error('not implemented');
  }

  toArtifacts(): Promise<ModelArtifacts> {
    throw new Error('not implemented');
  }

  /** ModelArtifactError when the files are missing, corrupted or incompatible. */
  static fromArtifacts(_artifacts: ModelArtifacts): Promise<VolatilityModel> {
    throw new Error('not implemented');
  }

  dispose(): void {
    throw new Error('not implemented');
  }
}
