import { CandleFactory } from '@crypto/candles';
import { computeInputSeries, INPUT_COLUMNS, INPUT_WARMUP } from './model-inputs';

describe(computeInputSeries.name, () => {
  const candles = CandleFactory.series({ count: INPUT_WARMUP + 60 })
    .randomWalk({ seed: 4 })
    .build();

  it('should compute from `from` on the very numbers of the whole series, and nothing before', () => {
    const whole = computeInputSeries(candles);
    const from = candles.length - 24;

    const sut = computeInputSeries(candles, from);

    for (const name of INPUT_COLUMNS) {
      expect(Array.from(sut.inputs[name].subarray(from))).toEqual(
        Array.from(whole.inputs[name].subarray(from)),
      );
    }
    // the windowed inputs are left undefined before `from`, where the full series has values
    expect(Number.isNaN(sut.inputs.log_rv_monthly[from - 1]!)).toBe(true);
    expect(Number.isFinite(whole.inputs.log_rv_monthly[from - 1]!)).toBe(true);
    expect(Array.from(sut.features.vol24.subarray(from))).toEqual(
      Array.from(whole.features.vol24.subarray(from)),
    );
  });
});
