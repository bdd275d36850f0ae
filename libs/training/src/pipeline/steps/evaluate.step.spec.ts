import { TrainingJob } from '@crypto/messaging';
import { ChampionModelLoader, ModelAlias, RunArtifact } from '@crypto/registry';
import { fakeTrainingDeps, stateBefore, type FakeTrainingDeps } from '../../testing/fake-training-deps';
import type { With } from '../flow-state';
import { TrainingPipeline } from '../training-pipeline';
import { ChampionScorer } from './champion-scorer';
import { EvaluateStep } from './evaluate.step';

describe(EvaluateStep.name, () => {
  const stepOf = (deps: FakeTrainingDeps) => {
    const loader = new ChampionModelLoader(deps.mlflow, deps.settings.modelName, deps.model);
    return new EvaluateStep(deps, loader, new ChampionScorer(loader, deps.model), deps.model);
  };

  it('should score the candidate re-loaded from MLflow and record the metrics, with no champion to defend', async () => {
    const deps = fakeTrainingDeps();
    const state = (await stateBefore(deps, TrainingJob.Evaluate)) as With<'dataset' | 'run' | 'evaluation'>;

    const next = await stepOf(deps).run(state, () => undefined);

    expect(next.gate_report.model.qlike).toBe(0.3);
    expect(next.champion).toBeNull();
    const metrics = new Map(deps.mlflow.metricsOf(state.run.run_id).map((m) => [m.key, m.value]));
    expect(metrics.get('test_qlike')).toBe(0.3);
    expect(metrics.get('har_qlike')).toBe(0.4);
    expect(metrics.get('gate_qlike')).toBe(0.3);
    expect(metrics.has('champion_qlike')).toBe(false);
    const uri = `${state.run.artifact_uri}/${RunArtifact.Evaluation}`;
    expect(JSON.parse(String(deps.mlflow.artifacts.get(uri)))).toMatchObject({ champion: null });
    expect(deps.runs.rows.get('flow-1')).toMatchObject({
      metrics: { qlike: 0.3 },
      baselines: { har: { qlike: 0.4 } },
    });
    expect(deps.model.loaded.every((m) => m.disposed)).toBe(true);
  });

  it('should re-score the champion on the candidate’s test window', async () => {
    const deps = fakeTrainingDeps({ model: 0.2, persistence: 0.5, ewma: 0.45, har: 0.4 });
    await new TrainingPipeline(deps).run({ exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' });
    deps.model.scores = { ...deps.model.scores, model: 0.3 };
    const state = (await stateBefore(deps, TrainingJob.Evaluate)) as With<'dataset' | 'run' | 'evaluation'>;

    const next = await stepOf(deps).run(state, () => undefined);

    expect(next.champion).toEqual({ version: '1', metrics: expect.objectContaining({ qlike: 0.2 }) });
    const metrics = new Map(deps.mlflow.metricsOf(state.run.run_id).map((m) => [m.key, m.value]));
    expect(metrics.get('champion_qlike')).toBe(0.2);
  });

  it('should not defend a champion whose files do not load', async () => {
    const deps = fakeTrainingDeps();
    await new TrainingPipeline(deps).run({ exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' });
    const champion = (await deps.mlflow.getVersionByAlias(deps.settings.modelName, ModelAlias.Champion))!;
    deps.mlflow.artifacts.set(`${champion.source}/weights.bin`, new Uint8Array([9]));
    const state = (await stateBefore(deps, TrainingJob.Evaluate)) as With<'dataset' | 'run' | 'evaluation'>;

    const next = await stepOf(deps).run(state, () => undefined);

    expect(next.champion).toEqual({ version: '1', metrics: null, error: expect.stringMatching(/sha256/) });
  });
});
