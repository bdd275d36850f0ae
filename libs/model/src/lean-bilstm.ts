import * as tf from '@tensorflow/tfjs';

/**
 * A lean BiLSTM: the same computation as `tf.layers.bidirectional({ layer: tf.layers.lstm(…) })` with TF.js's
 * LSTM defaults (tanh, hard-sigmoid gates, bias, no recurrent dropout) and `returnSequences: false`, in far
 * fewer TF.js ops. TF.js layers run the recurrence op by op for each direction and let the tape
 * differentiate every op; on the WASM backend each op costs microseconds of dispatch on tensors of a few
 * thousand numbers, so the dispatch is the cost. Here:
 * - both directions run as one recurrence: the state is [h_forward | h_backward] and the recurrent kernel
 *   is block-diagonal, so one matMul per time step serves both;
 * - the input projections of all time steps (both directions, the backward one on the time-reversed window)
 *   are one matMul before the loop;
 * - the hard sigmoid's 0.2·x + 0.5 is folded into the kernels and bias of the three sigmoid gates (so the
 *   gate is one clip per step), and the gates are laid out [i | f | o | c] with the two directions side by
 *   side in each, so one clip and one tanh cover them all;
 * - the recurrence's gradient is written by hand under `tf.customGrad` (BPTT, ~14 ops a step), and the
 *   recurrent kernel's gradient is one matMul over all steps afterwards.
 * The weights stay the layers model's variables (TF.js layout: kernel [inputs, 4U], recurrent [U, 4U], bias
 * [4U], gates i, f, c, o), so the optimiser updates them in place and the saved model is the same.
 */
export interface BiLstmWeights {
  /** [forward, backward] kernels [inputs, 4U]. */
  kernel: readonly [tf.Tensor, tf.Tensor];
  /** [forward, backward] recurrent kernels [U, 4U]. */
  recurrentKernel: readonly [tf.Tensor, tf.Tensor];
  /** [forward, backward] biases [4U]. */
  bias: readonly [tf.Tensor, tf.Tensor];
}

// TF.js LSTM gate blocks within 4U: i, f, c, o. The fused layout takes them as i, f, o, c.
const GATE_ORDER = [0, 1, 3, 2] as const;
const HARD_SIGMOID_SLOPE = 0.2;
const HARD_SIGMOID_OFFSET = 0.5;

/**
 * Kernel-like [rows, 4U] matrices of the two directions as one [2·rows, 8U] block matrix: the forward rows
 * feed the forward columns of each gate, the backward rows the backward ones, gates i, f, o, c; the sigmoid
 * gates' columns scaled by the hard sigmoid's slope.
 */
function fuseBlocks(forward: tf.Tensor, backward: tf.Tensor, units: number): tf.Tensor2D {
  const rows = forward.shape[0]!;
  const zeros = tf.zeros([rows, units]);
  const gates = [tf.split(forward, 4, 1), tf.split(backward, 4, 1)];
  const columns: tf.Tensor[] = [];
  for (const [k, gate] of GATE_ORDER.entries()) {
    const scale = k < 3 ? HARD_SIGMOID_SLOPE : 1;
    for (const direction of [0, 1]) {
      const block = gates[direction]![gate]!;
      const scaled = scale === 1 ? block : tf.mul(block, scale);
      columns.push(tf.concat(direction === 0 ? [scaled, zeros] : [zeros, scaled], 0));
    }
  }
  return tf.concat(columns, 1) as tf.Tensor2D;
}

/** The two biases [4U] as one [8U] in the fused layout, with the hard sigmoid folded into the sigmoid gates. */
function fuseBias(forward: tf.Tensor, backward: tf.Tensor): tf.Tensor1D {
  const gates = [tf.split(forward, 4, 0), tf.split(backward, 4, 0)];
  const parts: tf.Tensor[] = [];
  for (const [k, gate] of GATE_ORDER.entries()) {
    for (const direction of [0, 1]) {
      const block = gates[direction]![gate]!;
      parts.push(k < 3 ? tf.add(tf.mul(block, HARD_SIGMOID_SLOPE), HARD_SIGMOID_OFFSET) : block);
    }
  }
  return tf.concat(parts, 0) as tf.Tensor1D;
}

/**
 * The rows the input projection multiplies, time-major: [T·B, 2·inputs + 1], row t·B + b holding x[b, t],
 * x[b, T − 1 − t] (for the backward direction) and a 1 (for the bias, so the projection needs no separate
 * add, whose gradient is a slow reduction on WASM); with `transposed`, also the same as [2·inputs + 1, T·B].
 * Built in JavaScript from one read of x.
 */
function projectionRows(x: tf.Tensor3D, transposed: boolean): { rows: tf.Tensor2D; rowsT?: tf.Tensor2D } {
  const [batch, steps, inputs] = x.shape;
  const values = x.dataSync();
  const width = 2 * inputs + 1;
  const n = steps * batch;
  const rows = new Float32Array(n * width);
  const rowsT = transposed ? new Float32Array(n * width) : undefined;
  for (let t = 0; t < steps; t++) {
    for (let b = 0; b < batch; b++) {
      const r = t * batch + b;
      const forward = (b * steps + t) * inputs;
      const backward = (b * steps + steps - 1 - t) * inputs;
      const out = r * width;
      for (let j = 0; j < inputs; j++) {
        rows[out + j] = values[forward + j]!;
        rows[out + inputs + j] = values[backward + j]!;
      }
      rows[out + 2 * inputs] = 1;
      if (rowsT) for (let j = 0; j < width; j++) rowsT[j * n + r] = rows[out + j]!;
    }
  }
  return {
    rows: tf.tensor2d(rows, [n, width]),
    rowsT: rowsT && tf.tensor2d(rowsT, [width, n]),
  };
}

/** The projection's matrix [2·inputs + 1, 8U]: both kernels, fused, with the fused bias as its last row. */
function projectionMatrix(weights: BiLstmWeights, units: number): tf.Tensor2D {
  const kernel = fuseBlocks(weights.kernel[0], weights.kernel[1], units);
  const bias = fuseBias(weights.bias[0], weights.bias[1]);
  return tf.concat([kernel, bias.reshape([1, 8 * units])], 0) as tf.Tensor2D;
}

interface Step {
  hPrev: tf.Tensor;
  cPrev: tf.Tensor;
  i: tf.Tensor;
  f: tf.Tensor;
  o: tf.Tensor;
  g: tf.Tensor;
  tanhC: tf.Tensor;
  /** The clip's pass-through mask of the three sigmoid gates [B, 6U]: 1 where 0 < gate < 1. */
  sigmoidMask: tf.Tensor;
}

/**
 * The recurrence over the time-major pre-activations [T·B, 8U] (step t: rows t·B … t·B + B − 1) with the
 * fused recurrent kernel [2U, 8U]: the final state [B, 2U]. `record` keeps what the backward pass needs.
 */
function recur(projected: tf.Tensor2D, recurrent: tf.Tensor, batch: number, record?: Step[]): tf.Tensor2D {
  const width = projected.shape[1];
  const state = width / 4;
  const steps = projected.shape[0] / batch;
  // One read and a small upload per step: on WASM a slice (and unstack, split) copies its whole input first.
  const values = projected.dataSync();
  let h: tf.Tensor = tf.zeros([batch, state]);
  let c: tf.Tensor = tf.zeros([batch, state]);
  for (let t = 0; t < steps; t++) {
    const xt = tf.tensor2d(values.subarray(t * batch * width, (t + 1) * batch * width), [batch, width]);
    const z = tf.add(xt, tf.matMul(h, recurrent));
    const [zs, zg] = tf.split(z, [3 * state, state], 1);
    const s = tf.clipByValue(zs!, 0, 1);
    const g = tf.tanh(zg!);
    const [i, f, o] = tf.split(s, 3, 1) as [tf.Tensor, tf.Tensor, tf.Tensor];
    const cPrev = c;
    const hPrev = h;
    c = tf.add(tf.mul(f, cPrev), tf.mul(i, g));
    const tanhC = tf.tanh(c);
    h = tf.mul(o, tanhC);
    if (record) {
      const sigmoidMask = tf.step(tf.mul(s, tf.sub(1, s)));
      const kept = { hPrev, cPrev, i, f, o, g, tanhC, sigmoidMask };
      Object.values(kept).forEach((tensor) => tf.keep(tensor));
      record.push(kept);
    }
  }
  return h as tf.Tensor2D;
}

/**
 * BPTT of {@link recur}: the gradient of its pre-activations [T·B, 8U] and of the fused recurrent kernel.
 * Transposed operands are transposed explicitly: WASM's matMul with a transposed operand is many times
 * slower than a transpose and a plain matMul.
 */
function recurGradient(dy: tf.Tensor, recurrent: tf.Tensor, steps: Step[]): [tf.Tensor2D, tf.Tensor2D] {
  const recurrentT = tf.transpose(recurrent);
  const dz: tf.Tensor[] = new Array<tf.Tensor>(steps.length);
  let dh = dy;
  let dc: tf.Tensor | undefined;
  for (let t = steps.length - 1; t >= 0; t--) {
    const { cPrev, i, f, o, g, tanhC, sigmoidMask } = steps[t]!;
    const dO = tf.mul(dh, tanhC);
    const viaH = tf.mul(tf.mul(dh, o), tf.sub(1, tf.square(tanhC)));
    const dcT = dc ? tf.add(dc, viaH) : viaH;
    const dS = tf.mul(tf.concat([tf.mul(dcT, g), tf.mul(dcT, cPrev), dO], 1), sigmoidMask);
    const dG = tf.mul(tf.mul(dcT, i), tf.sub(1, tf.square(g)));
    dz[t] = tf.concat([dS, dG], 1);
    if (t > 0) {
      dh = tf.matMul(dz[t]!, recurrentT);
      dc = tf.mul(dcT, f);
    }
  }
  const dProjected = tf.concat(dz, 0) as tf.Tensor2D;
  const hPrev = tf.concat(
    steps.map((step) => step.hPrev),
    0,
  );
  return [dProjected, tf.matMul(tf.transpose(hPrev), dProjected)];
}

/**
 * The BiLSTM's output [B, 2U] = [last forward state | last backward state] for windows x [B, T, inputs].
 * `differentiable`: with the hand-written gradient of the projection and the recurrence (training under a
 * tape: the gradients reach the layers' variables through the fusing ops); otherwise the plain forward.
 */
export function leanBiLstm(x: tf.Tensor3D, weights: BiLstmWeights, differentiable: boolean): tf.Tensor2D {
  return tf.tidy(() => {
    const batch = x.shape[0];
    const units = weights.recurrentKernel[0].shape[0]!;
    const { rows, rowsT } = projectionRows(x, differentiable);
    const projection = projectionMatrix(weights, units);
    const recurrent = fuseBlocks(weights.recurrentKernel[0], weights.recurrentKernel[1], units);
    if (!differentiable) return recur(tf.matMul(rows, projection), recurrent, batch);
    // The rows are data (no gradient): the closure holds them, the tape the two matrices.
    tf.keep(rowsT!);
    const lstm = tf.customGrad((projectionIn, recurrentIn, save) => {
      (save as tf.GradSaveFunc)([recurrentIn as tf.Tensor]);
      const record: Step[] = [];
      const h = recur(tf.matMul(rows, projectionIn as tf.Tensor), recurrentIn as tf.Tensor, batch, record);
      return {
        value: h,
        gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
          try {
            const [dProjected, dRecurrent] = recurGradient(
              Array.isArray(dy) ? dy[0]! : dy,
              saved[0]!,
              record,
            );
            return [tf.matMul(rowsT!, dProjected), dRecurrent];
          } finally {
            rowsT!.dispose();
            for (const step of record) Object.values(step).forEach((tensor: tf.Tensor) => tensor.dispose());
          }
        },
      };
    });
    return (lstm as (a: tf.Tensor, b: tf.Tensor) => tf.Tensor2D)(projection, recurrent);
  });
}
