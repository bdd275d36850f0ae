// NaN through a module constant: in `cond ? x : NaN` the global NaN made TurboFan (Node 20) box x, one heap
// number per call (seen as ~160 bytes a candle of scavenged garbage in FeatureState.updateInto).
const NAN = NaN;

/**
 * A running moment is recomputed from the values once it falls below this fraction of its rounding scale
 * (see {@link RollingWindow}). The rounding error of a running moment stays below 5 ε times its scale
 * (ε = 2^-53), so a moment at or above 2^-16 of it carries a relative error below 5 · 2^-53 · 2^16 ≈ 4e-11,
 * well inside the 1e-9 agreement of SPEC §5.
 */
const CANCELLATION_GUARD = 2 ** -16;

/**
 * The last values of a series in a ring (NaN marks an undefined value). Several {@link RollingWindow}s of
 * different sizes can share one: the owner pushes each value once, then advances every window over it.
 */
export class SeriesRing {
  /** Values pushed so far. */
  pushed = 0;
  private readonly values: Float64Array;
  private readonly mask: number;

  /** Holds at least `capacity` values (rounded up to a power of two). */
  constructor(capacity: number) {
    this.values = new Float64Array(2 ** Math.ceil(Math.log2(Math.max(capacity, 1))));
    this.mask = this.values.length - 1;
  }

  /** How many of the last values the ring holds. */
  get capacity(): number {
    return this.values.length;
  }

  push(x: number): void {
    this.values[this.pushed++ & this.mask] = x;
  }

  /** The value pushed `back` pushes ago (0: the newest); `back` must be below the capacity. */
  at(back: number): number {
    return this.values[(this.pushed - 1 - back) & this.mask]!;
  }

  /** Sum of the defined values among the last `n` (n ≤ capacity). */
  sumOfDefined(n: number): number {
    const { values, mask } = this;
    const newest = this.pushed - 1;
    let sum = 0;
    for (let back = 0; back < n; back++) {
      const x = values[(newest - back) & mask]!;
      if (!Number.isNaN(x)) sum += x;
    }
    return sum;
  }

  /** Σ (x − mean)² over the defined values among the last `n` (n ≤ capacity). */
  squaredDeviations(n: number, mean: number): number {
    const { values, mask } = this;
    const newest = this.pushed - 1;
    let sum = 0;
    for (let back = 0; back < n; back++) {
      const x = values[(newest - back) & mask]!;
      if (!Number.isNaN(x)) sum += (x - mean) * (x - mean);
    }
    return sum;
  }
}

/**
 * The last `size` values of a series (NaN marks an undefined value, which the window holds but does not
 * count) with the mean and sample variance of the defined ones, in O(1) amortized time and fixed memory.
 *
 * Numerics: the moments move by Welford's update extended to removal, so no sum of squares of raw values is
 * formed (that loses ~10 digits on prices near 1e5). An update rounds at the scale of its operands, not of
 * its result: once a large value has left (a return of −1 or +20 % among returns of 1e-16, a jump among flat
 * closes), a running moment can fall far below the rounding it still carries (catastrophic cancellation), and
 * the std's square root turns a 1e-16 residue of m2 into a 1e-9 error. So each moment carries a running
 * bound on its rounding error in units of ε, its scale: since the last exact recompute, the sum over updates
 * of |increment| + |new value|, and for m2 also |x − y| times the mean's scale (the error the mean's own
 * rounding feeds into m2). A moment that falls below {@link CANCELLATION_GUARD} of its scale is recomputed
 * from the ring (two passes, O(size)), and both scales restart at 0. That keeps every moment within ~4e-11
 * of the two-pass value, relative (unless the values differ by a few ulps of their mean, which no form
 * resolves), with no periodic recompute: over the 43,779 BTC candles the guard fires once per 40 pushes in
 * the 12-window of closes down to once per 350 in the 24-window of returns (0.055 recomputes a candle over
 * the six windows of FeatureState); a window whose values lie within ~1e-6 of their mean recomputes at every
 * push. A run of equal values filling the window sets the moments exactly (mean = the value, variance = 0).
 */
export class RollingWindow {
  /** Defined values in the window. */
  count = 0;
  /** Mean of the defined values (0 when none). */
  mean = 0;
  private m2 = 0;
  private meanScale = 0;
  private m2Scale = 0;
  private runValue = NAN;
  private runLength = 0;

  /**
   * A window over `series`, by default its own (then fed by {@link push}). Over a shared series, create the
   * window before the first value and call {@link advance} once after every push to the series.
   */
  constructor(
    readonly size: number,
    private readonly series = new SeriesRing(size + 1),
  ) {
    if (series.capacity <= size) {
      throw new RangeError(`a window of ${size} needs a series holding more than ${size} values`);
    }
  }

  /** Adds x (NaN: an undefined value) as the newest entry; the oldest leaves once `size` are held. */
  push(x: number): void {
    this.series.push(x);
    this.advance();
  }

  /**
   * Takes the newest value of the series into the window (the oldest leaves once `size` are held). One method
   * with no double-valued calls on its common path: V8 boxes a double passed to or returned from a call it
   * does not inline, a heap allocation per window per candle.
   */
  advance(): void {
    const { series, size } = this;
    const x = series.at(0);
    const y = series.pushed > size ? series.at(size) : NAN;
    const enters = !Number.isNaN(x);
    const leaves = !Number.isNaN(y);
    if (!enters && !leaves) return;
    const previousMean = this.mean;
    let meanStep: number;
    let m2Step: number;
    // How far the entering or leaving value is from the mean: the mean's rounding error times it reaches m2.
    let spread: number;
    if (enters && leaves) {
      spread = x - y;
      meanStep = spread / this.count;
      m2Step = spread * (x - (previousMean + meanStep) + y - previousMean);
    } else if (enters) {
      spread = x - previousMean;
      meanStep = spread / ++this.count;
      m2Step = spread * (x - (previousMean + meanStep));
    } else {
      if (--this.count === 0) {
        this.settle(0);
        return;
      }
      spread = y - previousMean;
      meanStep = -spread / this.count;
      m2Step = -spread * (y - (previousMean + meanStep));
    }
    const mean = previousMean + meanStep;
    const m2 = this.m2 + m2Step;
    this.mean = mean;
    this.m2 = m2;
    this.meanScale += Math.abs(meanStep) + Math.abs(mean);
    this.m2Scale += Math.abs(m2Step) + Math.abs(m2) + Math.abs(spread) * this.meanScale;
    // The last `runLength` defined values are equal; once they are all the window holds, the moments are exact.
    if (enters && x !== this.runValue) {
      this.runValue = x;
      this.runLength = 0;
    }
    if (enters) this.runLength++;
    if (this.runLength >= this.count) {
      this.settle(this.runValue);
    } else if (
      this.m2 < CANCELLATION_GUARD * this.m2Scale ||
      Math.abs(this.mean) < CANCELLATION_GUARD * this.meanScale
    ) {
      this.recompute();
    }
  }

  /** Sample variance (ddof = 1) of the defined values; NaN below two. */
  variance(): number {
    return this.count < 2 ? NAN : Math.max(0, this.m2) / (this.count - 1);
  }

  /** The value pushed `back` pushes ago (0: the newest); `back` must be below the series' capacity. */
  at(back: number): number {
    return this.series.at(back);
  }

  // Mean and m2 exactly as the two passes give them for a window of equal values (or none), scales back to 0.
  private settle(value: number): void {
    this.mean = value;
    this.m2 = 0;
    this.meanScale = 0;
    this.m2Scale = 0;
  }

  private recompute(): void {
    const held = Math.min(this.series.pushed, this.size);
    const mean = this.series.sumOfDefined(held) / this.count;
    this.mean = mean;
    this.m2 = this.series.squaredDeviations(held, mean);
    this.meanScale = 0;
    this.m2Scale = 0;
  }
}
