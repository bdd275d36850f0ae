import type { EvaluationReport } from '@crypto/model';
import { type ChampionModelLoader, RunArtifact } from '@crypto/registry';
import type { With } from '../flow-state';
import type { ModelOps } from '../model-ops';
import type { StepProgress, TrainingDeps } from '../training-deps';
import type { ChampionScorer } from './champion-scorer';
import { metricsOf } from './step-records';

/**
 * Evaluate: final metrics of the model and the baselines on the test window; the candidate re-loaded from
 * MLflow (checksum verified, so what gets registered is known to load) and the current champion, both
 * scored with `evaluateOnWindow` on that window for the gate; `evaluation.json` as an artifact.
 */
export class EvaluateStep {
  constructor(
    private readonly deps: Pick<TrainingDeps, 'data' | 'runs' | 'mlflow'>,
    private readonly loader: ChampionModelLoader,
    private readonly champions: ChampionScorer,
    private readonly model: ModelOps,
  ) {}

  async run(
    state: With<'dataset' | 'run' | 'evaluation'>,
    progress: StepProgress,
  ): Promise<With<'dataset' | 'run' | 'evaluation' | 'gate_report'>> {
    const { mlflow } = this.deps;
    const { run, evaluation } = state;
    const candles = await this.deps.data.getCandles(state.dataset.candles);
    await progress(0.1, 're-loading the candidate from MLflow');
    const candidate = await this.loader.loadRun(run.run_id, run.checksum);
    let gateReport: EvaluationReport;
    try {
      gateReport = await this.model.evaluateOnWindow(candidate, candles, evaluation.test_window);
    } finally {
      candidate.dispose();
    }
    await progress(0.5, 're-scoring the champion on the test window');
    const champion = await this.champions.score(candles, evaluation.test_window);
    const { test_window: w } = evaluation;
    await mlflow.logBatch(run.run_id, {
      metrics: [
        ...metricsOf('test', evaluation.model),
        ...metricsOf('persistence', evaluation.baselines.persistence),
        ...metricsOf('ewma', evaluation.baselines.ewma),
        ...metricsOf('har', evaluation.baselines.har),
        ...metricsOf('gate', gateReport.model),
        ...(champion?.metrics ? metricsOf('champion', champion.metrics) : []),
        { key: 'test_n', value: w.n, step: 0 },
        { key: 'epochs_run', value: run.epochs_run, step: 0 },
      ],
      tags: {
        'crypto.test_from': new Date(w.from_ts).toISOString(),
        'crypto.test_to': new Date(w.to_ts).toISOString(),
      },
    });
    const runInfo = {
      run_id: run.run_id,
      experiment_id: run.experiment_id,
      artifact_uri: run.artifact_uri,
      status: 'RUNNING' as const,
    };
    await mlflow.uploadArtifact(
      runInfo,
      RunArtifact.Evaluation,
      JSON.stringify({ ...evaluation, gate: gateReport, champion, dataset: state.dataset }, null, 2),
      'application/json',
    );
    await this.deps.runs.update(state.flow_id, {
      metrics: { ...evaluation.model, test_window: evaluation.test_window },
      baselines: evaluation.baselines,
    });
    await progress(1, `test QLIKE ${evaluation.model.qlike.toPrecision(4)}`);
    return { ...state, gate_report: gateReport, champion };
  }
}
