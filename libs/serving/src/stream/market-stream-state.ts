import { timeframeToMs, type Candle, type MarketKey } from '@crypto/candles';
import { FeatureState, type FeatureRow } from '@crypto/features';
import { CHANGE_24H_MS, toAlertSnapshot, type AlertSnapshot } from '@crypto/signals';

/**
 * One market's state in the stream consumer: the incremental SPEC §5 features ({@link FeatureState}, the
 * same numbers as the batch path), the recent closed candles (the model's window and the close 24 h back),
 * and the previous candle's alert snapshot. Candles must come in order, each one period after the last;
 * the consumer re-warms the state from the store when they do not.
 */
export class MarketStreamState {
  readonly features = new FeatureState();
  private history: Candle[] = [];
  private previous: AlertSnapshot | null = null;
  readonly periodMs: number;

  /** `keep`: candles of history kept between batches (the model's window, at least a day of candles) */
  constructor(
    readonly market: MarketKey,
    private readonly keep: number,
  ) {
    this.periodMs = timeframeToMs(market.timeframe);
    this.keep = Math.max(keep, Math.ceil(CHANGE_24H_MS / this.periodMs) + 1);
  }

  /** Open time of the last candle taken, −Infinity before the first. */
  get lastTs(): number {
    return this.features.lastTs;
  }

  /** Whether `ts` is the candle right after the last one taken (or the first of an empty state). */
  follows(ts: number): boolean {
    return this.features.count === 0 || ts === this.lastTs + this.periodMs;
  }

  /** The recent closed candles, oldest first (the last `count` of them are what the last batch took). */
  get candles(): readonly Candle[] {
    return this.history;
  }

  /** Takes the next closed candle: its feature row, and the alert snapshots before and after it. */
  take(candle: Candle): { row: FeatureRow; previous: AlertSnapshot | null; current: AlertSnapshot } {
    const row = this.features.update(candle);
    const current = toAlertSnapshot(candle, row, this.closeAt(candle.ts - CHANGE_24H_MS));
    const previous = this.previous;
    this.previous = current;
    this.history.push(candle);
    return { row, previous, current };
  }

  /** Drops history beyond `keep` candles (after a batch has been scored from it). */
  trim(): void {
    if (this.history.length > 2 * this.keep) this.history = this.history.slice(-this.keep);
  }

  private closeAt(ts: number): number | undefined {
    // the history is in ts order: binary search for the exact open time
    let lo = 0;
    let hi = this.history.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = this.history[mid]!.ts;
      if (at === ts) return this.history[mid]!.close;
      if (at < ts) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
}
