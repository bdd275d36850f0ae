import type { Candle } from '@crypto/candles';

export const DAY_MS = 86_400_000;

/** OHLCV summary of consecutive candles (the 24h ticker of the emulator and of the replay). */
export interface WindowSummary {
  open: number;
  high: number;
  low: number;
  close: number;
  /** base asset */
  volume: number;
  /** Σ volume × close: an estimate, candles carry no quote volume */
  quoteVolume: number;
  count: number;
  /** percent change from the first open to the last close */
  changePct: number;
}

/** Summary of `window` (ascending, non-empty). */
export function summarizeWindow(window: readonly Candle[]): WindowSummary {
  const first = window[0]!;
  const last = window.at(-1)!;
  let high = -Infinity;
  let low = Infinity;
  let volume = 0;
  let quoteVolume = 0;
  for (const c of window) {
    high = Math.max(high, c.high);
    low = Math.min(low, c.low);
    volume += c.volume;
    quoteVolume += c.volume * c.close;
  }
  const changePct = first.open ? (100 * (last.close - first.open)) / first.open : 0;
  return {
    open: first.open,
    high,
    low,
    close: last.close,
    volume,
    quoteVolume,
    count: window.length,
    changePct,
  };
}

/** The candles of `sorted` that opened in the 24 hours up to `asOf` (epoch ms, inclusive). */
export function last24h(sorted: readonly Candle[], asOf: number): Candle[] {
  return sorted.filter((c) => c.ts <= asOf && c.ts > asOf - DAY_MS);
}
