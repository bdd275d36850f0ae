/** Everything configurable about one training run (defaults measured on the BTC file, docs/model-card.md). */
export interface ModelConfig {
  /** L: candles of input per window. */
  sequenceLength: number;
  /** H: the target is the std of the next H returns. */
  horizon: number;
  /** LSTM units per direction. */
  units: number;
  /** Stacked BiLSTM layers. */
  layers: number;
  /** Dropout rate on the BiLSTM output while training. */
  dropout: number;
  learningRate: number;
  batchSize: number;
  /** Most epochs; early stopping usually ends sooner. 0 keeps the linear head alone (an ablation). */
  epochs: number;
  /** Early stopping: epochs without a better validation loss before training stops (the best weights are kept). */
  patience: number;
  /** Chronological shares of the windows; the rest is the test split. Purge gap of H between splits. */
  trainFraction: number;
  validationFraction: number;
  /**
   * Origins between two training windows of one epoch; each epoch starts at the next offset, so all windows
   * are used over `trainStride` epochs. Neighbouring windows share H − 1 candles of target: a stride loses
   * little and divides the cost of an epoch.
   */
  trainStride: number;
  /**
   * After early stopping, train the network again from the start (the linear head refitted too) on the
   * training and validation windows for the epochs validation chose: the final model also learns from the
   * most recent candles before the test split, which the validation split otherwise holds back.
   */
  refit: boolean;
  /**
   * Networks trained with seeds seed, seed + 7919, … (each early-stopped and refitted alone), saved as one
   * network whose ln σ² is their mean (`mergeNetworks`): a seed ensemble. 1: one network.
   */
  ensemble: number;
  /** Seeds weight initialisation, shuffling and dropout: the same data and config train the same model. */
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
  trainStride: 4,
  refit: true,
  ensemble: 1,
  seed: 42,
};

/**
 * Trains on a slice of ~3,000 1h candles in a few seconds: unit tests and end-to-end smoke runs of the
 * training flow. Not a useful model.
 */
export const SMOKE_MODEL_CONFIG: ModelConfig = {
  ...DEFAULT_MODEL_CONFIG,
  sequenceLength: 24,
  units: 4,
  epochs: 2,
  patience: 1,
  batchSize: 64,
  trainStride: 8,
};

const POSITIVE_INTEGERS = [
  'sequenceLength',
  'units',
  'layers',
  'batchSize',
  'patience',
  'trainStride',
  'ensemble',
] as const satisfies readonly (keyof ModelConfig)[];

/** RangeError naming the first field out of range. */
export function validateModelConfig(config: ModelConfig): void {
  const fail = (field: keyof ModelConfig, rule: string) => {
    throw new RangeError(`model config ${field} = ${String(config[field])}: ${rule}`);
  };
  for (const field of POSITIVE_INTEGERS) {
    if (!Number.isInteger(config[field]) || config[field] < 1) fail(field, 'must be a whole number ≥ 1');
  }
  if (!Number.isInteger(config.epochs) || config.epochs < 0) fail('epochs', 'must be a whole number ≥ 0');
  if (!Number.isInteger(config.horizon) || config.horizon < 2) fail('horizon', 'must be a whole number ≥ 2');
  if (!(config.dropout >= 0 && config.dropout < 1)) fail('dropout', 'must be in [0, 1)');
  if (!(config.learningRate > 0)) fail('learningRate', 'must be > 0');
  if (!(config.trainFraction > 0 && config.trainFraction < 1)) fail('trainFraction', 'must be in (0, 1)');
  if (!(config.validationFraction > 0 && config.trainFraction + config.validationFraction < 1)) {
    fail('validationFraction', 'must be > 0 and leave a test split after trainFraction');
  }
  if (!Number.isInteger(config.seed)) fail('seed', 'must be a whole number');
}
