import type { Candle } from '@crypto/candles';

const HOUR_MS = 3_600_000;

/**
 * Builds candle series for tests (STYLE §12): a regular series of `count` candles, `stepMs` apart, whose
 * closes follow the given returns (then flat), each candle opening at the previous close.
 */
export class CandleFactory {
  private returns: number[] = [];
  private readonly patches: Array<[number, Partial<Candle>]> = [];
  private readonly edits: Array<(candles: Candle[]) => void> = [];

  private constructor(
    private readonly count: number,
    private readonly startTs: number,
    private readonly stepMs: number,
    private readonly startPrice: number,
  ) {}

  static series({
    count,
    startTs = Date.UTC(2024, 0, 1),
    stepMs = HOUR_MS,
    startPrice = 100,
  }: {
    count: number;
    startTs?: number;
    stepMs?: number;
    startPrice?: number;
  }): CandleFactory {
    return new CandleFactory(count, startTs, stepMs, startPrice);
  }

  /** Close-to-close returns of candles 1, 2, … (candle 0 closes at the start price). */
  withReturns(returns: number[]): this {
    this.returns = returns;
    return this;
  }

  /** Removes the candles at these indexes, leaving holes in the time axis. */
  withoutIndexes(...indexes: number[]): this {
    this.edits.push((candles) => {
      for (const i of [...indexes].sort((a, b) => b - a)) candles.splice(i, 1);
    });
    return this;
  }

  /** Overrides fields of the candle at `index` (index in the series before any removal). */
  withCandle(index: number, patch: Partial<Candle>): this {
    this.patches.push([index, patch]);
    return this;
  }

  /** Appends a copy of the candle at `index` (same ts) after the series. */
  withDuplicateOf(index: number, patch: Partial<Candle> = {}): this {
    this.edits.push((candles) => candles.push({ ...candles[index]!, ...patch }));
    return this;
  }

  build(): Candle[] {
    const candles: Candle[] = [];
    let close = this.startPrice;
    for (let i = 0; i < this.count; i++) {
      const open = close;
      close = i === 0 ? this.startPrice : open * (1 + (this.returns[i - 1] ?? 0));
      candles.push({
        ts: this.startTs + i * this.stepMs,
        open,
        high: Math.max(open, close) * 1.001,
        low: Math.min(open, close) * 0.999,
        close,
        volume: 10 + (i % 5),
      });
    }
    for (const [index, patch] of this.patches) Object.assign(candles[index]!, patch);
    for (const edit of this.edits) edit(candles);
    return candles;
  }
}
