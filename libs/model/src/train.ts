import type { Candle } from '@crypto/candles';
import type { EvaluationReport } from './evaluation';
import type { ModelConfig } from './model-config';
import type { VolatilityModel } from './volatility-model';

export interface TrainOptions {
  onEpochEnd?: (epoch: number, logs: { loss: number; val_loss: number }) => void | Promise<void>;
  onProgress?: (fraction: number, message: string) => void;
  signal?: AbortSignal;
}

export interface DatasetSummary {
  train: number;
  validation: number;
  test: number;
  data_range: { from_ts: number; to_ts: number };
  data_hash: string;
}

export interface TrainingResult {
  model: VolatilityModel;
  evaluation: EvaluationReport;
  history: { loss: number[]; val_loss: number[] };
  dataset: DatasetSummary;
}

/** Builds the dataset, trains the BiLSTM with early stopping, scores it and the baselines on the test split. */
export async function trainVolatilityModel(
  _candles: readonly Candle[],
  _config: ModelConfig,
  _options: TrainOptions = {},
): Promise<TrainingResult> {
  throw new Error('not implemented');
}
