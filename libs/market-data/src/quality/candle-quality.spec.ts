import { join } from 'node:path';
import { CandleFactory, readCandleCsv } from '@crypto/candles';
import { validateCandleQuality } from './candle-quality';
import { withDuplicateOf, withPatch, withoutIndexes } from '../testing/candle-edits';

const BTC_FILE = join(__dirname, '../../../../../shared/data/btcusdt-1h.csv');
const HOUR = 3_600_000;

describe(validateCandleQuality.name, () => {
  it('should pass every check when the series is clean', () => {
    const candles = CandleFactory.series({ count: 48 }).withReturns([0.01, -0.02, 0.005]).build();

    const sut = validateCandleQuality(candles, '1h', { now: Date.UTC(2024, 1, 1) });

    expect(sut.pass).toBe(true);
    expect(Object.values(sut.checks).map((c) => c.pass)).toEqual([true, true, true, true, true, true]);
    expect(sut.candles).toBe(48);
    expect(sut.range).toEqual({
      from_ts: candles[0]!.ts,
      to_ts: candles[47]!.ts,
      from: '2024-01-01T00:00:00.000Z',
      to: '2024-01-02T23:00:00.000Z',
    });
    expect(sut.generated_at).toBe('2024-02-01T00:00:00.000Z');
  });

  describe('gaps', () => {
    it('should count each hole, the missing candles and the largest one when candles are missing', () => {
      const candles = withoutIndexes(CandleFactory.series({ count: 20 }).build(), 3, 10, 11, 12);

      const { gaps } = validateCandleQuality(candles, '1h', {
        tolerances: { maxMissingFraction: 0.5 },
      }).checks;

      expect(gaps).toMatchObject({
        pass: true,
        count: 2,
        missing: 4,
        largest_ms: 3 * HOUR,
        largest_missing: 3,
        expected: 20,
      });
      expect(gaps.examples.map((g) => [g.from, g.missing])).toEqual([
        ['2024-01-01T03:00:00.000Z', 1],
        ['2024-01-01T10:00:00.000Z', 3],
      ]);
    });

    it('should fail when the missing fraction exceeds the tolerance', () => {
      const candles = withoutIndexes(CandleFactory.series({ count: 20 }).build(), 5);

      const { gaps } = validateCandleQuality(candles, '1h').checks;

      expect(gaps.pass).toBe(false);
      expect(gaps.missing_fraction).toBeCloseTo(1 / 20);
    });

    it('should fail when candles are not a whole number of timeframes apart', () => {
      const candles = withPatch(CandleFactory.series({ count: 10 }).build(), 4, {
        ts: Date.UTC(2024, 0, 1, 4, 30),
      });

      expect(validateCandleQuality(candles, '1h').checks.gaps).toMatchObject({ pass: false, misaligned: 2 });
    });

    it('should find the 10 gaps and 20 missing hours of the recorded BTC/USDT file', async () => {
      const candles = await readCandleCsv(BTC_FILE);

      const sut = validateCandleQuality(candles, '1h');

      expect(sut.checks.gaps).toMatchObject({
        count: 10,
        missing: 20,
        largest_ms: 4 * HOUR,
        misaligned: 0,
        pass: true,
      });
      expect(sut.checks.gaps.examples.map((g) => `${g.from.slice(0, 13)} ${g.missing}`)).toEqual([
        '2020-11-30T06 1',
        '2020-12-21T14 4',
        '2020-12-25T02 1',
        '2021-02-11T04 1',
        '2021-03-06T02 1',
        '2021-04-20T02 2',
        '2021-04-25T05 3',
        '2021-08-13T02 4',
        '2021-09-29T07 2',
        '2023-03-24T13 1',
      ]);
      expect(sut.candles).toBe(43_779);
      expect(sut.pass).toBe(true);
    });
  });

  describe('duplicates', () => {
    it('should count repeated timestamps and those whose values conflict', () => {
      const candles = withDuplicateOf(withDuplicateOf(CandleFactory.series({ count: 10 }).build(), 2), 5, {
        close: 1,
      });

      const sut = validateCandleQuality(candles, '1h');

      expect(sut.checks.duplicates).toEqual({
        pass: false,
        count: 2,
        conflicting: 1,
        examples: ['2024-01-01T02:00:00.000Z', '2024-01-01T05:00:00.000Z'],
      });
      expect(sut.checks.gaps.pass).toBe(true);
      expect(sut.pass).toBe(false);
    });
  });

  describe('ohlc_consistency', () => {
    it.each([
      ['high below the close', { high: 90, close: 95, open: 80, low: 79 }],
      ['high below the open', { high: 90, open: 95, close: 80, low: 79 }],
      ['low above the open', { low: 96, open: 95, close: 99, high: 100 }],
      ['low above the close', { low: 96, close: 95, open: 99, high: 100 }],
    ])('should flag a candle with its %s', (_, patch) => {
      const candles = withPatch(CandleFactory.series({ count: 5 }).build(), 2, patch);

      expect(validateCandleQuality(candles, '1h').checks.ohlc_consistency).toEqual({
        pass: false,
        count: 1,
        examples: ['2024-01-01T02:00:00.000Z'],
      });
    });
  });

  describe('non_positive_prices', () => {
    it.each(['open', 'high', 'low', 'close'] as const)(
      'should flag a candle whose %s is zero or negative',
      (field) => {
        const candles = withPatch(
          withPatch(CandleFactory.series({ count: 5 }).build(), 1, { [field]: 0 }),
          3,
          { [field]: -1 },
        );

        expect(validateCandleQuality(candles, '1h').checks.non_positive_prices).toMatchObject({
          pass: false,
          count: 2,
        });
      },
    );
  });

  describe('negative_volume', () => {
    it('should flag negative volume and accept zero volume', () => {
      const candles = withPatch(withPatch(CandleFactory.series({ count: 5 }).build(), 1, { volume: 0 }), 3, {
        volume: -0.5,
      });

      expect(validateCandleQuality(candles, '1h').checks.negative_volume).toEqual({
        pass: false,
        count: 1,
        examples: ['2024-01-01T03:00:00.000Z'],
      });
    });
  });

  describe('outlier_returns', () => {
    const noisy = Array.from({ length: 199 }, (_, i) => (i % 2 ? 0.001 : -0.001) * (1 + (i % 7) / 10));

    it('should flag a return far outside the robust spread', () => {
      const returns = [...noisy];
      returns[100] = 0.5;
      const candles = CandleFactory.series({ count: 200 }).withReturns(returns).build();

      const { outlier_returns } = validateCandleQuality(candles, '1h', {
        tolerances: { maxOutlierFraction: 0 },
      }).checks;

      expect(outlier_returns).toMatchObject({ pass: false, count: 1, threshold: 10, returns: 199 });
      expect(outlier_returns.examples[0]).toMatchObject({
        time: '2024-01-05T05:00:00.000Z',
        ret: expect.closeTo(0.5),
      });
      expect(outlier_returns.max_abs_z).toBeGreaterThan(100);
    });

    it('should pass when returns stay within the threshold', () => {
      const candles = CandleFactory.series({ count: 200 }).withReturns(noisy).build();

      expect(validateCandleQuality(candles, '1h').checks.outlier_returns).toMatchObject({
        pass: true,
        count: 0,
      });
    });
  });

  it('should report an empty series without failing', () => {
    const sut = validateCandleQuality([], '1h');

    expect(sut).toMatchObject({ pass: true, candles: 0, range: null });
  });

  it('should reject a timeframe that is not a ccxt timeframe', () => {
    expect(() => validateCandleQuality([], 'hourly')).toThrow(/is not a ccxt timeframe/);
  });
});
