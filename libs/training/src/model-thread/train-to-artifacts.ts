import type { Candle } from '@crypto/candles';
import {
  trainVolatilityModel,
  type ModelArtifacts,
  type ModelConfig,
  type ModelPreprocessing,
  type TrainingResult,
  type TrainOptions,
} from '@crypto/model';

/** A trained model as the pipeline keeps it: its files and what it logs, never a live network. */
export interface TrainedModel extends Omit<TrainingResult, 'model'> {
  artifacts: ModelArtifacts;
  preprocessing: ModelPreprocessing;
}

/** Trains a model and keeps its files: the network is disposed once serialised. */
export async function trainToArtifacts(
  candles: readonly Candle[],
  config: ModelConfig,
  options?: TrainOptions,
): Promise<TrainedModel> {
  const { model, ...result } = await trainVolatilityModel(candles, config, options);
  try {
    return { ...result, artifacts: await model.toArtifacts(), preprocessing: model.preprocessing };
  } finally {
    model.dispose();
  }
}
