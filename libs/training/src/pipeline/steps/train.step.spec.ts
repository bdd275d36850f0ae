import { TrainingJob } from '@crypto/messaging';
import { ModelTag } from '@crypto/registry';
import { fakeTrainingDeps, stateBefore } from '../../testing/fake-training-deps';
import type { With } from '../flow-state';
import { TRAIN_ATTEMPTS_TAG, TrainStep } from './train.step';

describe(TrainStep.name, () => {
  const setUp = async () => {
    const deps = fakeTrainingDeps();
    const state = (await stateBefore(deps, TrainingJob.Train)) as With<'dataset'>;
    return { deps, state, sut: new TrainStep(deps) };
  };

  it('should log one MLflow run with the params, each epoch and the model’s files', async () => {
    const { deps, state, sut } = await setUp();

    const next = await sut.run(state, () => undefined);

    const runId = next.run.run_id;
    expect(deps.runs.rows.get('flow-1')?.mlflow_run_id).toBe(runId);
    expect(deps.mlflow.paramsOf(runId)).toMatchObject({
      sequence_length: String(state.request.config.sequenceLength),
      symbol: 'BTC/USDT',
      candles: String(state.dataset.n),
      dataset_sha256: state.dataset.candles.sha256,
      train_windows: '70',
    });
    const losses = deps.mlflow.metricsOf(runId).filter((m) => m.key === 'loss');
    expect(losses.map((m) => m.step)).toEqual([...Array(state.request.config.epochs).keys()]);
    const tags = deps.mlflow.tagsOf(runId);
    expect(tags).toMatchObject({
      [ModelTag.FlowId]: 'flow-1',
      [ModelTag.ArtifactsSha256]: next.run.checksum,
      [ModelTag.Backend]: 'fake',
      [ModelTag.CodeVersion]: 'unit-sha',
      [TRAIN_ATTEMPTS_TAG]: '1',
    });
    const files = [...deps.mlflow.artifacts.keys()].map((k) => k.split('/artifacts/')[1]);
    expect(files).toEqual(
      expect.arrayContaining(['model/model.json', 'model/weights.bin', 'preprocessing.json']),
    );
    expect(next.evaluation.model.qlike).toBe(0.3);
  });

  it('should reuse the run of an earlier attempt and count the attempts', async () => {
    const { deps, state, sut } = await setUp();
    deps.mlflow.failNext('uploadArtifact');
    await expect(sut.run(state, () => undefined)).rejects.toThrow('down');

    const next = await sut.run(state, () => undefined);

    expect(deps.mlflow.runs.size).toBe(1);
    expect(deps.mlflow.tagsOf(next.run.run_id)).toMatchObject({
      [TRAIN_ATTEMPTS_TAG]: '2',
      'crypto.resumed_at': expect.any(String),
    });
  });

  it('should report progress below 1 until the files are logged', async () => {
    const { state, sut } = await setUp();
    const progress: number[] = [];

    await sut.run(state, (fraction) => void progress.push(fraction));

    expect(progress.at(-1)).toBe(1);
    expect(progress.slice(0, -1).every((f) => f <= 0.95)).toBe(true);
  });
});
