import type { Candle } from '@crypto/candles';

/** A trade price inside a candle, at a time inside its period. */
export interface CandleTick {
  price: number;
  /** this tick's share of the candle's volume */
  volume: number;
  timestamp: number;
}

/**
 * `count` ticks a replayed candle is made of, derived deterministically from its OHLC: the price walks
 * open → low → high → close for a rising candle (open → high → low → close for a falling one), linearly
 * along that path, at evenly spaced times inside the period, the last tick at the close price one
 * millisecond before the period ends. So a replay looks live (prices move inside each candle) and is
 * the same on every run.
 */
export function ticksWithin(candle: Candle, periodMs: number, count: number): CandleTick[] {
  if (!(Number.isInteger(count) && count >= 1)) throw new RangeError(`tick count must be ≥ 1, not ${count}`);
  const rising = candle.close >= candle.open;
  const path = rising
    ? [candle.open, candle.low, candle.high, candle.close]
    : [candle.open, candle.high, candle.low, candle.close];
  const legs = path.length - 1;
  const ticks: CandleTick[] = [];
  for (let i = 1; i <= count; i++) {
    // position along the path in legs; tick `count` lands exactly on the close
    const at = (i / count) * legs;
    const leg = Math.min(legs - 1, Math.floor(at));
    const from = path[leg]!;
    const to = path[leg + 1]!;
    ticks.push({
      price: from + (to - from) * (at - leg),
      volume: candle.volume / count,
      timestamp: candle.ts + Math.round((i / count) * (periodMs - 1)),
    });
  }
  return ticks;
}
