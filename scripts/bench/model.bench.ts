import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Candle, readCandleCsv } from '@crypto/candles';
import { Logger } from '@nestjs/common';
import {
  DEFAULT_MODEL_CONFIG,
  type EvaluationReport,
  evaluateOnWindow,
  type ForecastMetrics,
  type ModelConfig,
  trainVolatilityModel,
  type TrainingResult,
} from '@crypto/model';
import { type BenchResult, machine, round, timeCases } from './bench-recorder';

const BTC_FILE = join(__dirname, '../../../shared/data/btcusdt-1h.csv');
/** Where the default run leaves its model files (git-ignored), for a look or a manual load. */
const ARTIFACTS_DIR = join(__dirname, '../../.local/bench/model-default');
const BATCH_WINDOWS = 256;
const HOUR_MS = 3_600_000;
/** Walk-forward test folds: calendar years, the last one up to the end of the file. */
const WALK_FORWARD_YEARS = [2022, 2023, 2024, 2025];
/**
 * Walk-forward training keeps the default model but gives training and validation all but ~3 % of the
 * candles before its fold (the library always holds out a test split; the fold is the real test here).
 */
const WALK_FORWARD_CONFIG: ModelConfig = {
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
  return args.includes('--walk-forward') ? walkForward(candles, host) : defaultRun(candles, host);
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
      `[cpu ${latency.batch.cpuMedianMs}] ms`,
  };
}

async function walkForward(candles: Candle[], host: ReturnType<typeof machine>): Promise<BenchResult> {
  const folds = [];
  for (const year of WALK_FORWARD_YEARS) {
    const from = Date.UTC(year, 0, 1);
    const to = Date.UTC(year + 1, 0, 1) - HOUR_MS;
    const before = candles.filter((c) => c.ts < from);
    progress(0, `fold ${year}: training on ${before.length} candles before it`);
    const { model, timing } = await trainVolatilityModel(before, WALK_FORWARD_CONFIG, {
      onProgress: progress,
    });
    // All candles: the fold's last origins need the H candles after them; HAR-RV is refitted before the fold.
    const evaluation = evaluateOnWindow(model, candles, { from_ts: from, to_ts: to });
    model.dispose();
    const linear = await linearHeadAlone(before, WALK_FORWARD_CONFIG, evaluation, candles);
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
