import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { type Candle, readCandleCsv } from '@crypto/candles';
import { Logger } from '@nestjs/common';
import {
  DEFAULT_MODEL_CONFIG,
  type EvaluationReport,
  evaluateOnWindow,
  type ForecastMetrics,
  measureTrainingSpeed,
  type ModelConfig,
  trainVolatilityModel,
  type TrainingResult,
  type TrainingSpeed,
} from '@crypto/model';
import { type BenchResult, machine, round, timeCases } from './bench-recorder';

const BTC_FILE = join(__dirname, '../../../shared/data/btcusdt-1h.csv');
/** Where the default run leaves its model files (git-ignored), for a look or a manual load. */
const ARTIFACTS_DIR = join(__dirname, '../../.local/bench/model-default');
const BATCH_WINDOWS = 256;
const HOUR_MS = 3_600_000;
const exec = promisify(execFile);
/** Walk-forward test folds: calendar years, the last one up to the end of the file. */
export const WALK_FORWARD_YEARS = [2022, 2023, 2024, 2025];
/**
 * Walk-forward training keeps the default model but gives training and validation all but ~3 % of the
 * candles before its fold (the library always holds out a test split; the fold is the real test here).
 */
export const WALK_FORWARD_CONFIG: ModelConfig = {
  ...DEFAULT_MODEL_CONFIG,
  trainFraction: 0.8,
  validationFraction: 0.17,
};

/** `pnpm bench model`: the default training on the BTC file; `pnpm bench model --walk-forward`: four yearly folds. */
export async function run(args: readonly string[] = []): Promise<BenchResult> {
  // Library logs (backend chosen, training summary) on stderr: stdout carries only the JSON result.
  Logger.overrideLogger({
    log: (message) => process.stderr.write(`${String(message)}\n`),
    warn: (message) => process.stderr.write(`warn: ${String(message)}\n`),
    error: (message) => process.stderr.write(`error: ${String(message)}\n`),
  });
  const host = machine();
  const candles = await readCandleCsv(BTC_FILE);
  if (args.includes('--walk-forward')) {
    return args.includes('--monthly') ? walkForwardMonthly(candles, host) : walkForward(candles, host);
  }
  const seeds = args.indexOf('--seeds');
  if (seeds >= 0) return seedSpread(candles, host, Number(args[seeds + 1] ?? 5));
  return args.includes('--speed') ? speedRun(candles, host) : defaultRun(candles, host);
}

const SPEED_ROUNDS = 3;
const SPEED_PREDICT_RUNS = 9;

/**
 * Training and inference speed of the same network side by side, in one run on the same windows (the
 * first 20 batches of the default training) from the same starting weights: the TF.js layers model (as
 * trained before the lean BiLSTM), the lean BiLSTM that training and serving use, and TF-Keras.
 */
async function speedSideBySide(candles: Candle[]) {
  progress(0, 'speed side by side: TF.js layers, lean BiLSTM, TF-Keras');
  const speed = await measureTrainingSpeed(candles, DEFAULT_MODEL_CONFIG, {
    rounds: SPEED_ROUNDS,
    batches: 20,
    predictBatch: BATCH_WINDOWS,
    predictRuns: SPEED_PREDICT_RUNS,
  });
  const keras = await kerasBaseline(speed, DEFAULT_MODEL_CONFIG, {
    rounds: SPEED_ROUNDS,
    predictRuns: SPEED_PREDICT_RUNS,
  });
  const { weights: _weights, data: _data, ...figures } = speed;
  const range = (values: number[]) => `${Math.min(...values)}–${Math.max(...values)}`;
  const summary =
    `side by side (${figures.batches_per_round} batches of ${figures.batch_size} × ${SPEED_ROUNDS} rounds): ` +
    `train windows/s TF.js layers ${range(speed.layers.train_windows_per_second)}, lean ` +
    `${range(speed.lean.train_windows_per_second)}` +
    (keras.available ? `, TF-Keras ${range(keras.train_windows_per_second)}` : '') +
    `; predict ${BATCH_WINDOWS} ms layers ${range(speed.layers.predict_ms)}, lean ${range(speed.lean.predict_ms)}` +
    (keras.available
      ? `, TF-Keras ${range(keras.predict_ms)} (${keras.versions}, ${keras.threads.intra_op || keras.threads.cpus} threads)`
      : `; TF-Keras unavailable: ${keras.reason}`);
  return { figures: { ...figures, keras }, summary };
}

async function speedRun(candles: Candle[], host: ReturnType<typeof machine>): Promise<BenchResult> {
  const speed = await speedSideBySide(candles);
  return {
    benchmark: 'model --speed',
    date: stamp(),
    machine: host,
    figures: { speed: speed.figures },
    summary: `${speed.figures.backend}; ${speed.summary}`,
  };
}

async function defaultRun(candles: Candle[], host: ReturnType<typeof machine>): Promise<BenchResult> {
  const result = await trainVolatilityModel(candles, DEFAULT_MODEL_CONFIG, { onProgress: progress });
  const { model, evaluation, timing, dataset } = result;
  const one = candles.slice(-model.requiredCandles);
  const batch = candles.slice(-(model.requiredCandles + BATCH_WINDOWS - 1));
  // Each case from the candles: the inputs of the windows, then the network (serving's whole path).
  const latency = timeCases(
    { one: () => model.predict(one), batch: () => model.predictSeries(batch) },
    { warmup: 3, runs: 15 },
  );
  await saveArtifacts(result);
  const linear = await linearHeadAlone(candles, DEFAULT_MODEL_CONFIG, evaluation);
  const table = { ...evaluationTable(evaluation), linear_head: rounded(linear) };
  process.stderr.write(`\n${markdownTable(table, evaluation)}\n`);
  const speed = await speedSideBySide(candles);
  const figures = {
    config: DEFAULT_MODEL_CONFIG,
    backend: model.preprocessing.backend,
    dataset: { train: dataset.train, validation: dataset.validation, test: dataset.test },
    test_window: windowDates(evaluation),
    table,
    beats: beats(evaluation),
    training: {
      epochs_run: timing.epochs_run,
      best_epoch: timing.best_epoch,
      seconds_per_epoch: round(timing.seconds_per_epoch, 2),
      train_samples_per_second: round(timing.train_samples_per_second, 1),
      total_seconds: round(timing.total_seconds, 1),
      val_loss: result.history.val_loss.map((v) => round(v, 4)),
    },
    inference: {
      one_window_ms: { wall: latency.one.medianMs, cpu: latency.one.cpuMedianMs },
      batch_256_ms: { wall: latency.batch.medianMs, cpu: latency.batch.cpuMedianMs },
      batch_256_windows_per_second: round((BATCH_WINDOWS * 1000) / latency.batch.medianMs, 0),
    },
    speed: speed.figures,
    artifacts_dir: ARTIFACTS_DIR,
  };
  model.dispose();
  const t = figures.training;
  return {
    benchmark: 'model',
    date: stamp(),
    machine: host,
    figures,
    summary:
      `default config, test ${figures.test_window.from}→${figures.test_window.to} (n ${evaluation.test_window.n}): ` +
      `${qlikeLine(table)}; ${metricLine(table, 'rmse', 'RMSE', 5)}; ${metricLine(table, 'r2', 'R²', 3)}; ` +
      `linear head alone QLIKE ${table.linear_head.qlike}; ` +
      `${figures.backend}, ${t.train_samples_per_second} windows/s, ${t.seconds_per_epoch} s/epoch, ` +
      `${t.epochs_run} epochs (best ${t.best_epoch}), ${t.total_seconds} s in all; predict 1 window ` +
      `${latency.one.medianMs} [cpu ${latency.one.cpuMedianMs}] ms, 256 windows ${latency.batch.medianMs} ` +
      `[cpu ${latency.batch.cpuMedianMs}] ms; ${speed.summary}`,
  };
}

/**
 * `--walk-forward --monthly`: the folds of {@link walkForward}, but with a model (and its linear head alone)
 * retrained at the start of every month on all candles before it and scored on that month, as a trainer that
 * runs on a schedule keeps its champion fresh; HAR-RV is refitted the same way by `evaluateOnWindow`. The
 * months are pooled per fold ({@link pooledMetrics}).
 */
async function walkForwardMonthly(candles: Candle[], host: ReturnType<typeof machine>): Promise<BenchResult> {
  const folds = [];
  const started = Date.now();
  for (const year of WALK_FORWARD_YEARS) {
    const months: { n: number; table: Table }[] = [];
    for (let month = 0; month < 12; month++) {
      const from = Date.UTC(year, month, 1);
      if (from > candles[candles.length - 1]!.ts) break;
      const { evaluation, linear } = await trainedBefore(
        candles,
        { from, to: Date.UTC(year, month + 1, 1) - HOUR_MS },
        { label: `fold ${year}, month ${month + 1}` },
      );
      // unrounded, so that the pooled figures are rounded once
      months.push({
        n: evaluation.test_window.n,
        table: { model: evaluation.model, ...evaluation.baselines, linear_head: linear },
      });
    }
    const pool = (row: Row | 'linear_head') =>
      rounded(pooledMetrics(months.map(({ n, table }) => ({ n, metrics: table[row]! }))));
    const table: Table = {
      model: pool('model'),
      linear_head: pool('linear_head'),
      persistence: pool('persistence'),
      ewma: pool('ewma'),
      har: pool('har'),
    };
    const n = months.reduce((sum, m) => sum + m.n, 0);
    process.stderr.write(`\nfold ${year}, retrained monthly (${months.length} months, ${n} origins)\n`);
    folds.push({ year, months: months.length, n, table, below_har_pct: belowHarPct(table) });
  }
  return {
    benchmark: 'model --walk-forward --monthly',
    date: stamp(),
    machine: host,
    figures: { config: WALK_FORWARD_CONFIG, folds, total_seconds: round((Date.now() - started) / 1000, 0) },
    summary:
      `retrained monthly, QLIKE model / HAR-RV / EWMA / persistence per fold: ` +
      folds
        .map(
          (fold) =>
            `${fold.year} ${qlikeLine(fold.table, false)} (linear head ${fold.table.linear_head!.qlike}; ` +
            `model ${fold.below_har_pct.model} %, linear head ${fold.below_har_pct.linear_head} % below HAR-RV)`,
        )
        .join('; '),
  };
}

/**
 * The walk-forward config trained only on the candles before `window.from`, scored on the window with its
 * linear head alone beside it (both against the baselines of `evaluateOnWindow`).
 */
async function trainedBefore(
  candles: Candle[],
  window: { from: number; to: number },
  { label, onProgress }: { label: string; onProgress?: typeof progress },
) {
  const before = candles.filter((c) => c.ts < window.from);
  progress(0, `${label}: training on ${before.length} candles before it`);
  const { model, timing } = await trainVolatilityModel(before, WALK_FORWARD_CONFIG, { onProgress });
  // All candles: the window's last origins need the H candles after it; HAR-RV is refitted before the window.
  const evaluation = evaluateOnWindow(model, candles, { from_ts: window.from, to_ts: window.to });
  model.dispose();
  const linear = await linearHeadAlone(before, WALK_FORWARD_CONFIG, evaluation, candles);
  return { before, evaluation, linear, timing };
}

/**
 * Metrics of consecutive windows pooled into those of their union: QLIKE and MAE are means over origins
 * (weighted by n), RMSE the root of the weighted mean square; R² needs the union's variance, which the
 * windows' figures do not give (NaN).
 */
function pooledMetrics(parts: readonly { n: number; metrics: ForecastMetrics }[]): ForecastMetrics {
  const n = parts.reduce((sum, p) => sum + p.n, 0);
  const mean = (of: (m: ForecastMetrics) => number) =>
    parts.reduce((sum, p) => sum + p.n * of(p.metrics), 0) / n;
  return {
    qlike: mean((m) => m.qlike),
    mae: mean((m) => m.mae),
    rmse: Math.sqrt(mean((m) => m.rmse ** 2)),
    r2: NaN,
  };
}

/** How far below HAR-RV's QLIKE the model's and its linear head's are, in %. */
function belowHarPct(table: Table): { model: number; linear_head: number } {
  const below = (m: ForecastMetrics) => round(100 * (1 - m.qlike / table.har.qlike), 1);
  return { model: below(table.model), linear_head: below(table.linear_head!) };
}

async function walkForward(candles: Candle[], host: ReturnType<typeof machine>): Promise<BenchResult> {
  const folds = [];
  for (const year of WALK_FORWARD_YEARS) {
    const { before, evaluation, linear, timing } = await trainedBefore(
      candles,
      { from: Date.UTC(year, 0, 1), to: Date.UTC(year + 1, 0, 1) - HOUR_MS },
      { label: `fold ${year}`, onProgress: progress },
    );
    const table = { ...evaluationTable(evaluation), linear_head: rounded(linear) };
    process.stderr.write(`\nfold ${year}\n${markdownTable(table, evaluation)}\n`);
    folds.push({
      year,
      train_candles: before.length,
      train_range: { from: isoDate(before[0]!.ts), to: isoDate(before[before.length - 1]!.ts) },
      test_window: windowDates(evaluation),
      n: evaluation.test_window.n,
      table,
      beats: beats(evaluation),
      epochs_run: timing.epochs_run,
      best_epoch: timing.best_epoch,
      total_seconds: round(timing.total_seconds, 1),
    });
  }
  const beatsHar = folds.filter((fold) => fold.beats.har).length;
  return {
    benchmark: 'model --walk-forward',
    date: stamp(),
    machine: host,
    figures: { config: WALK_FORWARD_CONFIG, folds, folds_beating_har: beatsHar },
    summary:
      `QLIKE model / HAR-RV / EWMA / persistence per fold: ` +
      folds
        .map(
          (fold) =>
            `${fold.year} ${qlikeLine(fold.table, false)} (linear head ${fold.table.linear_head.qlike})`,
        )
        .join('; ') +
      `; model beats HAR-RV in ${beatsHar} of ${folds.length} folds`,
  };
}

/**
 * `pnpm bench model --seeds N`: the default config trained with seeds 1 … N on the default window, each scored
 * against its linear head alone (the same config and seed with 0 epochs): the spread over seeds of the
 * model's QLIKE, of the linear head's (its QLIKE fit has no randomness) and of their per-seed difference.
 */
async function seedSpread(
  candles: Candle[],
  host: ReturnType<typeof machine>,
  count: number,
): Promise<BenchResult> {
  if (!Number.isInteger(count) || count < 2)
    throw new RangeError(`--seeds ${count}: give a whole number ≥ 2`);
  const runs: SeedRun[] = [];
  let window: { from: string; to: string; n: number } | undefined;
  for (let seed = 1; seed <= count; seed++) {
    progress(0, `seed ${seed}/${count}`);
    const config = { ...DEFAULT_MODEL_CONFIG, seed };
    const { model, evaluation, timing } = await trainVolatilityModel(candles, config);
    model.dispose();
    const linear = await linearHeadAlone(candles, config, evaluation);
    window ??= { ...windowDates(evaluation), n: evaluation.test_window.n };
    runs.push({
      seed,
      model: round(evaluation.model.qlike, 4),
      linear_head: round(linear.qlike, 4),
      difference: round(evaluation.model.qlike - linear.qlike, 4),
      har: round(evaluation.baselines.har.qlike, 4),
      best_epochs: timing.member_best_epochs,
      total_seconds: round(timing.total_seconds, 1),
    });
  }
  const stats = (key: 'model' | 'linear_head' | 'difference') => spread(runs.map((run) => run[key]));
  const figures = {
    config: DEFAULT_MODEL_CONFIG,
    test_window: window!,
    runs,
    model: stats('model'),
    linear_head: stats('linear_head'),
    difference: stats('difference'),
  };
  const line = ({ mean, sd, min, max }: Spread) => `${mean} ± ${sd} (${min} … ${max})`;
  return {
    benchmark: `model --seeds ${count}`,
    date: stamp(),
    machine: host,
    figures,
    summary:
      `default config, test ${window!.from}→${window!.to} (n ${window!.n}), seeds 1–${count}, QLIKE mean ± sd (min … max): model ${line(figures.model)}, ` +
      `linear head alone ${line(figures.linear_head)}, model − linear head ${line(figures.difference)} ` +
      `(per seed ${runs.map((run) => run.difference).join(', ')}); HAR-RV ${runs[0]!.har}`,
  };
}

interface SeedRun {
  seed: number;
  model: number;
  linear_head: number;
  difference: number;
  har: number;
  best_epochs: number[];
  total_seconds: number;
}

interface Spread {
  mean: number;
  sd: number;
  min: number;
  max: number;
}

/** Mean, sample sd (ddof = 1), min and max, rounded to 4 digits. */
function spread(values: number[]): Spread {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const sd = Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1));
  return {
    mean: round(mean, 4),
    sd: round(sd, 4),
    min: round(Math.min(...values), 4),
    max: round(Math.max(...values), 4),
  };
}

type Row = 'model' | 'persistence' | 'ewma' | 'har';
type Table = Record<Row, ForecastMetrics> & { linear_head?: ForecastMetrics };

/**
 * Ablation: the same config with 0 epochs is the network's linear skip head alone (its QLIKE fit on the
 * training split); scored on the same window as the trained model, it shows what the BiLSTM adds.
 */
async function linearHeadAlone(
  trainCandles: Candle[],
  config: ModelConfig,
  evaluation: EvaluationReport,
  scoreCandles = trainCandles,
): Promise<ForecastMetrics> {
  const { model } = await trainVolatilityModel(trainCandles, { ...config, epochs: 0 });
  const metrics = evaluateOnWindow(model, scoreCandles, evaluation.test_window).model;
  model.dispose();
  return metrics;
}

function rounded(m: ForecastMetrics): ForecastMetrics {
  return { rmse: round(m.rmse, 6), mae: round(m.mae, 6), qlike: round(m.qlike, 4), r2: round(m.r2, 4) };
}

function evaluationTable(evaluation: EvaluationReport): Table {
  const { persistence, ewma, har } = evaluation.baselines;
  return {
    model: rounded(evaluation.model),
    persistence: rounded(persistence),
    ewma: rounded(ewma),
    har: rounded(har),
  };
}

/** Whether the model's QLIKE is below each baseline's on the same window. */
function beats(evaluation: EvaluationReport): Record<'persistence' | 'ewma' | 'har', boolean> {
  const { persistence, ewma, har } = evaluation.baselines;
  const qlike = evaluation.model.qlike;
  return { persistence: qlike < persistence.qlike, ewma: qlike < ewma.qlike, har: qlike < har.qlike };
}

function markdownTable(table: Table, evaluation: EvaluationReport): string {
  const { from, to } = windowDates(evaluation);
  const lines = [
    `test window ${from} → ${to} (${evaluation.test_window.n} forecast origins)`,
    '| forecast | RMSE | MAE | QLIKE | R² |',
    '| --- | --- | --- | --- | --- |',
    ...(['model', 'linear_head', 'har', 'ewma', 'persistence'] as const).flatMap((row) => {
      const m = table[row];
      return m ? [`| ${ROW_NAMES[row]} | ${m.rmse} | ${m.mae} | ${m.qlike} | ${m.r2} |`] : [];
    }),
  ];
  return lines.join('\n');
}

const ROW_NAMES: Record<Row | 'linear_head', string> = {
  model: 'BiLSTM (trained)',
  linear_head: 'its linear head alone (0 epochs)',
  har: 'HAR-RV',
  ewma: 'EWMA λ=0.94',
  persistence: 'persistence',
};

const qlikeLine = (table: Table, named = true) =>
  `${named ? 'QLIKE model / HAR-RV / EWMA / persistence ' : ''}${table.model.qlike} / ${table.har.qlike} / ` +
  `${table.ewma.qlike} / ${table.persistence.qlike}`;

const metricLine = (table: Table, key: keyof ForecastMetrics, label: string, digits: number) =>
  `${label} ${(['model', 'har', 'ewma', 'persistence'] as const).map((row) => round(table[row][key], digits)).join(' / ')}`;

function windowDates(evaluation: EvaluationReport): { from: string; to: string } {
  return { from: isoDate(evaluation.test_window.from_ts), to: isoDate(evaluation.test_window.to_ts) };
}

const isoDate = (ts: number) => new Date(ts).toISOString().slice(0, 16).replace('T', ' ');

const stamp = () => `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;

function progress(fraction: number, message: string): void {
  process.stderr.write(`[${(fraction * 100).toFixed(0).padStart(3)} %] ${message}\n`);
}

async function saveArtifacts({ model }: TrainingResult): Promise<void> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const artifacts = await model.toArtifacts();
  for (const [name, bytes] of Object.entries(artifacts.files))
    await writeFile(join(ARTIFACTS_DIR, name), bytes);
}

const KERAS_REQUIREMENTS = join(__dirname, 'python/requirements-keras.txt');
const KERAS_VENV = join(__dirname, '../../.local/venv/bench-keras');
const KERAS_PYTHON = join(KERAS_VENV, 'bin/python');
// A copy of the requirements the venv was installed from: equal to KERAS_REQUIREMENTS, there is nothing to install.
const KERAS_INSTALLED = join(KERAS_VENV, 'requirements.installed.txt');
const KERAS_DATA_DIR = join(__dirname, '../../.local/bench/keras-data');
const INSTALL_TIMEOUT_MS = 15 * 60_000;

type KerasBaseline =
  | {
      available: true;
      versions: string;
      threads: { intra_op: number; cpus: number };
      train_windows_per_second: number[];
      predict_ms: number[];
    }
  | { available: false; reason: string };

/**
 * Runs scripts/bench/python/keras_bilstm.py (its venv created on first use) on the windows and starting
 * weights of the TF.js side-by-side: the same network, data and batch size in TF-Keras. Never throws: when
 * Python, the venv or pip fails, the baseline is unavailable with the reason.
 */
async function kerasBaseline(
  speed: TrainingSpeed,
  config: ModelConfig,
  { rounds, predictRuns }: { rounds: number; predictRuns: number },
): Promise<KerasBaseline> {
  try {
    await ensureKerasVenv();
    await mkdir(KERAS_DATA_DIR, { recursive: true });
    const { data } = speed;
    const bytes = (values: Float32Array) =>
      new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    await writeFile(join(KERAS_DATA_DIR, 'windows.f32'), bytes(data.windows));
    await writeFile(join(KERAS_DATA_DIR, 'last.f32'), bytes(data.last));
    await writeFile(join(KERAS_DATA_DIR, 'truth.f32'), bytes(data.truth));
    const weights = new Float32Array(speed.weights.reduce((sum, w) => sum + w.values.length, 0));
    let offset = 0;
    for (const w of speed.weights) {
      weights.set(w.values, offset);
      offset += w.values.length;
    }
    await writeFile(join(KERAS_DATA_DIR, 'weights.f32'), bytes(weights));
    await writeFile(
      join(KERAS_DATA_DIR, 'meta.json'),
      JSON.stringify({
        n: data.n,
        sequence_length: data.sequenceLength,
        inputs: data.inputs,
        units: config.units,
        dropout: config.dropout,
        learning_rate: config.learningRate,
        batch_size: config.batchSize,
        predict_batch: speed.predict_batch,
        weights: speed.weights.map(({ name, shape }) => ({ name, shape })),
      }),
    );
    const script = join(__dirname, 'python/keras_bilstm.py');
    const { stdout } = await exec(
      KERAS_PYTHON,
      [script, KERAS_DATA_DIR, String(rounds), String(predictRuns)],
      {
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    return { available: true, ...(JSON.parse(stdout.trim().split('\n').at(-1)!) as object) } as KerasBaseline;
  } catch (error) {
    return { available: false, reason: reasonOf(error) };
  }
}

async function ensureKerasVenv(): Promise<void> {
  const wanted = await readFile(KERAS_REQUIREMENTS, 'utf8');
  const installed = await readFile(KERAS_INSTALLED, 'utf8').catch(() => undefined);
  if (existsSync(KERAS_PYTHON) && installed === wanted) return;
  process.stderr.write(`installing the Keras baseline into ${relative(process.cwd(), KERAS_VENV)} …\n`);
  await exec(process.env['PYTHON'] ?? 'python3', ['-m', 'venv', KERAS_VENV]);
  await exec(KERAS_PYTHON, ['-m', 'pip', 'install', '--quiet', '-r', KERAS_REQUIREMENTS], {
    timeout: INSTALL_TIMEOUT_MS,
  });
  await writeFile(KERAS_INSTALLED, wanted);
}

// A failed child process carries its stderr: its last line says why (a Python traceback ends with the error).
function reasonOf(error: unknown): string {
  const stderr = (error as { stderr?: string }).stderr?.trim();
  if (stderr) return stderr.split('\n').at(-1)!;
  return error instanceof Error ? error.message : String(error);
}
