import { type Candle, MarketDataError } from '@crypto/candles';
import { type FeatureRow, FeatureState } from '@crypto/features';
import { type HeuristicSignal, heuristicSignal } from './heuristic-signal';

/** One row of `explain.features_tail` (SPEC §8): the candle's open time as ISO-8601 UTC. */
export interface FeatureTailRow {
  time: string;
  close: number;
  ret: number | null;
  vol24: number | null;
  sma12: number | null;
  sma48: number | null;
}

/** The heuristic signal with the features it came from: SPEC §8 `explain`. */
export interface ExplainedSignal extends HeuristicSignal {
  features_tail: FeatureTailRow[];
}

export const FEATURES_TAIL_LENGTH = 5;

/**
 * The heuristic signal of the last candle of a series computed from scratch (a request's window of candles,
 * a CSV file), with the last `tailLength` feature rows. Throws `MarketDataError('INSUFFICIENT_DATA')` when
 * there is no candle.
 */
export function explainSignal(
  candles: readonly Candle[],
  tailLength = FEATURES_TAIL_LENGTH,
): ExplainedSignal {
  if (candles.length === 0) {
    throw new MarketDataError('INSUFFICIENT_DATA', 'no candles to compute a signal from');
  }
  const state = new FeatureState();
  const tailFrom = Math.max(0, candles.length - tailLength);
  for (let t = 0; t < tailFrom; t++) state.push(candles[t]!);
  const features_tail = candles.slice(tailFrom).map((candle) => toTailRow(candle, state.update(candle)));
  return { ...heuristicSignal(state.snapshot()), features_tail };
}

export function toTailRow(candle: Candle, row: FeatureRow): FeatureTailRow {
  return {
    time: new Date(candle.ts).toISOString(),
    close: candle.close,
    ret: row.ret,
    vol24: row.vol24,
    sma12: row.sma12,
    sma48: row.sma48,
  };
}
