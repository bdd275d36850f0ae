import * as tf from '@tensorflow/tfjs';
import { gatherWindows } from './dataset';
import { type BiLstmWeights, leanBiLstm } from './lean-bilstm';
import type { LinearFit } from './linear-qlike';
import type { ModelConfig } from './model-config';

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

/** The network's shape for a config and an input width: all of its spec but the linear head's start. */
export function networkShape(
  config: Pick<ModelConfig, 'sequenceLength' | 'units' | 'layers' | 'dropout' | 'seed'>,
  inputs: number,
): Omit<NetworkSpec, 'linearHead'> {
  const { sequenceLength, units, layers, dropout, seed } = config;
  return { sequenceLength, inputs, units, layers, dropout, seed };
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
 * K trained networks of one shape (one BiLSTM layer of U units each, from {@link buildNetwork}) as one network
 * of the same kind, K·U units, whose output is exactly the mean of theirs: a seed ensemble that saves, loads
 * and serves as a single model. The members' LSTMs sit side by side (each gate block holds the K members' U
 * columns in turn; the recurrent kernel is block-diagonal, so no member reads another's state), the sequence
 * head takes each member's weights divided by K, and the linear head is the mean of theirs (the output is
 * linear in it).
 */
export function mergeNetworks(
  members: readonly tf.LayersModel[],
  spec: Omit<NetworkSpec, 'linearHead'>,
): tf.LayersModel {
  const k = members.length;
  const units = spec.units;
  const read = (network: tf.LayersModel, layer: string) =>
    network
      .getLayer(layer)
      .getWeights()
      .map((w) => w.dataSync() as Float32Array);
  const bilstm = members.map((m) => read(m, 'bilstm_1'));
  const heads = members.map((m) => read(m, 'sequence_head')[0]!);
  const linear = members.map((m) => read(m, 'linear_head'));
  const mean = (values: Float32Array[]) =>
    Float64Array.from(values[0]!, (_, i) => values.reduce((sum, v) => sum + v[i]!, 0) / k);
  const network = buildNetwork({
    ...spec,
    units: k * units,
    layers: 1,
    linearHead: {
      weights: mean(linear.map((w) => w[0]!)),
      bias: mean(linear.map((w) => w[1]!))[0]!,
    },
  });
  const width = 4 * k * units;
  // Column of member m, gate g, unit u in the merged [·, 4KU] layout (gates i, f, c, o of TF.js).
  const column = (m: number, g: number, u: number) => g * k * units + m * units + u;
  const merged: Float32Array[] = [];
  for (const direction of [0, 1]) {
    const kernel = new Float32Array(spec.inputs * width);
    const recurrent = new Float32Array(k * units * width);
    const bias = new Float32Array(width);
    bilstm.forEach((weights, m) => {
      const [memberKernel, memberRecurrent, memberBias] = weights.slice(3 * direction, 3 * direction + 3);
      for (let g = 0; g < 4; g++) {
        for (let u = 0; u < units; u++) {
          const from = g * units + u;
          const to = column(m, g, u);
          for (let r = 0; r < spec.inputs; r++) kernel[r * width + to] = memberKernel![r * 4 * units + from]!;
          for (let r = 0; r < units; r++)
            recurrent[(m * units + r) * width + to] = memberRecurrent![r * 4 * units + from]!;
          bias[to] = memberBias![from]!;
        }
      }
    });
    merged.push(kernel, recurrent, bias);
  }
  // bidirectional 'concat': [forward KU | backward KU]; a member's head reads its forward then backward U.
  const head = new Float32Array(2 * k * units);
  heads.forEach((weights, m) => {
    for (let u = 0; u < units; u++) {
      head[m * units + u] = weights[u]! / k;
      head[k * units + m * units + u] = weights[units + u]! / k;
    }
  });
  tf.tidy(() => {
    const bilstmLayer = network.getLayer('bilstm_1');
    bilstmLayer.setWeights(merged.map((values, i) => tf.tensor(values, bilstmLayer.getWeights()[i]!.shape)));
    network.getLayer('sequence_head').setWeights([tf.tensor2d(head, [2 * k * units, 1])]);
  });
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

/** The network's output for its two inputs: ln σ² [B, 1]. `training`: dropout on, differentiable. */
export type NetworkForward = (inputs: [tf.Tensor3D, tf.Tensor2D], training: boolean) => tf.Tensor;

// TF.js LSTM options the lean BiLSTM implements (their defaults); another value keeps the layers path.
const LEAN_LSTM_CONFIG: Record<string, unknown> = {
  activation: 'tanh',
  recurrentActivation: 'hardSigmoid',
  useBias: true,
  dropout: 0,
  recurrentDropout: 0,
  returnSequences: false,
  returnState: false,
  goBackwards: false,
  stateful: false,
};
const LEAN_LAYERS = 'bilstm_1,dropout,last_step,linear_head,log_variance,sequence_head,window';

/**
 * The network {@link buildNetwork} makes (one BiLSTM layer), computed with the lean BiLSTM
 * (lean-bilstm.ts) and the network's own head layers and variables: the same function, a fraction of the
 * TF.js ops. The plain `network.apply` for any other network (stacked BiLSTMs, other LSTM options).
 */
export function networkForward(network: tf.LayersModel): NetworkForward {
  const lean = leanParts(network);
  if (!lean) {
    return (inputs, training) => network.apply(inputs, { training }) as tf.Tensor;
  }
  const { weights, dropout, sequenceHead, linearHead } = lean;
  return ([window, last], training) =>
    tf.tidy(() => {
      const sequence = leanBiLstm(window, weights(), training);
      const dropped = dropout.apply(sequence, { training }) as tf.Tensor;
      const deep = sequenceHead.apply(dropped) as tf.Tensor;
      return tf.add(linearHead.apply(last) as tf.Tensor, deep);
    });
}

function leanParts(network: tf.LayersModel) {
  const names = network.layers.map((layer) => layer.name).sort();
  if (names.join(',') !== LEAN_LAYERS) return undefined;
  const bilstm = network.getLayer('bilstm_1');
  const config = bilstm.getConfig() as {
    mergeMode?: string;
    layer?: { className?: string; config?: Record<string, unknown> };
  };
  const lstm = config.layer?.config ?? {};
  const head = network.getLayer('sequence_head').getConfig();
  if (
    config.mergeMode !== 'concat' ||
    config.layer?.className !== 'LSTM' ||
    Object.entries(LEAN_LSTM_CONFIG).some(([key, value]) => lstm[key] !== value) ||
    head['useBias'] !== false ||
    head['activation'] !== 'linear'
  ) {
    return undefined;
  }
  // forward kernel, recurrent kernel, bias, then the backward ones: the layers' own variables.
  const variables = bilstm.trainableWeights;
  if (variables.length !== 6) return undefined;
  const weights = (): BiLstmWeights => {
    const [k0, r0, b0, k1, r1, b1] = variables.map((v) => v.read());
    return { kernel: [k0!, k1!], recurrentKernel: [r0!, r1!], bias: [b0!, b1!] };
  };
  return {
    weights,
    dropout: network.getLayer('dropout'),
    sequenceHead: network.getLayer('sequence_head'),
    linearHead: network.getLayer('linear_head'),
  };
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
  const forward = networkForward(network);
  const out = new Float32Array(origins.length);
  for (let start = 0; start < origins.length; start += batchSize) {
    const batch = origins.subarray(start, start + batchSize);
    const output = tf.tidy(() => forward(windowTensors(scaled, width, sequenceLength, batch), false));
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
