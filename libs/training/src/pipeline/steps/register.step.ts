import { ModelTag, RunArtifact } from '@crypto/registry';
import type { FlowState, With } from '../flow-state';
import type { StepProgress, TrainingDeps } from '../training-deps';

/** Register: a version of the registered model whose source is the run's `model/`, with its checksum. */
export class RegisterStep {
  constructor(private readonly deps: Pick<TrainingDeps, 'runs' | 'mlflow' | 'settings'>) {}

  async run(
    state: With<'dataset' | 'run' | 'evaluation' | 'gate_report'>,
    progress: StepProgress,
  ): Promise<FlowState> {
    if (!state.request.register) {
      await progress(1, 'not registered (--no-register)');
      return { ...state, version: null };
    }
    const { mlflow, settings } = this.deps;
    const { run, request, evaluation } = state;
    await mlflow.ensureRegisteredModel(settings.modelName, {
      description: 'BiLSTM forecast of the realized volatility of the next H candles (SPEC §6)',
    });
    // a retried step finds the version it created before
    const existing = await mlflow.searchModelVersions(settings.modelName, { runId: run.run_id });
    const version =
      existing[0] ??
      (await mlflow.createModelVersion(settings.modelName, {
        source: `${run.artifact_uri}/${RunArtifact.ModelDir}`,
        runId: run.run_id,
        description: `${request.symbol} ${request.timeframe} on ${request.exchange}, flow ${state.flow_id}`,
        tags: {
          [ModelTag.ArtifactsSha256]: run.checksum,
          [ModelTag.FlowId]: state.flow_id,
          [ModelTag.Symbol]: request.symbol,
          [ModelTag.Timeframe]: request.timeframe,
          [ModelTag.Backend]: run.backend,
          [ModelTag.DataHash]: run.data_hash,
          'crypto.test_qlike': String(evaluation.model.qlike),
        },
      }));
    await this.deps.runs.update(state.flow_id, { model_version: version.version });
    await progress(1, `registered ${settings.modelName} version ${version.version}`);
    return { ...state, version: version.version };
  }
}
