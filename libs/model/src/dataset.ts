import { MarketDataError } from '@crypto/candles';
import { INPUT_WARMUP, type InputName, type InputSeries } from './model-inputs';
import type { ModelConfig } from './model-config';

/** Inclusive range of forecast-origin candle indices. */
export interface OriginRange {
  first: number;
  last: number;
}

export interface DatasetSplits {
  train: OriginRange;
  validation: OriginRange;
  test: OriginRange;
}

/** Standardisation of each input column: (x − mean) / std. */
export interface Scaler {
  mean: number[];
  std: number[];
}

/** The first origin with a full window of defined inputs, and the last with a full target. */
export function originBounds(length: number, sequenceLength: number, horizon: number): OriginRange {
  return { first: INPUT_WARMUP + sequenceLength - 1, last: length - 1 - horizon };
}

/**
 * Chronological train / validation / test split of the forecast origins by the configured fractions, each
 * split separated from the next by a purge gap of H origins: the last train target (candles t+1 … t+H) ends
 * before the first validation target starts, and likewise validation / test. Throws
 * MarketDataError('INSUFFICIENT_DATA') when a split would be empty.
 */
export function chronologicalSplits(
  length: number,
  config: Pick<ModelConfig, 'sequenceLength' | 'horizon' | 'trainFraction' | 'validationFraction'>,
): DatasetSplits {
  const { first, last } = originBounds(length, config.sequenceLength, config.horizon);
  const windows = last - first + 1;
  const gap = config.horizon;
  const trainCount = Math.floor(config.trainFraction * windows);
  const validationCount = Math.floor(config.validationFraction * windows);
  const train = { first, last: first + trainCount - 1 };
  const validation = { first: train.last + gap + 1, last: train.last + gap + validationCount };
  const test = { first: validation.last + gap + 1, last };
  if (trainCount < 1 || validationCount < 1 || test.last < test.first) {
    throw new MarketDataError(
      'INSUFFICIENT_DATA',
      `${length} candles give ${Math.max(windows, 0)} windows (L ${config.sequenceLength}, H ${config.horizon}, ` +
        `${INPUT_WARMUP} candles of warm-up): too few for a train, validation and test split`,
    );
  }
  return { train, validation, test };
}

/** Mean and std (ddof = 1) of each input over the candles the training windows read, and only those. */
export function fitScaler(
  series: InputSeries,
  columns: readonly InputName[],
  train: OriginRange,
  sequenceLength: number,
): Scaler {
  const from = train.first - sequenceLength + 1;
  const mean: number[] = [];
  const std: number[] = [];
  for (const name of columns) {
    const values = series.inputs[name];
    let sum = 0;
    let count = 0;
    for (let t = from; t <= train.last; t++) {
      if (!Number.isNaN(values[t]!)) {
        sum += values[t]!;
        count++;
      }
    }
    const m = sum / count;
    let squares = 0;
    for (let t = from; t <= train.last; t++) if (!Number.isNaN(values[t]!)) squares += (values[t]! - m) ** 2;
    mean.push(m);
    // A constant input (std 0) is kept at 0 after scaling rather than divided by zero.
    std.push(Math.sqrt(squares / (count - 1)) || 1);
  }
  return { mean, std };
}

/**
 * The scaled inputs of every candle, row-major (candle × column) in float32, as the network reads them; an
 * undefined input after the warm-up (RSI of a flat window) is its training mean, 0 once scaled.
 */
export function scaleInputs(
  series: InputSeries,
  columns: readonly InputName[],
  scaler: Scaler,
): Float32Array {
  const width = columns.length;
  const out = new Float32Array(series.length * width);
  columns.forEach((name, j) => {
    const values = series.inputs[name];
    const mean = scaler.mean[j]!;
    const std = scaler.std[j]!;
    for (let t = 0; t < series.length; t++) {
      const x = (values[t]! - mean) / std;
      out[t * width + j] = Number.isNaN(x) ? 0 : x;
    }
  });
  return out;
}

/** The windows of the given origins, [origins × L × columns] row-major: the L candles ending at each origin. */
export function gatherWindows(
  scaled: Float32Array,
  width: number,
  origins: ArrayLike<number>,
  sequenceLength: number,
): Float32Array {
  const windowSize = sequenceLength * width;
  const out = new Float32Array(origins.length * windowSize);
  for (let i = 0; i < origins.length; i++) {
    const start = (origins[i]! - sequenceLength + 1) * width;
    out.set(scaled.subarray(start, start + windowSize), i * windowSize);
  }
  return out;
}

export function originsOf(range: OriginRange, stride = 1, offset = 0): Int32Array {
  const count = Math.max(0, Math.floor((range.last - range.first - offset) / stride) + 1);
  return Int32Array.from({ length: count }, (_, i) => range.first + offset + i * stride);
}
