import {
  artifactsChecksum,
  type EvaluationReport,
  type ForecastMetrics,
  type ModelArtifacts,
  type ModelPreprocessing,
  type VolatilityModel,
} from '@crypto/model';
import type { ModelOps } from '../pipeline/model-ops';

const metrics = (qlike: number): ForecastMetrics => ({ rmse: qlike / 100, mae: qlike / 200, qlike, r2: 0.1 });

/** What a fake model scores: its own QLIKE and the baselines' on any window. */
export interface FakeScores {
  model: number;
  persistence: number;
  ewma: number;
  har: number;
}

interface FakeModel {
  preprocessing: ModelPreprocessing;
  dispose(): void;
  disposed: boolean;
}

/**
 * The model lib's operations without TF.js (STYLE §11: a fake of our own interface), for tests of the
 * pipeline's own logic — the gate's outcomes, retries, refusals — where a real BiLSTM's score cannot be
 * chosen. Its "model" scores `scores.model` on every window; its files are JSON, checksummed for real.
 */
export class FakeModelOps implements ModelOps {
  readonly loaded: FakeModel[] = [];

  constructor(public scores: FakeScores) {}

  readonly checksum = artifactsChecksum;

  backend(): string {
    return 'fake';
  }

  async fromArtifacts(artifacts: ModelArtifacts): Promise<VolatilityModel> {
    const text = new TextDecoder().decode(artifacts.files['model.json']);
    const { qlike } = JSON.parse(text) as { qlike: number };
    const preprocessing = JSON.parse(
      new TextDecoder().decode(artifacts.files['preprocessing.json']),
    ) as ModelPreprocessing;
    const model: FakeModel = {
      preprocessing: { ...preprocessing, test_metrics: metrics(qlike) },
      disposed: false,
      dispose() {
        this.disposed = true;
      },
    };
    this.loaded.push(model);
    return model as unknown as VolatilityModel;
  }

  readonly train: ModelOps['train'] = async (candles, config, options = {}) => {
    for (let epoch = 0; epoch < config.epochs; epoch++) {
      await options.onEpochEnd?.(epoch, { loss: 1 / (epoch + 1), val_loss: 1.1 / (epoch + 1) });
    }
    const qlike = this.scores.model;
    const range = { from_ts: candles[0]!.ts, to_ts: candles.at(-1)!.ts };
    const preprocessing = {
      feature_columns: ['ret', 'vol24'],
      sequence_length: config.sequenceLength,
      horizon: config.horizon,
      backend: 'fake',
      data_range: range,
      data_hash: 'fake-hash',
      trained_at: new Date().toISOString(),
    } as unknown as ModelPreprocessing;
    const files = {
      'model.json': new TextEncoder().encode(JSON.stringify({ qlike })),
      'weights.bin': new Uint8Array([1, 2, 3, 4]),
      'preprocessing.json': new TextEncoder().encode(JSON.stringify(preprocessing)),
    };
    const testFrom = candles[Math.floor(candles.length * 0.85)]!.ts;
    return {
      artifacts: { files },
      preprocessing,
      evaluation: this.report(qlike, { from_ts: testFrom, to_ts: range.to_ts }),
      history: { loss: [1], val_loss: [1.1] },
      dataset: { train: 70, validation: 15, test: 15, data_range: range, data_hash: 'fake-hash' },
      timing: {
        epochs_run: config.epochs,
        best_epoch: config.epochs,
        member_best_epochs: [config.epochs],
        seconds_per_epoch: 0,
        train_samples_per_second: 0,
        total_seconds: 0,
      },
    };
  };

  readonly evaluateOnWindow: ModelOps['evaluateOnWindow'] = (model, _candles, window) =>
    this.report(model ? (model as unknown as FakeModel).preprocessing.test_metrics.qlike : NaN, window);

  private report(qlike: number, window: { from_ts: number; to_ts: number }): EvaluationReport {
    return {
      test_window: { ...window, n: 100 },
      model: metrics(qlike),
      baselines: {
        persistence: metrics(this.scores.persistence),
        ewma: metrics(this.scores.ewma),
        har: metrics(this.scores.har),
      },
    };
  }
}
