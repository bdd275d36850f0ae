/** Everything configurable about one training run (defaults measured on the BTC file, docs/model-card.md). */
export interface ModelConfig {
  /** L: candles of input per window. */
  sequenceLength: number;
  /** H: the target is the std of the next H returns. */
  horizon: number;
  units: number;
  layers: number;
  dropout: number;
  learningRate: number;
  batchSize: number;
  epochs: number;
  /** Early stopping: epochs without a better validation loss before training stops. */
  patience: number;
  /** Chronological shares of the windows; the rest is the test split. Purge gap ≥ H between splits. */
  trainFraction: number;
  validationFraction: number;
  seed: number;
}

export const DEFAULT_MODEL_CONFIG: ModelConfig = {
  sequenceLength: 48,
  horizon: 24,
  units: 16,
  layers: 1,
  dropout: 0.1,
  learningRate: 0.001,
  batchSize: 128,
  epochs: 30,
  patience: 5,
  trainFraction: 0.7,
  validationFraction: 0.15,
  seed: 42,
};

/** A configuration that trains on ~3,000 candles in seconds: tests and end-to-end smoke runs. */
export const SMOKE_MODEL_CONFIG: ModelConfig = {
  ...DEFAULT_MODEL_CONFIG,
  units: 4,
  epochs: 2,
  patience: 1,
  batchSize: 64,
};
