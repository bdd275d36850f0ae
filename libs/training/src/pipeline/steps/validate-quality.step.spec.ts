import { TrainingJob } from '@crypto/messaging';
import { fakeTrainingDeps, stateBefore } from '../../testing/fake-training-deps';
import { ValidateQualityStep } from './validate-quality.step';

describe(ValidateQualityStep.name, () => {
  it('should store the quality report of clean candles and pass them', async () => {
    const deps = fakeTrainingDeps();
    const state = await stateBefore(deps, TrainingJob.Validate);

    const next = await new ValidateQualityStep(deps).run(state as never, () => undefined);

    expect(next.quality).toEqual({
      pass: true,
      warnings: [],
      report: { bucket: 'quality-reports', key: 'report-1.json' },
    });
    expect(deps.qualityReports.saved).toHaveLength(1);
  });

  it('should pass candles with a gap, recording it as a warning', async () => {
    const deps = fakeTrainingDeps();
    deps.candles.candles.splice(1_000, 5);
    const state = await stateBefore(deps, TrainingJob.Validate);

    const next = await new ValidateQualityStep(deps).run(state as never, () => undefined);

    expect(next.quality.warnings).toEqual(['gaps']);
  });

  it('should stop at a blocking check and name the stored report', async () => {
    const deps = fakeTrainingDeps();
    const bad = deps.candles.candles[500]!;
    deps.candles.candles[500] = { ...bad, high: bad.low / 2 };
    const state = await stateBefore(deps, TrainingJob.Validate);

    const validate = new ValidateQualityStep(deps).run(state as never, () => undefined);

    await expect(validate).rejects.toMatchObject({
      code: 'QUALITY_FAILED',
      message: expect.stringMatching(/ohlc_consistency.*s3:\/\/quality-reports\/report-1\.json/),
    });
  });
});
