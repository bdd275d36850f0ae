import { TrainingJob } from '@crypto/messaging';
import { ModelTag } from '@crypto/registry';
import { fakeTrainingDeps, FAKE_MARKET, stateBefore } from '../../testing/fake-training-deps';
import type { With } from '../flow-state';
import { RegisterStep } from './register.step';

type Registrable = With<'dataset' | 'run' | 'evaluation' | 'gate_report'>;

describe(RegisterStep.name, () => {
  it('should register a version of the run’s model/ with its checksum', async () => {
    const deps = fakeTrainingDeps();
    const state = (await stateBefore(deps, TrainingJob.Register)) as Registrable;

    const next = await new RegisterStep(deps).run(state, () => undefined);

    expect(next.version).toBe('1');
    const [version] = deps.mlflow.versions;
    expect(version).toMatchObject({ source: `${state.run.artifact_uri}/model`, run_id: state.run.run_id });
    expect(deps.mlflow.versionTag('1', ModelTag.ArtifactsSha256)).toBe(state.run.checksum);
    expect(deps.mlflow.versionTag('1', ModelTag.FlowId)).toBe('flow-1');
    expect(deps.runs.rows.get('flow-1')?.model_version).toBe('1');
  });

  it('should find the version an earlier attempt registered', async () => {
    const deps = fakeTrainingDeps();
    const state = (await stateBefore(deps, TrainingJob.Register)) as Registrable;
    const sut = new RegisterStep(deps);
    await sut.run(state, () => undefined);

    const again = await sut.run(state, () => undefined);

    expect(again.version).toBe('1');
    expect(deps.mlflow.versions).toHaveLength(1);
  });

  it('should register nothing when the request says so', async () => {
    const deps = fakeTrainingDeps();
    const state = (await stateBefore(deps, TrainingJob.Register, {
      ...FAKE_MARKET,
      register: false,
    })) as Registrable;

    const next = await new RegisterStep(deps).run(state, () => undefined);

    expect(next.version).toBeNull();
    expect(deps.mlflow.versions).toHaveLength(0);
  });
});
