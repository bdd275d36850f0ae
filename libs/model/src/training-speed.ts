import type { Candle } from '@crypto/candles';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from './backend';
import { buildNetwork, type NetworkForward, networkForward, networkShape, qlikeLoss } from './bilstm-network';
import { gatherWindows, originsOf } from './dataset';
import { fitLinearQlike } from './linear-qlike';
import type { ModelConfig } from './model-config';
import { prepareTrainingData } from './train';

/** The training windows of a dataset as trainVolatilityModel builds them, in training order (first epoch). */
export interface SpeedBatches {
  /** [n, L, inputs] scaled windows. */
  windows: Float32Array;
  /** [n, inputs] their last rows. */
  last: Float32Array;
  /** [n] ln σ² targets. */
  truth: Float32Array;
  n: number;
  sequenceLength: number;
  inputs: number;
}

export interface PathSpeed {
  /** Per timed round: training windows per second of the optimiser steps. */
  train_windows_per_second: number[];
  /** Per timed round: median ms of a forward pass on `predictBatch` windows. */
  predict_ms: number[];
}

export interface TrainingSpeed {
  backend: string;
  batch_size: number;
  batches_per_round: number;
  predict_batch: number;
  /** The TF.js layers model (network.apply / predict), as before the lean BiLSTM. */
  layers: PathSpeed;
  /** The lean BiLSTM (lean-bilstm.ts) that training and serving use. */
  lean: PathSpeed;
  /** The network's starting weights in order, for a side-by-side with another framework. */
  weights: { name: string; shape: number[]; values: Float32Array }[];
  data: SpeedBatches;
}

/**
 * The two ways of computing the network side by side on the same batches of the same dataset: `rounds`
 * rounds, each timing `batches` optimiser steps (Adam, QLIKE, dropout on) and `predictRuns` forward passes
 * on `predictBatch` windows of the layers model, then of the lean path, so noise of the shared machine
 * falls on both. Starts from the same weights (each path trains its own copy of the network).
 */
export async function measureTrainingSpeed(
  candles: readonly Candle[],
  config: ModelConfig,
  { rounds = 2, batches = 20, predictBatch = 256, predictRuns = 9 } = {},
): Promise<TrainingSpeed> {
  const backend = await initBackend();
  const { splits, logTarget, scaled, width } = prepareTrainingData(candles, config);
  const L = config.sequenceLength;
  const trainOrigins = originsOf(splits.train);
  const n = Math.min(trainOrigins.length, batches * config.batchSize);
  const origins = originsOf(splits.train, config.trainStride).subarray(0, n);
  const truth = Float32Array.from(origins, (t) => logTarget[t]!);
  const data: SpeedBatches = {
    windows: gatherWindows(scaled, width, origins, L),
    last: gatherWindows(scaled, width, origins, 1),
    truth,
    n: origins.length,
    sequenceLength: L,
    inputs: width,
  };
  const spec = {
    ...networkShape(config, width),
    linearHead: fitLinearQlike(data.last, width, Float64Array.from(truth)),
  };
  const layersNetwork = buildNetwork(spec);
  const leanNetwork = buildNetwork(spec);
  const weights = layersNetwork.weights.map((w) => ({
    name: w.originalName,
    shape: w.shape as number[],
    values: w.read().dataSync() as Float32Array,
  }));
  const paths: [keyof Pick<TrainingSpeed, 'layers' | 'lean'>, NetworkForward, tf.Optimizer][] = [
    [
      'layers',
      (inputs, training) => layersNetwork.apply(inputs, { training }) as tf.Tensor,
      tf.train.adam(config.learningRate),
    ],
    ['lean', networkForward(leanNetwork), tf.train.adam(config.learningRate)],
  ];
  const result = {
    layers: { train_windows_per_second: [], predict_ms: [] } as PathSpeed,
    lean: { train_windows_per_second: [], predict_ms: [] } as PathSpeed,
  };
  const tensorsOf = (start: number, size: number) => {
    const count = Math.min(size, data.n - start);
    return {
      inputs: [
        tf.tensor3d(data.windows.subarray(start * L * width, (start + count) * L * width), [count, L, width]),
        tf.tensor2d(data.last.subarray(start * width, (start + count) * width), [count, width]),
      ] as [tf.Tensor3D, tf.Tensor2D],
      truth: tf.tensor2d(truth.subarray(start, start + count), [count, 1]),
    };
  };
  const predictInputs = tensorsOf(0, predictBatch).inputs;
  try {
    // Round 0 warms both paths up (JIT, WASM memory); rounds 1… are timed.
    for (let round = 0; round <= rounds; round++) {
      for (const [name, forward, optimizer] of paths) {
        const steps = round === 0 ? 2 : batches;
        const started = performance.now();
        let windows = 0;
        for (let b = 0; b < steps; b++) {
          const start = (b * config.batchSize) % data.n;
          const batch = tensorsOf(start, config.batchSize);
          const loss = tf.tidy(() =>
            optimizer.minimize(() => qlikeLoss(batch.truth, forward(batch.inputs, true)), true)!,
          );
          await loss.data();
          windows += batch.truth.shape[0];
          tf.dispose([loss, ...batch.inputs, batch.truth]);
        }
        const seconds = (performance.now() - started) / 1000;
        const times: number[] = [];
        for (let r = 0; r < (round === 0 ? 2 : predictRuns); r++) {
          const t = performance.now();
          const output = tf.tidy(() => forward(predictInputs, false));
          output.dataSync();
          output.dispose();
          times.push(performance.now() - t);
        }
        if (round > 0) {
          result[name].train_windows_per_second.push(Math.round(windows / seconds));
          result[name].predict_ms.push(Number(median(times).toFixed(1)));
        }
      }
    }
  } finally {
    tf.dispose(predictInputs);
    for (const [, , optimizer] of paths) optimizer.dispose();
    layersNetwork.dispose();
    leanNetwork.dispose();
  }
  return {
    backend: `${backend} (${tf.getBackend()})`,
    batch_size: config.batchSize,
    batches_per_round: batches,
    predict_batch: predictBatch,
    ...result,
    weights,
    data,
  };
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}
