import { TrainingJob } from '@crypto/messaging';
import { minimumTrainingCandles, SMOKE_MODEL_CONFIG } from '@crypto/model';
import { fakeTrainingDeps, stateBefore } from '../../testing/fake-training-deps';
import { BuildDatasetStep } from './build-dataset.step';

describe(BuildDatasetStep.name, () => {
  it('should keep one candle per time, in order, and store them with their feature table', async () => {
    const deps = fakeTrainingDeps();
    const clean = [...deps.candles.candles];
    // a duplicate (tolerated by the validator's settings here) and the file out of order
    deps.settings.blockingQualityChecks = [];
    deps.candles.candles = [...clean.slice(1_000), ...clean.slice(0, 1_000), clean[10]!];
    const state = await stateBefore(deps, TrainingJob.BuildDataset);

    const next = await new BuildDatasetStep(deps).run(state as never, () => undefined);

    expect(next.dataset).toMatchObject({
      n: clean.length,
      range: { from_ts: clean[0]!.ts, to_ts: clean.at(-1)!.ts },
    });
    await expect(deps.data.getCandles(next.dataset.candles)).resolves.toEqual(clean);
    const features = deps.data.objects.get(`${next.dataset.features.bucket}/${next.dataset.features.key}`);
    expect(String(features).split('\n')[0]).toMatch(/ts/);
  });

  it('should refuse fewer candles than the windows and the splits need, naming the minimum', async () => {
    const needed = minimumTrainingCandles(SMOKE_MODEL_CONFIG);
    const deps = fakeTrainingDeps(undefined, needed - 1);
    const state = await stateBefore(deps, TrainingJob.BuildDataset);

    await expect(new BuildDatasetStep(deps).run(state as never, () => undefined)).rejects.toMatchObject({
      code: 'INSUFFICIENT_DATA',
      message: expect.stringContaining(`at least ${needed}`),
    });
  });
});
