import { ModelTag, RunArtifact, type RunInfo } from '@crypto/registry';
import type { With } from '../flow-state';
import { TFJS_MODEL_OPS } from '../model-ops';
import type { StepProgress, TrainingDeps } from '../training-deps';
import { contentTypeOf, harParamsOf, snakeCase } from './step-records';

/** Run tag: how many times the train step started on this MLflow run (> 1: resumed after a failure or a lost worker). */
export const TRAIN_ATTEMPTS_TAG = 'crypto.train_attempts';

/**
 * Train: one MLflow run (reused when the step is retried, and tagged with its attempts) with the params,
 * `loss` / `val_loss` per epoch (step = epoch), and the model's files under `model/` with their sha256.
 */
export class TrainStep {
  constructor(private readonly deps: Pick<TrainingDeps, 'data' | 'runs' | 'mlflow' | 'settings' | 'model'>) {}

  async run(state: With<'dataset'>, progress: StepProgress): Promise<With<'dataset' | 'run' | 'evaluation'>> {
    const { request } = state;
    const { mlflow } = this.deps;
    const model = this.deps.model ?? TFJS_MODEL_OPS;
    const candles = await this.deps.data.getCandles(state.dataset.candles);
    const runInfo = await this.openRun(state);
    const runId = runInfo.run_id;
    const { config } = request;
    await mlflow.logBatch(runId, {
      params: {
        ...snakeCase(config),
        symbol: request.symbol,
        exchange: request.exchange,
        timeframe: request.timeframe,
        candles: state.dataset.n,
        dataset_sha256: state.dataset.candles.sha256,
      },
    });

    await progress(0, `training on ${candles.length} candles (MLflow run ${runId})`);
    const trained = await model.train(candles, config, {
      onEpochEnd: async (epoch, logs) => {
        await mlflow.logBatch(runId, {
          metrics: [
            { key: 'loss', value: logs.loss, step: epoch },
            { key: 'val_loss', value: logs.val_loss, step: epoch },
          ],
        });
      },
      // the model lib reports each epoch (loss, val_loss) through onProgress
      onProgress: (fraction, message) => void progress(Math.min(0.95, fraction), message),
    });
    const { artifacts, preprocessing, dataset } = trained;
    const checksum = model.checksum(artifacts);
    for (const [name, bytes] of Object.entries(artifacts.files)) {
      await mlflow.uploadArtifact(runInfo, `${RunArtifact.ModelDir}/${name}`, bytes, contentTypeOf(name));
    }
    await mlflow.uploadArtifact(
      runInfo,
      RunArtifact.Preprocessing,
      JSON.stringify(preprocessing, null, 2),
      'application/json',
    );
    await mlflow.logBatch(runId, {
      params: {
        train_windows: dataset.train,
        validation_windows: dataset.validation,
        test_windows: dataset.test,
        ...harParamsOf(preprocessing.har_baseline),
      },
      tags: {
        [ModelTag.ArtifactsSha256]: checksum,
        [ModelTag.Backend]: preprocessing.backend,
        [ModelTag.DataFrom]: new Date(dataset.data_range.from_ts).toISOString(),
        [ModelTag.DataTo]: new Date(dataset.data_range.to_ts).toISOString(),
        [ModelTag.DataHash]: dataset.data_hash,
        [ModelTag.TrainedAt]: preprocessing.trained_at,
        'crypto.quality_warnings': (state.quality?.warnings ?? []).join(',') || 'none',
      },
    });
    await progress(1, `trained ${trained.history.loss.length} epochs on ${preprocessing.backend}`);
    return {
      ...state,
      run: {
        run_id: runId,
        experiment_id: runInfo.experiment_id,
        artifact_uri: runInfo.artifact_uri,
        checksum,
        backend: preprocessing.backend,
        epochs_run: trained.history.loss.length,
        trained_at: preprocessing.trained_at,
        data_hash: dataset.data_hash,
      },
      evaluation: trained.evaluation,
    };
  }

  /** The flow's MLflow run: created by the first attempt, reopened (and counted) by the next ones. */
  private async openRun(state: With<'dataset'>): Promise<RunInfo> {
    const { mlflow, settings, runs } = this.deps;
    const { request } = state;
    const known = (await runs.get(state.flow_id))?.mlflow_run_id;
    if (known) {
      const run = await mlflow.getRun(known);
      const before = Number(run.data.tags?.find((t) => t.key === TRAIN_ATTEMPTS_TAG)?.value ?? 1);
      await mlflow.setRunTags(known, {
        [TRAIN_ATTEMPTS_TAG]: String(before + 1),
        'crypto.resumed_at': new Date().toISOString(),
      });
      return run.info;
    }
    const experimentId = await mlflow.ensureExperiment(settings.experimentName);
    const info = await mlflow.createRun(experimentId, {
      runName: state.flow_id,
      tags: {
        [ModelTag.FlowId]: state.flow_id,
        [ModelTag.Symbol]: request.symbol,
        [ModelTag.Exchange]: request.exchange,
        [ModelTag.Timeframe]: request.timeframe,
        [ModelTag.CodeVersion]: settings.codeVersion,
        'mlflow.source.git.commit': settings.codeVersion,
        'crypto.trigger': request.trigger,
        [TRAIN_ATTEMPTS_TAG]: '1',
      },
    });
    await runs.update(state.flow_id, { mlflow_run_id: info.run_id });
    return info;
  }
}
