/**
 * Writes the five trainings of the model card (the default split and the four yearly walk-forward folds) for
 * the Keras probe (probe.py): each one's inputs over the whole candle file, standardised by that training's
 * scaler; the ln σ² targets; its origin ranges; the QLIKE fits of the linear head on the training split and
 * on training + validation (the refit); and HAR-RV's QLIKE on its test window. The probe so trains on exactly
 * the windows `trainVolatilityModel` would, and its linear head alone reproduces the model card's figures.
 *
 * Usage: pnpm tsx scripts/research/keras-probe/export-trainings.ts [CANDLE_CSV] [OUT_DIR]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readCandleCsv } from '@crypto/candles';
import {
  DEFAULT_MODEL_CONFIG,
  evaluateOnWindow,
  fitHarBaseline,
  fitLinearQlike,
  gatherWindows,
  type OriginRange,
  originsOf,
  prepareTrainingData,
  scaleInputs,
  scoreOrigins,
} from '@crypto/model';
import { Logger } from '@nestjs/common';
import { WALK_FORWARD_CONFIG, WALK_FORWARD_YEARS } from '../../bench/model.bench';

const CANDLES = process.argv[2] ?? join(__dirname, '../../../../shared/data/btcusdt-1h.csv');
const OUT_DIR = process.argv[3] ?? join(__dirname, '../../../.local/research/keras-probe');
// The default split and the folds of `pnpm bench model --walk-forward`.
const TRAININGS = ['default', ...WALK_FORWARD_YEARS.map(String)];

async function main(): Promise<void> {
  Logger.overrideLogger(false);
  const candles = await readCandleCsv(CANDLES);
  // The series and ln σ² targets of the whole file, as a training on all of it builds them.
  const { series, logTarget } = prepareTrainingData(candles, DEFAULT_MODEL_CONFIG);
  const horizon = DEFAULT_MODEL_CONFIG.horizon;
  for (const name of TRAININGS) {
    const fold = name !== 'default';
    const config = fold ? WALK_FORWARD_CONFIG : DEFAULT_MODEL_CONFIG;
    const from = Date.UTC(Number(name), 0, 1);
    const to = Date.UTC(Number(name) + 1, 0, 1) - 3_600_000;
    const prepared = prepareTrainingData(fold ? candles.filter((c) => c.ts < from) : candles, config);
    // The inputs are causal: over the whole file with the training's scaler, its rows are the training's.
    const scaled = scaleInputs(series, prepared.columns, prepared.scaler);
    const { width } = prepared;
    const linearFit = (range: OriginRange) => {
      const origins = originsOf(range);
      const fit = fitLinearQlike(
        gatherWindows(scaled, width, origins, 1),
        width,
        Float64Array.from(origins, (t) => logTarget[t]!),
      );
      return { weights: Array.from(fit.weights), bias: fit.bias };
    };
    const test = fold ? originRange(series.ts, { from_ts: from, to_ts: to }, horizon) : prepared.splits.test;
    const dir = join(OUT_DIR, name);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'scaled.f32'), new Uint8Array(scaled.buffer));
    await writeFile(join(dir, 'logtarget.f32'), new Uint8Array(logTarget.buffer));
    await writeFile(
      join(dir, 'meta.json'),
      JSON.stringify({
        n: candles.length,
        width,
        columns: prepared.columns,
        splits: { ...prepared.splits, test },
        har: fold
          ? evaluateOnWindow(undefined, candles, { from_ts: from, to_ts: to }).baselines.har.qlike
          : trainingSplitHar(prepared),
        lin_train: linearFit(prepared.splits.train),
        lin_refit: linearFit({ first: prepared.splits.train.first, last: prepared.splits.validation.last }),
      }),
    );
    process.stdout.write(`${name}: test origins ${test.first} … ${test.last} written to ${dir}\n`);
  }
}

// The default window's HAR-RV as the model card gives it: fitted on the training split (SPEC §6).
function trainingSplitHar({ series, actual, splits }: ReturnType<typeof prepareTrainingData>): number {
  const { coefficients } = fitHarBaseline(series, actual, originsOf(splits.train));
  return scoreOrigins(series, actual, originsOf(splits.test), undefined, coefficients).baselines.har.qlike;
}

function originRange(
  ts: ArrayLike<number>,
  window: { from_ts: number; to_ts: number },
  horizon: number,
): OriginRange {
  let first = -1;
  let last = -1;
  for (let t = 0; t < ts.length - horizon; t++) {
    if (ts[t]! < window.from_ts || ts[t]! > window.to_ts) continue;
    if (first < 0) first = t;
    last = t;
  }
  return { first, last };
}

void main();
