import { type Candle, MarketDataError } from '@crypto/candles';
import * as featureRow from './feature-row';
import { ALL_FEATURE_COLUMNS, FEATURE_WINDOWS, type FeatureRow } from './feature-row';
import { RollingWindow, SeriesRing } from './rolling-window';

// Imported functions bound once: tsx (esbuild) and swc compile each call of an imported function to a
// module getter, which cost ~100 ns per candle in FeatureState.update (measured with --cpu-prof).
const { garmanKlassVariance, logVolume, parkinsonVariance, relativeChange, rsiFromMeans, toNullable } =
  featureRow;

const {
  vol24: VOL,
  sma12: SMA_SHORT,
  sma48: SMA_LONG,
  rsi14: RSI,
  bollinger: BB,
  momentum,
} = FEATURE_WINDOWS;
const [MOM_SHORT, MOM_LONG] = momentum;
// As in rolling-window.ts: `cond ? x : NaN` on the global NaN made TurboFan box x, a heap number per call.
const NAN = NaN;

/** Length of the buffer {@link FeatureState.snapshotInto} fills: one slot per feature of ALL_FEATURE_COLUMNS. */
export const FEATURE_VECTOR_LENGTH = ALL_FEATURE_COLUMNS.length;

/**
 * Incremental form of SPEC §5 for one market (exchange, symbol, timeframe): `update(candle)` takes the next
 * closed candle and returns its feature row, in O(1) amortized time and fixed memory (one rolling window per
 * SPEC window; nothing grows). `updateInto(candle, out)` (or `snapshotInto(out)` for the last candle) writes
 * the same features into a caller-owned Float64Array and allocates nothing: the per-candle path of the stream
 * consumer. Agrees with {@link computeFeatures} to 1e-9, relative for values above 1 in magnitude and absolute
 * below.
 */
export class FeatureState {
  // Each series is pushed once per candle, then each window over it advances: the three close windows share
  // one ring, and no value crosses a call as a (boxed) double argument.
  // Closes up to t − 48: sma48 and the ret, RSI differences and momentum read back from it.
  private readonly closes = new SeriesRing(SMA_LONG.size + 1);
  private readonly shortCloses = new RollingWindow(SMA_SHORT.size, this.closes);
  private readonly longCloses = new RollingWindow(SMA_LONG.size, this.closes);
  private readonly bbCloses = new RollingWindow(BB.size, this.closes);
  private readonly retSeries = new SeriesRing(VOL.size + 1);
  private readonly rets = new RollingWindow(VOL.size, this.retSeries);
  // Positive parts and negated negative parts of the close differences (SPEC §5 RSI, simple means).
  private readonly gainSeries = new SeriesRing(RSI.size + 1);
  private readonly gains = new RollingWindow(RSI.size, this.gainSeries);
  private readonly lossSeries = new SeriesRing(RSI.size + 1);
  private readonly losses = new RollingWindow(RSI.size, this.lossSeries);
  private t = -1;
  private ts = -Infinity;
  private open = NaN;
  private high = NaN;
  private low = NaN;
  private volume = NaN;
  // snapshot()'s buffer: the row is read from the same code as snapshotInto.
  private readonly vector = new Float64Array(FEATURE_VECTOR_LENGTH);

  /** A state that has already taken these candles, in order. */
  static from(candles: Iterable<Candle>): FeatureState {
    const state = new FeatureState();
    for (const candle of candles) state.push(candle);
    return state;
  }

  /** How many candles the state has taken. */
  get count(): number {
    return this.t + 1;
  }

  /** Open time of the last candle taken, or −Infinity before the first. */
  get lastTs(): number {
    return this.ts;
  }

  /** Takes the next closed candle and returns its feature row. */
  update(candle: Candle): FeatureRow {
    this.push(candle);
    return this.snapshot();
  }

  /**
   * Takes the next closed candle and writes its features into `out` (see {@link snapshotInto}); allocates
   * nothing. Throws as {@link push} does.
   */
  updateInto(candle: Candle, out: Float64Array): Float64Array {
    checkVector(out); // before the state moves
    this.push(candle);
    return this.snapshotInto(out);
  }

  /**
   * Takes the next closed candle without building a row. Throws `MarketDataError('INVALID_CANDLES')`, leaving
   * the state as it was, when the candle is not after the previous one or its close is not a finite number.
   */
  push(candle: Candle): void {
    const { ts, close } = candle;
    if (!(ts > this.ts)) {
      throw new MarketDataError(
        'INVALID_CANDLES',
        `candle ts ${ts} is not after the previous candle (ts ${this.ts})`,
      );
    }
    if (!Number.isFinite(close)) {
      throw new MarketDataError('INVALID_CANDLES', `candle ts ${ts}: close ${close} is not a finite number`);
    }
    const t = ++this.t;
    this.ts = ts;
    this.open = candle.open;
    this.high = candle.high;
    this.low = candle.low;
    this.volume = candle.volume;
    if (t > 0) {
      const previous = this.closes.at(0);
      const difference = close - previous;
      this.retSeries.push(relativeChange(close, previous));
      this.gainSeries.push(Math.max(difference, 0));
      this.lossSeries.push(Math.max(-difference, 0));
    } else {
      this.retSeries.push(NAN);
      this.gainSeries.push(NAN);
      this.lossSeries.push(NAN);
    }
    this.closes.push(close);
    this.rets.advance();
    this.gains.advance();
    this.losses.advance();
    this.shortCloses.advance();
    this.longCloses.advance();
    this.bbCloses.advance();
  }

  /** The feature row of the last candle taken, `null` where undefined. */
  snapshot(): FeatureRow {
    const v = this.snapshotInto(this.vector);
    // A literal in ALL_FEATURE_COLUMNS order: one object shape (a loop over the names costs ~300 ns a row).
    return {
      ts: this.ts,
      ret: toNullable(v[0]!),
      vol24: toNullable(v[1]!),
      sma12: toNullable(v[2]!),
      sma48: toNullable(v[3]!),
      rsi14: toNullable(v[4]!),
      bb_upper: toNullable(v[5]!),
      bb_lower: toNullable(v[6]!),
      momentum_12: toNullable(v[7]!),
      momentum_24: toNullable(v[8]!),
      log_volume: toNullable(v[9]!),
      parkinson_var: toNullable(v[10]!),
      garman_klass_var: toNullable(v[11]!),
    };
  }

  /**
   * Writes the features of the last candle taken into `out[0 … FEATURE_VECTOR_LENGTH − 1]`, in the order of
   * ALL_FEATURE_COLUMNS, NaN where undefined, and returns `out`. Every feature is computed on every call.
   */
  snapshotInto(out: Float64Array): Float64Array {
    const t = this.t;
    if (t < 0) throw new MarketDataError('INSUFFICIENT_DATA', 'the feature state has taken no candle yet');
    checkVector(out);
    const { closes, rets, shortCloses, longCloses, bbCloses, gains, losses } = this;
    const close = closes.at(0);
    const parkinson = parkinsonVariance(this.high, this.low);
    const bbStd = bbCloses.count >= BB.size ? Math.sqrt(bbCloses.variance()) : NAN;
    // Slots in ALL_FEATURE_COLUMNS order (snapshot() reads them back by name; the specs check the order).
    out[0] = rets.at(0);
    out[1] = rets.count >= VOL.minCount ? Math.sqrt(rets.variance()) : NAN;
    out[2] = shortCloses.count >= SMA_SHORT.minCount ? shortCloses.mean : NAN;
    out[3] = longCloses.count >= SMA_LONG.minCount ? longCloses.mean : NAN;
    out[4] = gains.count >= RSI.size ? rsiFromMeans(gains.mean, losses.mean) : NAN;
    out[5] = bbCloses.mean + BB.widthStd * bbStd;
    out[6] = bbCloses.mean - BB.widthStd * bbStd;
    out[7] = t >= MOM_SHORT ? relativeChange(close, closes.at(MOM_SHORT)) : NAN;
    out[8] = t >= MOM_LONG ? relativeChange(close, closes.at(MOM_LONG)) : NAN;
    out[9] = logVolume(this.volume);
    out[10] = parkinson;
    out[11] = garmanKlassVariance(this.open, this.high, this.low, close, parkinson);
    return out;
  }
}

function checkVector(out: Float64Array): void {
  if (out.length < FEATURE_VECTOR_LENGTH) {
    throw new RangeError(`feature buffer of length ${out.length}, expected ${FEATURE_VECTOR_LENGTH}`);
  }
}
