import fc from 'fast-check';
import {
  ALERT_THRESHOLDS,
  type AlertSnapshot,
  type AlertType,
  change24h,
  detectAlerts,
  type MarketAlert,
  toAlertSnapshot,
} from './alert-rules';

const MARKET = { symbol: 'BTC/USDT', timeframe: '1h' };
const T0 = Date.UTC(2025, 9, 6, 15);
const HOUR = 3_600_000;
const PRODUCED_AT = T0 + 2 * HOUR + 1_234;

// A quiet candle: small 24 h change, normal volatility, neutral RSI, unless told.
const snapshot = (overrides: Partial<AlertSnapshot> = {}): AlertSnapshot => ({
  ts: T0,
  close: 125_000,
  change24h: 0.01,
  vol24: 0.008,
  rsi14: 50,
  ...overrides,
});

/** The alerts of a candle following `before`, the hour after. */
const alertsOf = (before: Partial<AlertSnapshot>, after: Partial<AlertSnapshot>): MarketAlert[] =>
  detectAlerts(MARKET, snapshot(before), snapshot({ ts: T0 + HOUR, ...after }), PRODUCED_AT);

const typesOf = (before: Partial<AlertSnapshot>, after: Partial<AlertSnapshot>): AlertType[] =>
  alertsOf(before, after).map((a) => a.type);

describe(change24h.name, () => {
  it.each([
    [110, 100, 0.1],
    [90, 100, -0.1],
    [125_000, 100_000, 0.25],
  ])('should give %p / %p − 1 = %p, exact at 12 decimals', (close, earlier, expected) => {
    expect(change24h(close, earlier)).toBe(expected);
  });

  it.each([undefined, null, 0, -1, NaN, Infinity])(
    'should be null when the earlier close is %p',
    (earlier) => {
      expect(change24h(100, earlier)).toBeNull();
    },
  );
});

describe(toAlertSnapshot.name, () => {
  it('should take the candle, its vol24 and rsi14, and the change on the close 24 h earlier', () => {
    expect(toAlertSnapshot({ ts: T0, close: 112 }, { vol24: 0.02, rsi14: 71 }, 100)).toEqual({
      ts: T0,
      close: 112,
      change24h: 0.12,
      vol24: 0.02,
      rsi14: 71,
    });
  });
});

describe(detectAlerts.name, () => {
  it('should give nothing on the first candle of a market, whatever it holds', () => {
    const wild = snapshot({ change24h: 0.5, vol24: 0.05, rsi14: 95 });

    expect(detectAlerts(MARKET, null, wild, PRODUCED_AT)).toEqual([]);
  });

  it.each([
    ['the same candle again', T0],
    ['a later candle', T0 + HOUR],
  ])('should give nothing when the previous snapshot is %s', (_, ts) => {
    const previous = snapshot({ ts });
    const current = snapshot({ ts: T0, change24h: 0.5, vol24: 0.05, rsi14: 95 });

    expect(detectAlerts(MARKET, previous, current, PRODUCED_AT)).toEqual([]);
  });

  it('should give nothing for a quiet candle', () => {
    expect(alertsOf({}, { change24h: -0.02, vol24: 0.009, rsi14: 55 })).toEqual([]);
  });

  it('should stamp every alert with the candle ts, the production time and the market', () => {
    const alerts = alertsOf({}, { change24h: 0.3, vol24: 0.02, rsi14: 85 });

    expect(alerts.map((a) => a.type)).toEqual([
      'price_change_24h',
      'high_volatility',
      'rsi_overbought',
      'regime_change',
    ]);
    for (const alert of alerts) {
      expect(alert).toMatchObject({
        symbol: 'BTC/USDT',
        timeframe: '1h',
        ts: T0 + HOUR,
        timestamp: PRODUCED_AT,
      });
      expect(alert.message).toMatch(/^BTC\/USDT 1h: /);
    }
  });

  describe('price_change_24h', () => {
    it('should warn when the 24 h change goes beyond +10 %', () => {
      expect(alertsOf({ change24h: 0.05 }, { change24h: 0.1234, close: 112_340 })).toEqual([
        {
          type: 'price_change_24h',
          symbol: 'BTC/USDT',
          timeframe: '1h',
          value: 0.1234,
          threshold: 0.1,
          severity: 'warning',
          message: 'BTC/USDT 1h: price up 12.34% in 24h to 112340 (beyond 10%)',
          timestamp: PRODUCED_AT,
          ts: T0 + HOUR,
        },
      ]);
    });

    it('should give the signed change when the price falls', () => {
      const [alert] = alertsOf({ change24h: -0.05 }, { change24h: -0.11, close: 89_000 });

      expect(alert).toMatchObject({ value: -0.11, threshold: 0.1, severity: 'warning' });
      expect(alert!.message).toBe('BTC/USDT 1h: price down 11% in 24h to 89000 (beyond 10%)');
    });

    it('should be high straight away when the change jumps beyond 20 %', () => {
      expect(alertsOf({ change24h: 0.05 }, { change24h: 0.25 })).toMatchObject([
        { type: 'price_change_24h', value: 0.25, threshold: 0.2, severity: 'high' },
      ]);
    });

    it('should fire again when a warning escalates to high', () => {
      expect(alertsOf({ change24h: -0.15 }, { change24h: -0.21 })).toMatchObject([
        { type: 'price_change_24h', value: -0.21, threshold: 0.2, severity: 'high' },
      ]);
    });

    it('should fire when the change turns to the other direction beyond 10 %', () => {
      expect(alertsOf({ change24h: 0.12 }, { change24h: -0.15 })).toMatchObject([
        { type: 'price_change_24h', value: -0.15, severity: 'warning' },
      ]);
    });

    it.each([
      ['stays beyond 10 %', 0.12, 0.18],
      ['stays beyond 20 %', 0.25, 0.3],
      ['falls back from high to warning', 0.25, 0.15],
      ['falls back within 10 %', 0.15, 0.05],
    ])('should say nothing when the change %s', (_, before, after) => {
      expect(alertsOf({ change24h: before }, { change24h: after })).toEqual([]);
    });

    it.each([
      [0.1, []],
      [-0.1, []],
      [0.1000001, ['warning']],
      [0.2, ['warning']],
      [-0.2, ['warning']],
      [0.2000001, ['high']],
    ])('should read a change of %p as severity %p (strictly beyond each threshold)', (change, expected) => {
      expect(alertsOf({ change24h: 0 }, { change24h: change }).map((a) => a.severity)).toEqual(expected);
    });

    it('should not fire for a close exactly 10 % above the close 24 h earlier', () => {
      expect(alertsOf({ change24h: 0 }, { change24h: change24h(110, 100) })).toEqual([]);
    });
  });

  describe('high_volatility', () => {
    it('should be high when vol24 enters the turbulent regime', () => {
      expect(alertsOf({ vol24: 0.012 }, { vol24: 0.0182 })[0]).toEqual({
        type: 'high_volatility',
        symbol: 'BTC/USDT',
        timeframe: '1h',
        value: 0.0182,
        threshold: 0.015,
        severity: 'high',
        message: 'BTC/USDT 1h: vol24 0.0182 entered the turbulent regime (≥ 0.015)',
        timestamp: PRODUCED_AT,
        ts: T0 + HOUR,
      });
    });

    it.each([
      ['reaches 0.015 exactly', 0.0149999, 0.015, true],
      ['jumps from calm', 0.003, 0.02, true],
      ['stays turbulent', 0.016, 0.03, false],
      ['stays just below 0.015', 0.01, 0.0149999, false],
      ['leaves the turbulent regime', 0.02, 0.01, false],
    ])('should fire only on entering when vol24 %s', (_, before, after, fires) => {
      expect(typesOf({ vol24: before }, { vol24: after }).includes('high_volatility')).toBe(fires);
    });
  });

  describe('rsi_overbought and rsi_oversold', () => {
    it('should warn when rsi14 crosses above 80', () => {
      expect(alertsOf({ rsi14: 78 }, { rsi14: 83.24 })).toEqual([
        {
          type: 'rsi_overbought',
          symbol: 'BTC/USDT',
          timeframe: '1h',
          value: 83.24,
          threshold: 80,
          severity: 'warning',
          message: 'BTC/USDT 1h: rsi14 83.2 crossed above 80 (overbought)',
          timestamp: PRODUCED_AT,
          ts: T0 + HOUR,
        },
      ]);
    });

    it('should warn when rsi14 crosses below 20', () => {
      expect(alertsOf({ rsi14: 24 }, { rsi14: 17.86 })).toMatchObject([
        {
          type: 'rsi_oversold',
          value: 17.86,
          threshold: 20,
          severity: 'warning',
          message: 'BTC/USDT 1h: rsi14 17.9 crossed below 20 (oversold)',
        },
      ]);
    });

    it.each([
      [80, 80.01, ['rsi_overbought']],
      [79, 80, []],
      [81, 85, []],
      [85, 79, []],
      [20, 19.99, ['rsi_oversold']],
      [21, 20, []],
      [19, 15, []],
      [15, 25, []],
      [85, 15, ['rsi_oversold']],
      [15, 100, ['rsi_overbought']],
    ])('should read rsi14 %p → %p as %p', (before, after, expected) => {
      expect(typesOf({ rsi14: before }, { rsi14: after })).toEqual(expected);
    });
  });

  describe('regime_change', () => {
    it('should inform of the new regime with the boundary crossed', () => {
      expect(alertsOf({ vol24: 0.004 }, { vol24: 0.0061 })).toEqual([
        {
          type: 'regime_change',
          symbol: 'BTC/USDT',
          timeframe: '1h',
          value: 0.0061,
          threshold: 0.005,
          severity: 'info',
          message: 'BTC/USDT 1h: vol regime calm → normal (vol24 0.0061)',
          timestamp: PRODUCED_AT,
          ts: T0 + HOUR,
        },
      ]);
    });

    it.each([
      ['normal', 'turbulent', 0.01, 0.02, 0.015],
      ['turbulent', 'normal', 0.02, 0.01, 0.015],
      ['calm', 'turbulent', 0.001, 0.02, 0.015],
      ['turbulent', 'calm', 0.02, 0.001, 0.005],
      ['normal', 'calm', 0.01, 0.004999, 0.005],
    ])('should give %s → %s the boundary nearest the new regime', (from, to, before, after, boundary) => {
      const alert = alertsOf({ vol24: before }, { vol24: after }).find((a) => a.type === 'regime_change');

      expect(alert).toMatchObject({
        threshold: boundary,
        message: expect.stringContaining(`${from} → ${to}`),
      });
    });

    it('should come with high_volatility when the new regime is turbulent', () => {
      expect(typesOf({ vol24: 0.01 }, { vol24: 0.02 })).toEqual(['high_volatility', 'regime_change']);
    });

    it('should say nothing while the regime stays', () => {
      expect(typesOf({ vol24: 0.005 }, { vol24: 0.014999 })).toEqual([]);
    });
  });

  describe('undefined values', () => {
    it.each([
      ['change24h', 0.05, 0.3],
      ['vol24', 0.01, 0.02],
      ['rsi14', 50, 90],
    ] as const)('should judge no crossing of %s when either side is null or NaN', (field, before, after) => {
      for (const [b, a] of [
        [null, after],
        [before, null],
        [NaN, after],
        [before, NaN],
      ]) {
        expect(alertsOf({ [field]: b }, { [field]: a })).toEqual([]);
      }
    });
  });

  it('should never say high_volatility, rsi_overbought or rsi_oversold on two candles in a row', () => {
    const value = (min: number, max: number) =>
      fc.option(fc.double({ min, max, noNaN: true }), { nil: null });
    const step = fc.record({ change24h: value(-0.5, 0.5), vol24: value(0, 0.05), rsi14: value(0, 100) });
    fc.assert(
      fc.property(fc.array(step, { minLength: 2, maxLength: 60 }), (steps) => {
        const snapshots = steps.map((s, i) => snapshot({ ts: T0 + i * HOUR, ...s }));
        const fired = snapshots.map((current, i) =>
          i === 0 ? [] : detectAlerts(MARKET, snapshots[i - 1]!, current, PRODUCED_AT).map((a) => a.type),
        );
        for (let i = 1; i < fired.length; i++) {
          for (const type of ['high_volatility', 'rsi_overbought', 'rsi_oversold'] as const) {
            expect(fired[i - 1]!.includes(type) && fired[i]!.includes(type)).toBe(false);
          }
        }
      }),
    );
  });

  it('should keep the thresholds of SPEC §8 and the SPEC §5 turbulent boundary', () => {
    expect(ALERT_THRESHOLDS).toEqual({
      priceChange24h: 0.1,
      priceChange24hHigh: 0.2,
      highVolatility: 0.015,
      rsiOverbought: 80,
      rsiOversold: 20,
    });
  });
});
