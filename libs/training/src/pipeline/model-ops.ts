import type { Candle } from '@crypto/candles';
import {
  evaluateOnWindow,
  type EvaluationReport,
  type ModelConfig,
  type TrainOptions,
  type VolatilityModel,
} from '@crypto/model';
import { TFJS_MODEL_CODEC, type ModelCodec } from '@crypto/registry';
import { trainToArtifacts, type TrainedModel } from '../model-thread/train-to-artifacts';

export type { TrainedModel } from '../model-thread/train-to-artifacts';

export interface EvaluationWindow {
  from_ts: number;
  to_ts: number;
}

/**
 * The model lib's operations the pipeline runs: replaceable by a fake in tests of the pipeline's own logic,
 * and by `ThreadedModelOps` in the trainer, where they run off the event loop that renews the job locks.
 */
export interface ModelOps extends ModelCodec {
  train(candles: readonly Candle[], config: ModelConfig, options?: TrainOptions): Promise<TrainedModel>;
  evaluateOnWindow(
    model: VolatilityModel | undefined,
    candles: readonly Candle[],
    window: EvaluationWindow,
  ): EvaluationReport | Promise<EvaluationReport>;
}

/** The model lib on this thread: its CPU-bound work holds the event loop meanwhile. */
export const TFJS_MODEL_OPS: ModelOps = {
  ...TFJS_MODEL_CODEC,
  train: trainToArtifacts,
  evaluateOnWindow: (model, candles, window) => evaluateOnWindow(model, candles, window),
};
