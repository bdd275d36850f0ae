import type { Candle } from './candle';
import { timeframeToMs } from './timeframe';

export interface CandleSeriesOptions {
  count: number;
  /** Open time of the first candle, epoch ms UTC. Default 2024-01-01T00:00:00Z. */
  startTs?: number;
  /** ccxt timeframe spacing the candles. Default `1h`. */
  timeframe?: string;
  /** Close of the first candle. Default 100. */
  startClose?: number;
}

export interface RandomWalkOptions {
  /** Seed of the deterministic generator: the same seed builds the same series. */
  seed?: number;
  /** Standard deviation of the close-to-close return. Default 0.01 (about BTC 1h). */
  sigma?: number;
}

/**
 * Builds candle series for tests, demos and benchmarks (STYLE §12):
 * `CandleFactory.series({ count: 48 }).withReturns([0.01, -0.02]).build()`.
 * Candle t opens at close t−1 (the first at its own close); high and low wrap open and close by a small range.
 */
export class CandleFactory {
  static series(options: CandleSeriesOptions): CandleSeriesBuilder {
    return new CandleSeriesBuilder(options);
  }
}

export class CandleSeriesBuilder {
  private readonly count: number;
  private readonly startTs: number;
  private readonly stepMs: number;
  private readonly startClose: number;
  // returns[t] is the close-to-close return into candle t (returns[0] unused); 0 unless set.
  private readonly returns: Float64Array;
  private closes?: readonly number[];
  private volume: (t: number) => number = () => 1;
  private rangeOf: (t: number) => number = () => 0.001;

  constructor({
    count,
    startTs = Date.UTC(2024, 0, 1),
    timeframe = '1h',
    startClose = 100,
  }: CandleSeriesOptions) {
    if (!Number.isInteger(count) || count < 0)
      throw new RangeError(`count ${count} is not a whole number ≥ 0`);
    this.count = count;
    this.startTs = startTs;
    this.stepMs = timeframeToMs(timeframe);
    this.startClose = startClose;
    this.returns = new Float64Array(count);
  }

  /** Sets the returns into candles 1, 2, … in order; the candles after them keep a 0 return. */
  withReturns(returns: readonly number[]): this {
    returns.slice(0, Math.max(0, this.count - 1)).forEach((r, i) => (this.returns[i + 1] = r));
    return this;
  }

  /** Uses these closes as they are (the list must hold `count` values); returns are then ignored. */
  withCloses(closes: readonly number[]): this {
    if (closes.length !== this.count)
      throw new RangeError(`${closes.length} closes for ${this.count} candles`);
    this.closes = closes;
    return this;
  }

  /** Gaussian returns (Box–Muller over a seeded mulberry32), random volumes and ranges. */
  randomWalk({ seed = 1, sigma = 0.01 }: RandomWalkOptions = {}): this {
    const random = mulberry32(seed);
    for (let t = 1; t < this.count; t++) {
      const u = 1 - random();
      this.returns[t] = sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
    }
    const volumes = Float64Array.from({ length: this.count }, () => 1000 * random());
    const ranges = Float64Array.from({ length: this.count }, () => sigma * random());
    this.volume = (t) => volumes[t]!;
    this.rangeOf = (t) => ranges[t]!;
    return this;
  }

  withVolume(volume: number | ((t: number) => number)): this {
    this.volume = typeof volume === 'number' ? () => volume : volume;
    return this;
  }

  /** Relative distance of high above max(open, close) and of low below min(open, close), per candle. */
  withRange(range: number | ((t: number) => number)): this {
    this.rangeOf = typeof range === 'number' ? () => range : range;
    return this;
  }

  build(): Candle[] {
    const candles: Candle[] = new Array(this.count);
    let close = this.startClose;
    for (let t = 0; t < this.count; t++) {
      const open = t === 0 ? (this.closes?.[0] ?? close) : close;
      close = this.closes ? this.closes[t]! : t === 0 ? close : close * (1 + this.returns[t]!);
      const range = this.rangeOf(t);
      candles[t] = {
        ts: this.startTs + t * this.stepMs,
        open,
        high: Math.max(open, close) * (1 + range),
        low: Math.min(open, close) * (1 - range),
        close,
        volume: this.volume(t),
      };
    }
    return candles;
  }
}

/** mulberry32: a small, fast, seedable 32-bit generator, uniform on [0, 1) (test data, model shuffling). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
