import type { Candle } from '@crypto/candles';
import type { BackendName, EvaluationReport, ModelArtifacts, ModelConfig } from '@crypto/model';
import type { TrainedModel } from './train-to-artifacts';

/** What a model thread is started to do (its `workerData`): one task, then it exits. */
export interface ModelThreadInput {
  backend?: BackendName;
  task:
    | { kind: 'train'; candles: readonly Candle[]; config: ModelConfig }
    | {
        kind: 'evaluate';
        /** the model's files; null scores the baselines only */
        artifacts: ModelArtifacts | null;
        candles: readonly Candle[];
        window: { from_ts: number; to_ts: number };
      };
}

/** What a model thread tells its parent, in order: epochs and progress, then one result or a failure. */
export type ModelThreadMessage =
  | { kind: 'epoch'; epoch: number; logs: { loss: number; val_loss: number } }
  | { kind: 'progress'; fraction: number; message: string }
  | { kind: 'trained'; result: TrainedModel }
  | { kind: 'evaluated'; report: EvaluationReport }
  | { kind: 'failed'; error: { name: string; message: string; code?: string; stack?: string } };
