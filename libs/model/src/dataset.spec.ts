import { CandleFactory, MarketDataError } from '@crypto/candles';
import { chronologicalSplits, fitScaler, gatherWindows, originBounds, originsOf } from './dataset';
import { DEFAULT_MODEL_CONFIG, type ModelConfig } from './model-config';
import { computeInputSeries, INPUT_COLUMNS, INPUT_WARMUP } from './model-inputs';

const config = (overrides: Partial<ModelConfig> = {}): ModelConfig => ({
  ...DEFAULT_MODEL_CONFIG,
  ...overrides,
});

describe('dataset', () => {
  describe(chronologicalSplits.name, () => {
    it.each([
      { horizon: 24, sequenceLength: 48, trainFraction: 0.7, validationFraction: 0.15 },
      { horizon: 12, sequenceLength: 24, trainFraction: 0.7, validationFraction: 0.15 },
      { horizon: 48, sequenceLength: 16, trainFraction: 0.5, validationFraction: 0.3 },
      { horizon: 2, sequenceLength: 1, trainFraction: 0.8, validationFraction: 0.1 },
    ])(
      'should leave no target of one split overlapping the next when H = $horizon, L = $sequenceLength, train $trainFraction',
      (overrides) => {
        const sut = chronologicalSplits(5_000, config(overrides));

        // The target of origin t covers candles t+1 … t+H.
        const lastTrainTargetCandle = sut.train.last + overrides.horizon;
        const firstValidationTargetCandle = sut.validation.first + 1;
        expect(lastTrainTargetCandle).toBeLessThan(firstValidationTargetCandle);
        expect(sut.validation.last + overrides.horizon).toBeLessThan(sut.test.first + 1);
        expect(sut.validation.first - sut.train.last - 1).toBeGreaterThanOrEqual(overrides.horizon);
        expect(sut.test.first - sut.validation.last - 1).toBeGreaterThanOrEqual(overrides.horizon);
      },
    );

    it('should split the windows 70 / 15 / 15 in time order when the defaults are used', () => {
      const { first, last } = originBounds(10_000, 48, 24);

      const sut = chronologicalSplits(10_000, config());

      const windows = last - first + 1;
      expect(sut.train.first).toBe(INPUT_WARMUP + 48 - 1);
      expect(sut.test.last).toBe(10_000 - 1 - 24);
      expect(sut.train.last - sut.train.first + 1).toBe(Math.floor(0.7 * windows));
      expect(sut.validation.last - sut.validation.first + 1).toBe(Math.floor(0.15 * windows));
      expect(sut.train.last).toBeLessThan(sut.validation.first);
      expect(sut.validation.last).toBeLessThan(sut.test.first);
    });

    it('should throw INSUFFICIENT_DATA when the candles leave a split empty', () => {
      const run = () => chronologicalSplits(INPUT_WARMUP + 48 + 24 + 10, config());

      expect(run).toThrow(MarketDataError);
      expect(run).toThrow(expect.objectContaining({ code: 'INSUFFICIENT_DATA' }));
    });
  });

  describe(fitScaler.name, () => {
    const candles = CandleFactory.series({ count: 2_000 }).randomWalk({ seed: 9 }).build();
    const splits = chronologicalSplits(candles.length, config());

    it('should not change when every candle after the training split changes', () => {
      const shocked = candles.map((c, t) =>
        t > splits.train.last ? { ...c, high: c.high * 1.5, close: c.close * 1.2, volume: c.volume * 50 } : c,
      );

      const sut = fitScaler(computeInputSeries(shocked), INPUT_COLUMNS, splits.train, 48);

      expect(sut).toEqual(fitScaler(computeInputSeries(candles), INPUT_COLUMNS, splits.train, 48));
    });

    it('should change when a candle the training windows read changes', () => {
      const changed = candles.map((c, t) => (t === splits.train.last ? { ...c, volume: c.volume * 50 } : c));

      const sut = fitScaler(computeInputSeries(changed), INPUT_COLUMNS, splits.train, 48);

      expect(sut).not.toEqual(fitScaler(computeInputSeries(candles), INPUT_COLUMNS, splits.train, 48));
    });
  });

  describe(gatherWindows.name, () => {
    it('should copy the L rows ending at each origin when given several origins', () => {
      const rows = Float32Array.from({ length: 10 * 2 }, (_, i) => i); // row t = [2t, 2t + 1]

      const sut = gatherWindows(rows, 2, Int32Array.of(2, 9), 3);

      expect([...sut]).toEqual([0, 1, 2, 3, 4, 5, 14, 15, 16, 17, 18, 19]);
    });
  });

  describe(originsOf.name, () => {
    it('should step by the stride from the offset when a stride is given', () => {
      expect([...originsOf({ first: 10, last: 20 }, 4, 1)]).toEqual([11, 15, 19]);
      expect([...originsOf({ first: 10, last: 12 })]).toEqual([10, 11, 12]);
    });
  });
});
