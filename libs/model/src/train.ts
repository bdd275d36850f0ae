import { type Candle, mulberry32 } from '@crypto/candles';
import { Logger } from '@nestjs/common';
import * as tf from '@tensorflow/tfjs';
import { activeBackend, initBackend } from './backend';
import {
  buildNetwork,
  forecastLogVariance,
  mergeNetworks,
  networkShape,
  networkForward,
  qlikeLoss,
  windowTensors,
} from './bilstm-network';
import { buildConfidenceTable } from './confidence';
import {
  chronologicalSplits,
  fitScaler,
  gatherWindows,
  type OriginRange,
  originsOf,
  scaleInputs,
} from './dataset';
import { HAR_WARMUP } from './har';
import { fitLinearQlike } from './linear-qlike';
import { type EvaluationReport, fitHarBaseline, scoreOrigins } from './evaluation';
import { sha256 } from './model-artifacts';
import { type ModelConfig, validateModelConfig } from './model-config';
import { computeInputSeries, INPUT_COLUMNS, INPUT_WARMUP } from './model-inputs';
import { PREPROCESSING_FORMAT_VERSION, type ModelPreprocessing } from './model-preprocessing';
import { futureRealizedVol } from './realized-vol';
import { VolatilityModel } from './volatility-model';

export interface TrainOptions {
  onEpochEnd?: (epoch: number, logs: { loss: number; val_loss: number }) => void | Promise<void>;
  onProgress?: (fraction: number, message: string) => void;
  /** Aborting stops training between two batches; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface DatasetSummary {
  /** Forecast origins (windows) per split. */
  train: number;
  validation: number;
  test: number;
  /** ts of the first and last candle given. */
  data_range: { from_ts: number; to_ts: number };
  /** sha256 of the candles (one `ts,open,high,low,close,volume` line each). */
  data_hash: string;
}

export interface TrainingTiming {
  epochs_run: number;
  /** 1-based epoch whose weights were kept (lowest validation loss); 0: no epoch beat the linear head alone. */
  best_epoch: number;
  /** best_epoch of each network of a seed ensemble (config.ensemble), the first member's first. */
  member_best_epochs: number[];
  seconds_per_epoch: number;
  /** Training windows per second of the optimiser steps (validation passes excluded). */
  train_samples_per_second: number;
  total_seconds: number;
}

export interface TrainingResult {
  model: VolatilityModel;
  evaluation: EvaluationReport;
  /** Per epoch: mean training QLIKE (log-scale loss, equal to QLIKE) and validation QLIKE. */
  history: { loss: number[]; val_loss: number[] };
  dataset: DatasetSummary;
  timing: TrainingTiming;
}

const logger = new Logger('VolatilityModelTraining');
// Floor of a realized vol before its log: a day of identical closes would otherwise give ln 0.
const MIN_TARGET_VOL = 1e-5;

/**
 * Candles for a dataset whose smallest split holds 100 windows: the inputs' warm-up, L − 1, the purge gaps,
 * the windows, and H after the last origin. Fewer still train down to one window per split, but not usefully.
 */
export function minimumTrainingCandles(
  config: Pick<ModelConfig, 'sequenceLength' | 'horizon' | 'trainFraction' | 'validationFraction'>,
): number {
  const smallestShare = Math.min(
    config.validationFraction,
    1 - config.trainFraction - config.validationFraction,
  );
  // The test split gives up the two purge gaps (and a window to each rounding down) to the others.
  const windows = Math.ceil((100 + 2 * config.horizon + 2) / smallestShare);
  let length = INPUT_WARMUP + config.sequenceLength - 1 + windows + config.horizon;
  // The promotion gate re-scores the champion on the test window with HAR-RV refitted on the candles before
  // it (evaluateOnWindow), so the test split must start after that much history: asking for it here fails a
  // short dataset before training instead of at the gate.
  const gateHistory = 2 * HAR_WARMUP + config.horizon - 1;
  while (chronologicalSplits(length, config).test.first < gateHistory) length++;
  return length;
}

/**
 * The inputs of a training run: the series of the candles, its chronological splits, the realised-vol
 * targets (and their log variance, what the network fits), and the inputs standardised by a scaler fitted
 * on the training split only.
 */
export function prepareTrainingData(candles: readonly Candle[], config: ModelConfig) {
  const series = computeInputSeries(candles);
  const splits = chronologicalSplits(candles.length, config);
  const actual = futureRealizedVol(series.features.ret, config.horizon);
  // what the network fits: the log variance
  const logTarget = Float32Array.from(actual, (vol) => Math.log(Math.max(vol, MIN_TARGET_VOL) ** 2));
  const columns = [...INPUT_COLUMNS];
  const scaler = fitScaler(series, columns, splits.train, config.sequenceLength);
  const scaled = scaleInputs(series, columns, scaler);
  return { series, splits, actual, logTarget, columns, scaler, scaled, width: columns.length };
}

/**
 * Builds the dataset (inputs of @crypto/features, target ln σ² of the next H returns, chronological splits with
 * purge gaps, scaler fitted on the training split), trains the BiLSTM with a QLIKE loss and early stopping on
 * the validation QLIKE (with `refit`, then again on training and validation for the epochs chosen; with
 * `ensemble` > 1, that for each seed of the ensemble), then scores it and the SPEC §6 baselines (HAR-RV fitted
 * on the training split) on the test split. Deterministic for a seed on one backend.
 */
export async function trainVolatilityModel(
  candles: readonly Candle[],
  config: ModelConfig,
  options: TrainOptions = {},
): Promise<TrainingResult> {
  validateModelConfig(config);
  const { onProgress, onEpochEnd, signal } = options;
  signal?.throwIfAborted();
  const backend = await initBackend();
  const started = performance.now();

  onProgress?.(0, `building the dataset of ${candles.length} candles`);
  const { series, splits, actual, logTarget, columns, scaler, scaled, width } = prepareTrainingData(
    candles,
    config,
  );
  const L = config.sequenceLength;
  const trainOrigins = originsOf(splits.train);
  const validationOrigins = originsOf(splits.validation);
  const data = { scaled, width, logTarget };
  // The windows the final model learns from (HAR-RV's baseline keeps the training split, SPEC §6).
  const fitRange = config.refit ? { first: splits.train.first, last: splits.validation.last } : splits.train;
  onProgress?.(0.02, `fitting the linear head on ${trainOrigins.length} training windows`);
  const history = { loss: [] as number[], val_loss: [] as number[] };
  const memberCount = config.ensemble;
  const members: tf.LayersModel[] = [];
  const bestEpochs: number[] = [];
  let trainSeconds = 0;
  let trainSamples = 0;
  let epochsRun = 0;
  try {
    for (let m = 0; m < memberCount; m++) {
      const memberConfig = { ...config, seed: config.seed + MEMBER_SEED_STEP * m };
      const share = (fraction: number) => (0.9 * (m + fraction)) / memberCount;
      const selection = await fitNetwork(memberConfig, data, splits.train, {
        validationOrigins,
        signal,
        onEpoch: async (epoch, loss, valLoss) => {
          onProgress?.(
            share((epoch + 1) / config.epochs),
            `${memberCount > 1 ? `member ${m + 1}/${memberCount}, ` : ''}epoch ${epoch + 1}/${config.epochs}: ` +
              `loss ${loss.toFixed(4)}, val_loss ${valLoss.toFixed(4)}`,
          );
          // The history and epoch callbacks follow the first member.
          if (m > 0) return;
          history.loss.push(loss);
          history.val_loss.push(valLoss);
          await onEpochEnd?.(epoch, { loss, val_loss: valLoss });
        },
      });
      trainSeconds += selection.trainSeconds;
      trainSamples += selection.trainSamples;
      epochsRun += selection.epochsRun;
      bestEpochs.push(selection.bestEpoch);
      let { network } = selection;
      if (config.refit) {
        // The epochs chosen on validation, trained again from the start on the training and validation windows.
        network.dispose();
        onProgress?.(share(1), `refitting ${selection.bestEpoch} epochs on train and validation`);
        const refitConfig = { ...memberConfig, epochs: selection.bestEpoch };
        ({ network } = await fitNetwork(refitConfig, data, fitRange, { signal }));
      }
      members.push(network);
    }
  } catch (error) {
    members.forEach((network) => network.dispose());
    throw error;
  }
  const network = memberCount === 1 ? members[0]! : mergeNetworks(members, networkShape(config, width));
  if (memberCount > 1) members.forEach((member) => member.dispose());

  onProgress?.(0.95, 'scoring the model and the baselines on the test split');
  const dataset: DatasetSummary = {
    train: trainOrigins.length,
    validation: validationOrigins.length,
    test: splits.test.last - splits.test.first + 1,
    data_range: { from_ts: candles[0]!.ts, to_ts: candles[candles.length - 1]!.ts },
    data_hash: candleHash(candles),
  };
  const preprocessing: ModelPreprocessing = {
    format_version: PREPROCESSING_FORMAT_VERSION,
    feature_columns: columns,
    scaler,
    sequence_length: L,
    horizon: config.horizon,
    required_candles: INPUT_WARMUP + L,
    backend,
    data_range: dataset.data_range,
    data_hash: dataset.data_hash,
    trained_at: new Date().toISOString(),
    config: { ...config },
    test_metrics: { rmse: NaN, mae: NaN, qlike: NaN, r2: NaN },
    test_window: { from_ts: NaN, to_ts: NaN, n: 0 },
    baselines: { persistence: NO_METRICS, ewma: NO_METRICS, har: NO_METRICS },
    confidence: { tolerance: 0.25, bins: [{ max_prediction: null, hit_rate: 0, n: 0 }] },
    files_sha256: {},
  };
  const testOrigins = originsOf(splits.test);
  const forecasts = VolatilityModel.fromNetwork(network, preprocessing).predictOrigins(series, testOrigins);
  const harBaseline = fitHarBaseline(series, actual, trainOrigins);
  const evaluation = scoreOrigins(series, actual, testOrigins, forecasts, harBaseline.coefficients);
  const model = VolatilityModel.fromNetwork(network, {
    ...preprocessing,
    test_metrics: evaluation.model,
    test_window: evaluation.test_window,
    baselines: evaluation.baselines,
    har_baseline: harBaseline,
    confidence: buildConfidenceTable(
      Float64Array.from(testOrigins, (t) => actual[t]!),
      forecasts,
    ),
  });
  const timing: TrainingTiming = {
    epochs_run: history.loss.length,
    best_epoch: bestEpochs[0]!,
    member_best_epochs: bestEpochs,
    seconds_per_epoch: epochsRun ? trainSeconds / epochsRun : 0,
    train_samples_per_second: trainSamples ? trainSamples / trainSeconds : 0,
    total_seconds: (performance.now() - started) / 1000,
  };
  logger.log(
    `Trained on ${backend} (${activeBackend()}): ${timing.epochs_run} epochs, best ${timing.best_epoch}, ` +
      `${timing.train_samples_per_second.toFixed(0)} windows/s; test QLIKE ${evaluation.model.qlike.toFixed(4)} ` +
      `(HAR-RV ${evaluation.baselines.har.qlike.toFixed(4)}, EWMA ${evaluation.baselines.ewma.qlike.toFixed(4)})`,
  );
  onProgress?.(1, `test QLIKE ${evaluation.model.qlike.toFixed(4)}`);
  return { model, evaluation, history, dataset, timing };
}

interface TrainingData {
  scaled: Float32Array;
  width: number;
  logTarget: Float32Array;
}

/**
 * The network of a config fitted on the windows of `range`: the linear head's QLIKE fit, then up to
 * `config.epochs` epochs of Adam. With `validationOrigins`, early stopping on their QLIKE (the best weights
 * kept; epoch 0 is the linear head alone); without, every epoch is run and the last weights kept.
 */
async function fitNetwork(
  config: ModelConfig,
  { scaled, width, logTarget }: TrainingData,
  range: OriginRange,
  options: {
    validationOrigins?: Int32Array;
    signal?: AbortSignal;
    onEpoch?: (epoch: number, loss: number, valLoss: number) => Promise<void>;
  },
) {
  const { validationOrigins, signal, onEpoch } = options;
  const L = config.sequenceLength;
  const origins = originsOf(range);
  const network = buildNetwork({
    ...networkShape(config, width),
    linearHead: fitLinearQlike(
      gatherWindows(scaled, width, origins, 1),
      width,
      Float64Array.from(origins, (t) => logTarget[t]!),
    ),
  });
  // The lean BiLSTM (same function and variables as the layers model, a fraction of the TF.js ops).
  const forward = networkForward(network);
  const optimizer = tf.train.adam(config.learningRate);
  const validationLoss = () =>
    validationOrigins
      ? qlikeOf(
          logTarget,
          validationOrigins,
          forecastLogVariance(network, scaled, width, L, validationOrigins),
        )
      : NaN;
  // Epoch 0 is the linear head alone: an epoch is kept only if it does better on validation.
  let best = { loss: validationLoss(), epoch: -1, weights: network.getWeights().map((w) => w.clone()) };
  if (validationOrigins) logger.debug(`linear head alone: val_loss ${best.loss.toFixed(4)}`);
  let trainSeconds = 0;
  let trainSamples = 0;
  let epochsRun = 0;
  try {
    for (let epoch = 0; epoch < config.epochs; epoch++) {
      const epochOrigins = shuffled(
        originsOf(range, config.trainStride, epoch % config.trainStride),
        config.seed + epoch,
      );
      const epochStart = performance.now();
      let lossSum = 0;
      for (let start = 0; start < epochOrigins.length; start += config.batchSize) {
        // Lets timers, lock renewals of the job queue and the abort signal run between batches.
        await new Promise((resolve) => setImmediate(resolve));
        signal?.throwIfAborted();
        const batch = epochOrigins.subarray(start, start + config.batchSize);
        const loss = tf.tidy(() => {
          const inputs = windowTensors(scaled, width, L, batch);
          const truth = tf.tensor2d(
            Float32Array.from(batch, (t) => logTarget[t]!),
            [batch.length, 1],
          );
          return optimizer.minimize(() => qlikeLoss(truth, forward(inputs, true)), true)!;
        });
        lossSum += (await loss.data())[0]! * batch.length;
        loss.dispose();
      }
      trainSeconds += (performance.now() - epochStart) / 1000;
      trainSamples += epochOrigins.length;
      epochsRun++;
      const loss = lossSum / epochOrigins.length;
      const valLoss = validationLoss();
      const improved = !validationOrigins || valLoss < best.loss;
      if (improved) {
        best.weights.forEach((w) => w.dispose());
        best = { loss: valLoss, epoch, weights: network.getWeights().map((w) => w.clone()) };
      }
      logger.debug(
        `epoch ${epoch + 1}/${config.epochs}: loss ${loss.toFixed(4)}, val_loss ${valLoss.toFixed(4)}${improved ? ' (best)' : ''}`,
      );
      await onEpoch?.(epoch, loss, valLoss);
      if (epoch - best.epoch >= config.patience) break;
    }
    network.setWeights(best.weights);
  } catch (error) {
    network.dispose();
    throw error;
  } finally {
    best.weights.forEach((w) => w.dispose());
    optimizer.dispose();
  }
  return { network, bestEpoch: best.epoch + 1, epochsRun, trainSeconds, trainSamples };
}

// Seed offset between ensemble members: their initialisations, shuffles and dropout masks do not overlap.
const MEMBER_SEED_STEP = 7919;

const NO_METRICS = { rmse: NaN, mae: NaN, qlike: NaN, r2: NaN };

/** Mean QLIKE of ln σ² forecasts against ln σ² targets: exp(d) − d − 1 with d = y − ŷ (= Patton's QLIKE). */
function qlikeOf(logTarget: Float32Array, origins: Int32Array, logForecast: Float32Array): number {
  let sum = 0;
  origins.forEach((t, i) => {
    const d = logTarget[t]! - logForecast[i]!;
    sum += Math.exp(d) - d - 1;
  });
  return sum / origins.length;
}

/** Fisher–Yates shuffle of a copy, seeded. */
function shuffled(values: Int32Array, seed: number): Int32Array {
  const out = values.slice();
  const random = mulberry32(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** sha256 of the candles as `ts,open,high,low,close,volume` lines (numbers in JavaScript's shortest form). */
export function candleHash(candles: readonly Candle[]): string {
  return sha256(candles.map((c) => `${c.ts},${c.open},${c.high},${c.low},${c.close},${c.volume}\n`).join(''));
}
