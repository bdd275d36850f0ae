import type { Candle } from '@crypto/candles';
import { marketId, type CandleWindow } from './market-candle.service';

/**
 * A value computed from a candle window, kept until the window changes: one entry per market and window
 * length, replaced when a new candle closes. Windows are immutable slices of the market's cache, so the same
 * array — or the same length, first and last candle — is the same series.
 */
export class CandleWindowMemo<T> {
  private readonly entries = new Map<string, { candles: readonly Candle[]; value: T }>();

  get(window: CandleWindow, compute: (candles: readonly Candle[]) => T): T {
    const key = `${marketId(window.market)}|${window.candles.length}`;
    const entry = this.entries.get(key);
    if (entry && sameSeries(entry.candles, window.candles)) return entry.value;
    const value = compute(window.candles);
    this.entries.set(key, { candles: window.candles, value });
    return value;
  }
}

function sameSeries(a: readonly Candle[], b: readonly Candle[]): boolean {
  if (a === b) return true;
  const lastA = a.at(-1);
  const lastB = b.at(-1);
  return (
    a.length === b.length && lastA?.ts === lastB?.ts && a[0]?.ts === b[0]?.ts && lastA?.close === lastB?.close
  );
}
