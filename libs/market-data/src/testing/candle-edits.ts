import type { Candle } from '@crypto/candles';

// Damage for test series built with `CandleFactory` (@crypto/candles): holes, bad values, repeated rows.

/** The series without the candles at these indexes. */
export const withoutIndexes = (candles: readonly Candle[], ...indexes: number[]): Candle[] =>
  candles.filter((_, i) => !indexes.includes(i));

/** The series with fields of the candle at `index` overridden. */
export const withPatch = (candles: readonly Candle[], index: number, patch: Partial<Candle>): Candle[] =>
  candles.map((c, i) => (i === index ? { ...c, ...patch } : c));

/** The series followed by a copy of the candle at `index` (same `ts`), optionally changed. */
export const withDuplicateOf = (
  candles: readonly Candle[],
  index: number,
  patch: Partial<Candle> = {},
): Candle[] => [...candles, { ...candles[index]!, ...patch }];
