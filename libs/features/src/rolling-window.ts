/**
 * The last `size` values of a series (NaN marks an undefined value, which the window holds but does not
 * count) with the mean and sample variance of the defined ones, in O(1) amortized time and fixed memory.
 *
 * Numerics: moments move by Welford's update extended to removal, so no sum of squares of raw values is
 * formed (that loses ~10 digits on prices near 1e5). Rounding still accumulates, in absolute terms, at the
 * scale of the values that passed through; so every `size` pushes the moments are recomputed from the ring
 * (two passes, O(size) once per `size` pushes), and no error outlives one turn of the window. A run of equal
 * values filling the window sets the moments exactly (mean = the value, variance = 0).
 */
export class RollingWindow {
  /** Defined values in the window. */
  count = 0;
  /** Mean of the defined values (0 when none). */
  mean = 0;
  private m2 = 0;
  private readonly ring: Float64Array;
  private readonly mask: number;
  private pushed = 0;
  private untilRecompute: number;
  private runValue = NaN;
  private runLength = 0;

  constructor(readonly size: number) {
    this.ring = new Float64Array(2 ** Math.ceil(Math.log2(size)));
    this.mask = this.ring.length - 1;
    this.untilRecompute = size;
  }

  /** Adds x (NaN: an undefined value) as the newest entry; the oldest leaves once `size` are held. */
  push(x: number): void {
    const i = this.pushed++;
    const leaving = i >= this.size ? this.ring[(i - this.size) & this.mask]! : NaN;
    this.ring[i & this.mask] = x;
    const enters = !Number.isNaN(x);
    const leaves = !Number.isNaN(leaving);
    if (enters && leaves) this.replace(x, leaving);
    else if (enters) this.add(x);
    else if (leaves) this.remove(leaving);
    if (enters) this.track(x);
    if (--this.untilRecompute === 0) this.recompute();
  }

  /** Sample variance (ddof = 1) of the defined values; NaN below two. */
  variance(): number {
    return this.count < 2 ? NaN : Math.max(0, this.m2) / (this.count - 1);
  }

  /** The value pushed `back` pushes ago (0: the newest); `back` must be below the ring's length. */
  at(back: number): number {
    return this.ring[(this.pushed - 1 - back) & this.mask]!;
  }

  private add(x: number): void {
    const n = ++this.count;
    const delta = x - this.mean;
    this.mean += delta / n;
    this.m2 += delta * (x - this.mean);
  }

  private remove(y: number): void {
    const n = --this.count;
    if (n === 0) {
      this.mean = 0;
      this.m2 = 0;
      return;
    }
    const delta = y - this.mean;
    this.mean -= delta / n;
    this.m2 -= delta * (y - this.mean);
    if (this.runLength >= n) this.settle();
  }

  private replace(x: number, y: number): void {
    const previousMean = this.mean;
    this.mean = previousMean + (x - y) / this.count;
    this.m2 += (x - y) * (x - this.mean + y - previousMean);
  }

  // The last `runLength` defined values are equal; once they are all the window holds, the moments are exact.
  private track(x: number): void {
    if (x !== this.runValue) {
      this.runValue = x;
      this.runLength = 0;
    }
    if (++this.runLength >= this.count) this.settle();
  }

  private settle(): void {
    this.mean = this.runValue;
    this.m2 = 0;
  }

  private recompute(): void {
    this.untilRecompute = this.size;
    if (this.runLength >= this.count) return; // already exact, or empty
    const held = Math.min(this.pushed, this.size);
    let sum = 0;
    for (let back = 0; back < held; back++) {
      const x = this.at(back);
      if (!Number.isNaN(x)) sum += x;
    }
    const mean = sum / this.count;
    let m2 = 0;
    for (let back = 0; back < held; back++) {
      const x = this.at(back);
      if (!Number.isNaN(x)) m2 += (x - mean) * (x - mean);
    }
    this.mean = mean;
    this.m2 = m2;
  }
}
