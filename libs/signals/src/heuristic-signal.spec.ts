import fc from 'fast-check';
import { heuristicSignal, roundTo, type SignalFeatures, volRegime } from './heuristic-signal';

// Features of a last candle: a small positive return, calm volatility, no trend unless given.
const features = (overrides: Partial<SignalFeatures> = {}): SignalFeatures => ({
  ret: 0.001,
  vol24: 0.004,
  sma12: 100,
  sma48: 100,
  ...overrides,
});

describe(volRegime.name, () => {
  it.each([
    [0, 'calm'],
    [0.004999, 'calm'],
    [0.005, 'normal'],
    [0.014999, 'normal'],
    [0.015, 'turbulent'],
    [0.3, 'turbulent'],
  ])('should call vol %p %s', (vol, regime) => {
    expect(volRegime(vol)).toBe(regime);
  });
});

describe(heuristicSignal.name, () => {
  it('should read undefined ret and vol24 as 0: calm, risk 1 without a trend', () => {
    expect(heuristicSignal({ ret: null, vol24: null, sma12: null, sma48: null })).toEqual({
      nowcast_ret: 0,
      vol: 0,
      vol_regime: 'calm',
      risk_score: 1,
    });
  });

  it('should give 0.6 · (1 − tanh(50 · vol)) when sma12 is above sma48', () => {
    // 0.6 · (1 − tanh(0.5)) = 0.322729705…
    expect(heuristicSignal(features({ vol24: 0.01, sma12: 101 })).risk_score).toBe(0.3227);
  });

  it.each([
    ['sma12 equals sma48', { sma12: 100, sma48: 100 }],
    ['sma12 is below sma48', { sma12: 99, sma48: 100 }],
    ['sma48 is undefined', { sma12: 100, sma48: null }],
    ['sma12 is undefined', { sma12: null, sma48: 100 }],
  ])('should add 0.4 for no momentum when %s', (_, smas) => {
    // 0.6 · (1 − tanh(0.5)) + 0.4
    expect(heuristicSignal(features({ vol24: 0.01, ...smas })).risk_score).toBe(0.7227);
  });

  it('should report vol unrounded and its regime', () => {
    const signal = heuristicSignal(features({ vol24: 0.0150000001 }));
    expect([signal.vol, signal.vol_regime]).toEqual([0.0150000001, 'turbulent']);
  });

  it.each([
    [0.0123456789, 0.012346],
    [-0.0123454, -0.012345],
    [-0.0000004, 0],
  ])('should round nowcast_ret %p to 6 decimals: %p', (ret, expected) => {
    expect(Object.is(heuristicSignal(features({ ret })).nowcast_ret, expected)).toBe(true);
  });

  it('should keep risk_score within [0, 1] at 4 decimals for any features', () => {
    const value = fc.option(fc.double({ min: 0, max: 10, noNaN: true }), { nil: null });
    fc.assert(
      fc.property(value, value, value, value, (ret, vol24, sma12, sma48) => {
        const { risk_score } = heuristicSignal({ ret, vol24, sma12, sma48 });
        expect(risk_score).toBeGreaterThanOrEqual(0);
        expect(risk_score).toBeLessThanOrEqual(1);
        expect(roundTo(risk_score, 4)).toBe(risk_score);
      }),
    );
  });
});
