import type { StoredCandle } from '../candles/candle.repository';

const HOUR_MS = 3_600_000;

/** Stored candles for tests (STYLE §12): `count` hourly candles from `startTs`, final unless told. */
export class StoredCandleFactory {
  private provisionalLast = false;
  private priceShift = 0;

  private constructor(
    private readonly count: number,
    private readonly startTs: number,
  ) {}

  static series({
    count,
    startTs = Date.UTC(2024, 0, 1),
  }: {
    count: number;
    startTs?: number;
  }): StoredCandleFactory {
    return new StoredCandleFactory(count, startTs);
  }

  /** The last candle is still open: `isFinal = false`. */
  withProvisionalLast(): this {
    this.provisionalLast = true;
    return this;
  }

  /** Every price moved by `delta`, as a later fetch of the same candles could show. */
  shiftedBy(delta: number): this {
    this.priceShift = delta;
    return this;
  }

  build(): StoredCandle[] {
    return Array.from({ length: this.count }, (_, i) => {
      const open = 100 + i + this.priceShift;
      return {
        ts: this.startTs + i * HOUR_MS,
        open,
        high: open + 2.5,
        low: open - 1.25,
        close: open + 1,
        volume: 10 + i / 8,
        isFinal: !(this.provisionalLast && i === this.count - 1),
      };
    });
  }
}
