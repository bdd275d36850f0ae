import * as tf from '@tensorflow/tfjs';
import { gatherWindows } from './dataset';
import type { LinearFit } from './linear-qlike';

/** The shape of the network: the parts of ModelConfig it needs, the input width and the target's mean. */
export interface NetworkSpec {
  sequenceLength: number;
  inputs: number;
  units: number;
  layers: number;
  dropout: number;
  seed: number;
  /**
   * Starting weights of the linear skip head (ln σ² on the last row's inputs), the QLIKE-optimal linear fit on
   * the training split: with the sequence head starting at zero, training starts from that forecast.
   */
  linearHead: LinearFit;
}

/**
 * Dropout whose masks come from `seed` and a call counter: a fixed seed alone gives TF.js the same mask at every
 * step (tf.dropout seeds a fresh generator per call), no seed makes training irreproducible.
 */
export class SeededDropout extends tf.layers.Layer {
  static readonly className = 'SeededDropout';
  private calls = 0;
  private readonly rate: number;
  private readonly seed: number;

  constructor(args: { rate: number; seed: number; name?: string }) {
    super(args);
    this.rate = args.rate;
    this.seed = args.seed;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (!kwargs['training'] || this.rate === 0) return x;
    return tf.tidy(() => tf.dropout(x, this.rate, undefined, this.seed * 7919 + this.calls++));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
tf.serialization.registerClass(SeededDropout);

/**
 * BiLSTM over the window plus a linear skip head on the window's last candle, summed: the prediction is
 * ln(σ²) of the next H candles. The skip head is a log-HAR regression with range and calendar terms (the
 * strong linear part), starting from its QLIKE fit; the BiLSTM learns what the sequence adds to it. Two inputs: the window [L × inputs] and
 * its last row [inputs]. Weights start from `seed`, so a run is reproducible.
 */
export function buildNetwork(spec: NetworkSpec): tf.LayersModel {
  let seed = spec.seed;
  const nextSeed = () => seed++;
  const window = tf.input({ shape: [spec.sequenceLength, spec.inputs], name: 'window' });
  const last = tf.input({ shape: [spec.inputs], name: 'last_step' });
  let sequence: tf.SymbolicTensor = window;
  for (let layer = 0; layer < spec.layers; layer++) {
    const lstm = tf.layers.lstm({
      units: spec.units,
      returnSequences: layer < spec.layers - 1,
      kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }),
      recurrentInitializer: tf.initializers.orthogonal({ seed: nextSeed() }),
    });
    sequence = tf.layers
      .bidirectional({ layer: lstm as tf.RNN, mergeMode: 'concat', name: `bilstm_${layer + 1}` })
      .apply(sequence) as tf.SymbolicTensor;
  }
  const dropped = new SeededDropout({ rate: spec.dropout, seed: nextSeed(), name: 'dropout' }).apply(
    sequence,
  ) as tf.SymbolicTensor;
  const deep = tf.layers
    .dense({
      units: 1,
      name: 'sequence_head',
      // Zero: the network starts as the linear head alone; the BiLSTM's part grows from there.
      kernelInitializer: tf.initializers.zeros(),
      useBias: false,
    })
    .apply(dropped) as tf.SymbolicTensor;
  const linearHead = tf.layers.dense({ units: 1, name: 'linear_head' });
  const skip = linearHead.apply(last) as tf.SymbolicTensor;
  const output = tf.layers.add({ name: 'log_variance' }).apply([skip, deep]) as tf.SymbolicTensor;
  const network = tf.model({ inputs: [window, last], outputs: output, name: 'volatility_bilstm' });
  // setWeights copies into the layer's variables: the tensors given are ours to dispose.
  tf.tidy(() =>
    linearHead.setWeights([
      tf.tensor2d(Float32Array.from(spec.linearHead.weights), [spec.inputs, 1]),
      tf.tensor1d([spec.linearHead.bias]),
    ]),
  );
  return network;
}

/**
 * QLIKE on the log scale: with y = ln σ² and ŷ = ln h², exp(y − ŷ) − (y − ŷ) − 1 is exactly Patton's
 * σ²/h² − ln(σ²/h²) − 1, so training minimises the metric the model is judged by (its optimum is h² = E[σ²],
 * not the downward-biased exp(E[ln σ²]) a squared error on logs gives). The difference is clipped at ±30
 * so that a wild early step cannot overflow float32.
 */
export function qlikeLoss(logVarianceTrue: tf.Tensor, logVariancePredicted: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const d = tf.clipByValue(tf.sub(logVarianceTrue, logVariancePredicted), -30, 30);
    return tf.mean(tf.sub(tf.sub(tf.exp(d), d), 1));
  });
}

/**
 * ln σ² forecasts of the network for the given origins, from the scaled input rows (candle × width), in
 * batches of `batchSize` windows.
 */
export function forecastLogVariance(
  network: tf.LayersModel,
  scaled: Float32Array,
  width: number,
  sequenceLength: number,
  origins: Int32Array,
  batchSize = 256,
): Float32Array {
  const out = new Float32Array(origins.length);
  for (let start = 0; start < origins.length; start += batchSize) {
    const batch = origins.subarray(start, start + batchSize);
    const output = tf.tidy(
      () => network.predict(windowTensors(scaled, width, sequenceLength, batch)) as tf.Tensor,
    );
    out.set(output.dataSync(), start);
    output.dispose();
  }
  return out;
}

/** The network's two inputs for a batch of origins: the windows and their last rows. */
export function windowTensors(
  scaled: Float32Array,
  width: number,
  sequenceLength: number,
  origins: Int32Array,
): [tf.Tensor3D, tf.Tensor2D] {
  return [
    tf.tensor3d(gatherWindows(scaled, width, origins, sequenceLength), [
      origins.length,
      sequenceLength,
      width,
    ]),
    tf.tensor2d(gatherWindows(scaled, width, origins, 1), [origins.length, width]),
  ];
}
