import { join } from 'node:path';
import { CandleFactory, readCandleCsv } from '@crypto/candles';
import { computeFeatureColumns, computeFeatures } from './batch-features';
import { ALL_FEATURE_COLUMNS, FEATURE_COLUMNS } from './feature-row';

const BTC_FILE = join(__dirname, '../../../../shared/data/btcusdt-1h.csv');

// Closes 1, 2, 3, …: window means and momentum are easy to check by hand.
const counting = (count: number) =>
  CandleFactory.series({ count })
    .withCloses(Array.from({ length: count }, (_, t) => t + 1))
    .build();
const alternating = (count: number, up: number, down: number) =>
  CandleFactory.series({ count })
    .withCloses(
      Array.from({ length: count }, (_, t) => 100 + Math.ceil(t / 2) * up - Math.floor(t / 2) * down),
    )
    .build();
const flat = (count: number, close = 100) => CandleFactory.series({ count, startClose: close }).build();

describe(computeFeatures.name, () => {
  it('should give no rows when given no candles', () => {
    expect(computeFeatures([])).toEqual([]);
  });

  it('should keep the candle ts on each row', () => {
    const candles = flat(3);
    expect(computeFeatures(candles).map((r) => r.ts)).toEqual(candles.map((c) => c.ts));
  });

  describe('ret', () => {
    it('should be null at the first candle and close_t / close_t−1 − 1 after it', () => {
      const rows = computeFeatures(CandleFactory.series({ count: 3 }).withCloses([100, 110, 99]).build());
      expect(rows[0]!.ret).toBeNull();
      expect(rows[1]!.ret).toBeCloseTo(0.1, 15);
      expect(rows[2]!.ret).toBeCloseTo(-0.1, 15);
    });

    it('should be null when the previous close is 0', () => {
      const rows = computeFeatures(CandleFactory.series({ count: 3 }).withCloses([100, 0, 50]).build());
      expect(rows.map((r) => r.ret)).toEqual([null, -1, null]);
    });
  });

  describe('vol24', () => {
    it('should be null until 8 returns exist, then their sample std (ddof = 1)', () => {
      const rows = computeFeatures(
        CandleFactory.series({ count: 9 })
          .withReturns([0.01, -0.01, 0.01, -0.01, 0.01, -0.01, 0.01, -0.01])
          .build(),
      );
      expect(rows[7]!.vol24).toBeNull();
      expect(rows[8]!.vol24).toBeCloseTo(0.010690449676496976, 14);
    });

    it('should look at the returns of the last 24 candles only, not the last 24 defined returns', () => {
      const rows = computeFeatures(CandleFactory.series({ count: 26 }).withReturns([0.05]).build());
      // t = 24 holds returns 1…24 (one 0.05, 23 zeros): 0.05 / √24; t = 25 no longer holds return 1.
      expect(rows[24]!.vol24).toBeCloseTo(0.010206207261596576, 14);
      expect(rows[25]!.vol24).toBe(0);
    });

    it('should count only the defined returns of its window toward the 8 it needs', () => {
      const closes = [100, 0, ...new Array<number>(10).fill(100)];
      const rows = computeFeatures(CandleFactory.series({ count: closes.length }).withCloses(closes).build());
      // ret 2 (100 / 0) is undefined: at t = 8 the window holds 7 defined returns, at t = 9 eight.
      expect(rows[8]!.vol24).toBeNull();
      expect(rows[9]!.vol24).toBeCloseTo(Math.sqrt(((-1 + 1 / 8) ** 2 + 7 * (1 / 8) ** 2) / 7), 15);
    });

    it('should be exactly 0 over constant prices', () => {
      expect(
        computeFeatures(flat(30))
          .slice(8)
          .map((r) => r.vol24),
      ).toEqual(new Array(22).fill(0));
    });
  });

  describe('sma12 and sma48', () => {
    it('should be null before 4 closes and the mean of all closes so far until 12', () => {
      const rows = computeFeatures(counting(21));
      expect(rows[2]!.sma12).toBeNull();
      expect(rows[3]!.sma12).toBe(2.5);
      expect(rows[20]!.sma12).toBe(15.5); // closes 10…21
    });

    it('should be null before 12 closes for sma48, then the mean over up to 48', () => {
      const rows = computeFeatures(counting(61));
      expect(rows[10]!.sma48).toBeNull();
      expect(rows[11]!.sma48).toBe(6.5);
      expect(rows[60]!.sma48).toBe(37.5); // closes 14…61
    });
  });

  describe('rsi14', () => {
    it('should be null before the 15th candle (14 differences)', () => {
      const rows = computeFeatures(counting(15));
      expect(rows[13]!.rsi14).toBeNull();
      expect(rows[14]!.rsi14).not.toBeNull();
    });

    it.each([
      ['100 when the losses are all zero', counting(20), 100],
      ['null when gains and losses are both zero', flat(20), null],
      [
        '0 when the gains are all zero',
        CandleFactory.series({ count: 20 }).withReturns(new Array(19).fill(-0.01)).build(),
        0,
      ],
    ])('should be %s', (_, candles, expected) => {
      expect(computeFeatures(candles)[19]!.rsi14).toBe(expected);
    });

    it('should use simple rolling means, not Wilder smoothing, when the window slides', () => {
      // Differences +2, −1, +2, …: mean gain 1, mean loss 0.5 in every window: 100 − 100 / 3.
      // Wilder's smoothing would give 69.77 at t = 15.
      const rows = computeFeatures(alternating(16, 2, 1));
      expect(rows[14]!.rsi14).toBeCloseTo(200 / 3, 12);
      expect(rows[15]!.rsi14).toBeCloseTo(200 / 3, 12);
    });
  });

  describe('bb_upper and bb_lower', () => {
    it('should be null before 20 closes, then sma20 ± 2 sample std of the last 20 closes', () => {
      const rows = computeFeatures(counting(20));
      expect(rows[18]!.bb_upper).toBeNull();
      expect(rows[18]!.bb_lower).toBeNull();
      // closes 1…20: mean 10.5, sample variance 20·21 / 12 = 35.
      expect(rows[19]!.bb_upper).toBeCloseTo(22.33215956619923, 12);
      expect(rows[19]!.bb_lower).toBeCloseTo(-1.3321595661992323, 12);
    });

    it('should both equal the price when prices are constant', () => {
      const last = computeFeatures(flat(25, 250))[24]!;
      expect([last.bb_upper, last.bb_lower]).toEqual([250, 250]);
    });
  });

  describe('momentum_12 and momentum_24', () => {
    it('should be close_t / close_t−k − 1 from candle k on', () => {
      const rows = computeFeatures(counting(25));
      expect(rows[11]!.momentum_12).toBeNull();
      expect(rows[12]!.momentum_12).toBe(12); // 13 / 1 − 1
      expect(rows[23]!.momentum_24).toBeNull();
      expect(rows[24]!.momentum_24).toBe(24); // 25 / 1 − 1
    });
  });

  describe('log_volume', () => {
    it.each([
      [0, 0],
      [Math.E - 1, 1],
      [1e6, Math.log(1e6 + 1)],
    ])('should be ln(1 + volume) when volume is %p', (volume, expected) => {
      const [row] = computeFeatures(CandleFactory.series({ count: 1 }).withVolume(volume).build());
      expect(row!.log_volume).toBeCloseTo(expected, 12);
    });
  });

  describe('parkinson_var and garman_klass_var', () => {
    it('should be defined from the first candle', () => {
      const [row] = computeFeatures([{ ts: 0, open: 100, high: 110, low: 95, close: 105, volume: 1 }]);
      expect(row!.parkinson_var).toBeCloseTo(Math.log(110 / 95) ** 2 / (4 * Math.LN2), 15);
      expect(row!.garman_klass_var).toBeCloseTo(0.00982672327557351, 15);
    });
  });

  describe('on the recorded BTC file', () => {
    it('should give finite values, null only before each feature is first defined', async () => {
      const columns = computeFeatureColumns(await readCandleCsv(BTC_FILE));
      const firstDefined = Object.fromEntries(
        ALL_FEATURE_COLUMNS.map((name) => [name, columns[name].findIndex((x) => !Number.isNaN(x))]),
      );
      expect(firstDefined).toEqual({
        ret: 1,
        vol24: 8,
        sma12: 3,
        sma48: 11,
        rsi14: 14,
        bb_upper: 19,
        bb_lower: 19,
        momentum_12: 12,
        momentum_24: 24,
        log_volume: 0,
        parkinson_var: 0,
        garman_klass_var: 0,
      });
      for (const name of ALL_FEATURE_COLUMNS) {
        expect(columns[name].subarray(firstDefined[name]).every(Number.isFinite)).toBe(true);
      }
    });
  });

  describe(`${computeFeatureColumns.name} from a candle on`, () => {
    it('should give the numbers of the whole series from there, and only the per-candle ones before', async () => {
      const candles = (await readCandleCsv(BTC_FILE)).slice(0, 500);
      const whole = computeFeatureColumns(candles);
      const from = 400;

      const sut = computeFeatureColumns(candles, from);

      for (const name of ALL_FEATURE_COLUMNS) {
        expect(Array.from(sut[name].subarray(from))).toEqual(Array.from(whole[name].subarray(from)));
      }
      expect(Array.from(sut.ret)).toEqual(Array.from(whole.ret));
      expect(Array.from(sut.parkinson_var)).toEqual(Array.from(whole.parkinson_var));
      expect(sut.vol24.subarray(0, from).every(Number.isNaN)).toBe(true);
      expect(sut.rsi14.subarray(0, from).every(Number.isNaN)).toBe(true);
    });
  });

  it('should list the SPEC §8 table columns in order', () => {
    expect(FEATURE_COLUMNS.join(',')).toBe(
      'ret,vol24,sma12,sma48,rsi14,bb_upper,bb_lower,momentum_12,momentum_24,log_volume',
    );
  });
});
