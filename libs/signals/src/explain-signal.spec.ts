import { CandleFactory, MarketDataError } from '@crypto/candles';
import { computeFeatures } from '@crypto/features';
import { explainSignal } from './explain-signal';
import { heuristicSignal } from './heuristic-signal';

describe(explainSignal.name, () => {
  it('should give the heuristic of the last candle as the batch features compute it', () => {
    const candles = CandleFactory.series({ count: 200, startClose: 60_000 }).randomWalk({ seed: 11 }).build();
    const { features_tail, ...signal } = explainSignal(candles);
    const expected = heuristicSignal(computeFeatures(candles).at(-1)!);
    expect(signal).toEqual({ ...expected, vol: expect.closeTo(expected.vol, 15) });
    expect(features_tail).toHaveLength(5);
  });

  it('should list the last 5 candles with their time, close, ret, vol24, sma12 and sma48', () => {
    const candles = CandleFactory.series({ count: 50, startTs: Date.UTC(2025, 0, 1) })
      .withReturns([0.01, -0.02])
      .build();
    const rows = computeFeatures(candles);
    const { features_tail } = explainSignal(candles);
    expect(features_tail[0]).toEqual({
      time: '2025-01-02T21:00:00.000Z',
      close: candles[45]!.close,
      ret: 0,
      vol24: 0,
      sma12: expect.closeTo(rows[45]!.sma12!, 12),
      sma48: expect.closeTo(rows[45]!.sma48!, 12),
    });
    expect(features_tail.map((r) => r.time).at(-1)).toBe('2025-01-03T01:00:00.000Z');
  });

  it('should list every candle when there are fewer than 5', () => {
    const { features_tail, nowcast_ret } = explainSignal(
      CandleFactory.series({ count: 2 }).withReturns([0.0123]).build(),
    );
    expect(features_tail.map((r) => r.ret)).toEqual([null, expect.closeTo(0.0123, 12)]);
    expect(nowcast_ret).toBe(0.0123);
  });

  it('should fail with INSUFFICIENT_DATA when there is no candle', () => {
    expect(() => explainSignal([])).toThrow(expect.objectContaining({ code: 'INSUFFICIENT_DATA' }));
    expect(() => explainSignal([])).toThrow(MarketDataError);
  });
});
