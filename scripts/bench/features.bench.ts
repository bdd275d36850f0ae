import { join } from 'node:path';
import { type Candle, CandleFactory, readCandleCsv } from '@crypto/candles';
import {
  ALL_FEATURE_COLUMNS,
  computeFeatureColumns,
  FEATURE_VECTOR_LENGTH,
  FeatureState,
} from '@crypto/features';
import { explainSignal } from '@crypto/signals';
import { type BenchResult, machine, round, timeCases, type Timing } from './bench-recorder';
import { type PandasBaseline, pandasBaseline } from './pandas-baseline';

const BTC_FILE = join(__dirname, '../../../shared/data/btcusdt-1h.csv');
const INCREMENTAL_CANDLES = 1_000_000;
const BATCH_CANDLES = 100_000;
// The batch cases' runs, the pandas baseline's too.
const BATCH_TIMING = { warmup: 3, runs: 15 };
const REQUEST_CANDLES = 200;
// explainSignal takes tens of µs: time a batch of calls per run for a readable clock.
const SIGNAL_CALLS_PER_RUN = 2_000;
const LOG_VOLUME = ALL_FEATURE_COLUMNS.indexOf('log_volume');

export async function run(): Promise<BenchResult> {
  const host = machine();
  const btc = (await readCandleCsv(BTC_FILE)).map(oneShape);
  const request = btc.slice(-REQUEST_CANDLES);
  const batchCandles = walk(BATCH_CANDLES);
  // Batch and signal first, before the 1M candles exist: a major GC of their heap would be charged to them.
  const { batchBtc, batchSynthetic, signal } = timeCases(
    {
      batchBtc: () => computeFeatureColumns(btc),
      batchSynthetic: () => computeFeatureColumns(batchCandles),
      signal: () => {
        for (let i = 0; i < SIGNAL_CALLS_PER_RUN; i++) explainSignal(request);
      },
    },
    BATCH_TIMING,
  );
  const synthetic = walk(INCREMENTAL_CANDLES);
  const { updateInto, push, update } = timeCases(
    {
      updateInto: () => updateAllInto(synthetic),
      push: () => pushAll(synthetic),
      update: () => updateAll(synthetic),
    },
    { warmup: 2, runs: 9 },
  );
  // After the TypeScript timings, which the Python process would otherwise share the machine with. Both
  // sides time the features of the parsed candles (CSV parsing excluded): TypeScript from the Candle[] to
  // the FeatureColumns, pandas from the candle DataFrame to the feature DataFrame.
  const pandas = await pandasBaseline(BTC_FILE, computeFeatureColumns(btc), BATCH_TIMING);

  const batchBtcMs = per(batchBtc, 1, 1);
  const batch100kMs = per(batchSynthetic, 1, 1);
  const updateIntoNs = per(updateInto, INCREMENTAL_CANDLES, 1e6);
  const pushNs = per(push, INCREMENTAL_CANDLES, 1e6);
  const updateNs = per(update, INCREMENTAL_CANDLES, 1e6);
  const signalUs = per(signal, SIGNAL_CALLS_PER_RUN, 1e3);
  const figures = {
    batch_btc: {
      candles: btc.length,
      ms: batchBtcMs,
      candles_per_s: Math.round((btc.length / batchBtcMs.wall) * 1e3),
    },
    pandas_batch_btc: pandasFigures(pandas),
    batch_100k: { candles: BATCH_CANDLES, ms: batch100kMs, target_ms: 50 },
    incremental_update_into: {
      candles: INCREMENTAL_CANDLES,
      ns_per_candle: updateIntoNs,
      updates_per_s: Math.round(1e9 / updateIntoNs.wall),
      target_per_s: 5e6,
    },
    incremental_push: {
      candles: INCREMENTAL_CANDLES,
      ns_per_candle: pushNs,
      updates_per_s: Math.round(1e9 / pushNs.wall),
    },
    incremental_update: {
      candles: INCREMENTAL_CANDLES,
      ns_per_candle: updateNs,
      updates_per_s: Math.round(1e9 / updateNs.wall),
    },
    signal_200: { candles: REQUEST_CANDLES, us: signalUs },
    timings: {
      batchBtc,
      ...(pandas.available && { pandasBatchBtc: pandas.timing }),
      batchSynthetic,
      updateInto,
      push,
      update,
      signal,
    },
  };
  const summary = [
    `batch_btc ${(figures.batch_btc.candles_per_s / 1e6).toFixed(2)} M candles/s, ${both(batchBtcMs)} ms`,
    pandasSummary(pandas, batchBtcMs),
    `batch_100k ${both(batch100kMs)} ms`,
    `incremental_update_into ${both(updateIntoNs)} ns (${(1e3 / updateIntoNs.wall).toFixed(2)} M/s)`,
    `incremental_push ${both(pushNs)} ns (${(1e3 / pushNs.wall).toFixed(2)} M/s)`,
    `incremental_update ${both(updateNs)} ns (${(1e3 / updateNs.wall).toFixed(2)} M/s)`,
    `signal_200 ${both(signalUs)} µs`,
  ].join('; ');
  return {
    benchmark: 'features',
    date: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    machine: host,
    figures,
    summary,
  };
}

function both({ wall, cpu }: PerItem): string {
  return `${wall} [cpu ${cpu}]`;
}

function pandasFigures(pandas: PandasBaseline): Record<string, unknown> {
  if (!pandas.available) return { unavailable: pandas.reason };
  const ms = per(pandas.timing, 1, 1);
  const { crossCheck } = pandas;
  return {
    candles: pandas.candles,
    ms,
    candles_per_s: Math.round((pandas.candles / ms.wall) * 1e3),
    versions: pandas.versions,
    cross_check: {
      nan_mismatches: crossCheck.nanMismatches,
      compared: crossCheck.compared,
      max_abs_diff: crossCheck.maxAbsDiff,
      max_abs_column: crossCheck.maxAbsColumn,
      max_rel_diff: crossCheck.maxRelDiff,
      max_rel_column: crossCheck.maxRelColumn,
    },
  };
}

function pandasSummary(pandas: PandasBaseline, batchBtcMs: PerItem): string {
  if (!pandas.available) return `pandas_batch_btc unavailable (${pandas.reason})`;
  const ms = per(pandas.timing, 1, 1);
  const { nanMismatches, maxAbsDiff, maxAbsColumn, maxRelDiff, maxRelColumn } = pandas.crossCheck;
  return (
    `pandas_batch_btc ${(pandas.candles / ms.wall / 1e3).toFixed(2)} M candles/s, ${both(ms)} ms ` +
    `(${pandas.versions}; batch_btc ${(ms.wall / batchBtcMs.wall).toFixed(1)}× as fast), ` +
    `vs batch_btc: max abs diff ${maxAbsDiff.toExponential(1)} (${maxAbsColumn}), ` +
    `max rel diff ${maxRelDiff.toExponential(1)} (${maxRelColumn}), ${nanMismatches} NaN position mismatches`
  );
}

interface PerItem {
  wall: number;
  cpu: number;
}

// Median wall and CPU time of one run per item, scaled from ms (1e6: ns, 1e3: µs).
function per(timing: Timing, items: number, scale: number): PerItem {
  return {
    wall: round((timing.medianMs * scale) / items, 1),
    cpu: round((timing.cpuMedianMs * scale) / items, 1),
  };
}

// BTC-like walk from 60,000 (σ = 1 % a candle), seeded: the same candles every run.
function walk(count: number): Candle[] {
  return CandleFactory.series({ count, startClose: 60_000 }).randomWalk({ seed: 42 }).build().map(oneShape);
}

// Every candle of the process in one object shape (V8 hidden class), as an app fed by one source sees them:
// CSV-parsed candles and the factory's differ, and FeatureState reading both shapes (polymorphic loads of
// six fields) measured ~15–20 ns a candle slower.
function oneShape({ ts, open, high, low, close, volume }: Candle): Candle {
  return { ts, open, high, low, close, volume };
}

// The stream consumer's path: every feature of every candle into one reused buffer, nothing allocated.
function updateAllInto(candles: readonly Candle[]): number {
  const state = new FeatureState();
  const out = new Float64Array(FEATURE_VECTOR_LENGTH);
  let checksum = 0; // reads the vector so the work cannot be optimised away
  for (let i = 0; i < candles.length; i++) checksum += state.updateInto(candles[i]!, out)[LOG_VOLUME]!;
  return checksum;
}

function pushAll(candles: readonly Candle[]): FeatureState {
  const state = new FeatureState();
  for (let i = 0; i < candles.length; i++) state.push(candles[i]!);
  return state;
}

function updateAll(candles: readonly Candle[]): number {
  const state = new FeatureState();
  let checksum = 0; // reads each row so the work cannot be optimised away
  for (let i = 0; i < candles.length; i++) checksum += state.update(candles[i]!).log_volume!;
  return checksum;
}
