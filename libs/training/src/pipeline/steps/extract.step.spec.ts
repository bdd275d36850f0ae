import { TrainingJob } from '@crypto/messaging';
import { fakeTrainingDeps, stateBefore } from '../../testing/fake-training-deps';
import { TrainingError } from '../../training.error';
import { ExtractStep } from './extract.step';

describe(ExtractStep.name, () => {
  it('should store the market’s candles as raw data and say where they came from', async () => {
    const deps = fakeTrainingDeps();
    const state = await stateBefore(deps, TrainingJob.Extract);
    const progress: number[] = [];

    const next = await new ExtractStep(deps).run(state, (fraction) => void progress.push(fraction));

    const candles = deps.candles.candles;
    expect(next.raw).toMatchObject({
      candles: candles.length,
      source: 'fixture',
      range: { from_ts: candles[0]!.ts, to_ts: candles.at(-1)!.ts },
    });
    await expect(deps.data.getCandles(next.raw.ref)).resolves.toEqual(candles);
    expect(progress).toEqual([0, 1]);
  });

  it('should refuse a market with no candles, telling how to get them', async () => {
    const deps = fakeTrainingDeps();
    deps.candles.candles = [];
    const state = await stateBefore(deps, TrainingJob.Extract);

    const extract = new ExtractStep(deps).run(state, () => undefined);

    await expect(extract).rejects.toThrow(TrainingError);
    await expect(extract).rejects.toMatchObject({ code: 'INSUFFICIENT_DATA', message: /pnpm cli ingest/ });
  });
});
