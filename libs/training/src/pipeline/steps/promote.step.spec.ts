import { TrainingJob } from '@crypto/messaging';
import { ChampionModelLoader, ModelAlias, ModelTag } from '@crypto/registry';
import type { ChampionLock } from '../../promotion/champion-lock';
import type { TrainingRequest } from '../../training.request';
import {
  FAKE_MARKET,
  fakeTrainingDeps,
  stateBefore,
  type FakeTrainingDeps,
} from '../../testing/fake-training-deps';
import type { With } from '../flow-state';
import { ChampionScorer } from './champion-scorer';
import { PromoteStep } from './promote.step';

type Promotable = With<'dataset' | 'run' | 'evaluation' | 'gate_report'>;

describe(PromoteStep.name, () => {
  const stepOf = (deps: FakeTrainingDeps) =>
    new PromoteStep(
      deps,
      new ChampionScorer(
        new ChampionModelLoader(deps.mlflow, deps.settings.modelName, deps.model),
        deps.model,
      ),
    );
  const champion = (deps: FakeTrainingDeps) =>
    deps.mlflow.getVersionByAlias(deps.settings.modelName, ModelAlias.Champion).then((v) => v?.version);
  /** A flow of `flowId` ready to promote, with the model scoring `qlike`. */
  const ready = async (deps: FakeTrainingDeps, qlike: number, request: TrainingRequest = FAKE_MARKET) => {
    deps.model.scores = { ...deps.model.scores, model: qlike };
    return (await stateBefore(deps, TrainingJob.Promote, request)) as Promotable;
  };

  it('should make the first candidate that beats the baselines champion and announce it', async () => {
    const deps = fakeTrainingDeps();
    const state = await ready(deps, 0.3);

    const next = await stepOf(deps).run(state, () => undefined);

    expect(next.decision).toMatchObject({ promote: true, alias: 'champion', version: '1' });
    await expect(champion(deps)).resolves.toBe('1');
    expect(deps.events.published).toEqual([
      expect.objectContaining({ type: 'champion_promoted', version: '1', previous_version: null }),
    ]);
    expect(deps.mlflow.runs.get(state.run.run_id)?.info.status).toBe('FINISHED');
    expect(deps.mlflow.tagsOf(state.run.run_id)[ModelTag.Decision]).toBe('champion');
    expect(deps.runs.rows.get('flow-1')).toMatchObject({ status: 'completed', decision: 'champion' });
  });

  it('should keep the champion and make a losing candidate challenger, with the reason', async () => {
    const deps = fakeTrainingDeps();
    await stepOf(deps).run(await ready(deps, 0.2), () => undefined);
    deps.runs.rows.clear();
    const state = await ready(deps, 0.3);

    const next = await stepOf(deps).run(state, () => undefined);

    expect(next.decision).toMatchObject({ promote: false, alias: 'challenger', version: '2' });
    await expect(champion(deps)).resolves.toBe('1');
    expect(deps.mlflow.versionTag('2', ModelTag.RejectionReason)).toBe(next.decision!.reason);
    expect(deps.events.published).toHaveLength(1);
    expect(deps.runs.rows.get('flow-1')).toMatchObject({ status: 'completed', decision: 'challenger' });
  });

  it('should re-score a champion that changed since evaluation before deciding', async () => {
    const deps = fakeTrainingDeps();
    const late = await ready(deps, 0.3);
    // another flow promotes a better model between this one's evaluation and its promotion
    deps.runs.rows.clear();
    await stepOf(deps).run(await ready(deps, 0.2), () => undefined);

    const next = await stepOf(deps).run(late, () => undefined);

    expect(late.champion).toBeNull();
    expect(next.champion).toMatchObject({ version: '2', metrics: { qlike: 0.2 } });
    expect(next.decision).toMatchObject({ promote: false, alias: 'challenger' });
    await expect(champion(deps)).resolves.toBe('2');
  });

  it('should finish a retried step whose earlier attempt moved the alias', async () => {
    const deps = fakeTrainingDeps();
    const state = await ready(deps, 0.3);
    deps.mlflow.failNext('endRun');
    await expect(stepOf(deps).run(state, () => undefined)).rejects.toThrow('down');

    const next = await stepOf(deps).run(state, () => undefined);

    expect(next.decision).toMatchObject({ promote: true, reason: /earlier attempt/ });
    await expect(champion(deps)).resolves.toBe('1');
    expect(deps.runs.rows.get('flow-1')).toMatchObject({ status: 'completed', decision: 'champion' });
  });

  it('should decide holding the champion lock of the model', async () => {
    const held: string[] = [];
    const lock: ChampionLock = {
      hold: async (model, who, change) => {
        held.push(`${model}: ${who}`);
        return change();
      },
    };
    const deps = { ...fakeTrainingDeps(), championLock: lock };
    const state = await ready(deps, 0.3);

    await stepOf(deps).run(state, () => undefined);

    expect(held).toEqual(['unit-model: promotion of v1 (flow flow-1)']);
  });

  it('should record an unregistered run as such, touching no alias', async () => {
    const deps = fakeTrainingDeps();
    const state = await ready(deps, 0.3, { ...FAKE_MARKET, register: false });

    const next = await stepOf(deps).run(state, () => undefined);

    expect(next.decision).toMatchObject({ promote: false, alias: null, reason: 'not registered' });
    expect(deps.mlflow.aliases.size).toBe(0);
    expect(deps.runs.rows.get('flow-1')).toMatchObject({ status: 'completed', decision: 'not_registered' });
  });
});
