import * as tf from '@tensorflow/tfjs';
import { initBackend } from './backend';
import { buildNetwork, networkForward, qlikeLoss } from './bilstm-network';

/** The lean BiLSTM against the TF.js layers model it stands for: same weights, same output and gradients. */
describe('lean BiLSTM', () => {
  beforeAll(() => initBackend());

  const build = (units: number, inputs: number, steps: number, dropout = 0) => {
    const network = buildNetwork({
      sequenceLength: steps,
      inputs,
      units,
      layers: 1,
      dropout,
      seed: 7,
      linearHead: { weights: Float64Array.from({ length: inputs }, (_, i) => 0.01 * (i - 3)), bias: -7 },
    });
    // A non-zero sequence head (it starts at zero), so the gradients reach the BiLSTM.
    tf.tidy(() =>
      network.getLayer('sequence_head').setWeights([tf.randomNormal([2 * units, 1], 0, 0.5, 'float32', 3)]),
    );
    return network;
  };
  const data = (batch: number, steps: number, inputs: number) => ({
    window: tf.randomNormal([batch, steps, inputs], 0, 1.5, 'float32', 5) as tf.Tensor3D,
    last: tf.randomNormal([batch, inputs], 0, 1, 'float32', 6) as tf.Tensor2D,
    truth: tf.randomNormal([batch, 1], -7, 1, 'float32', 8),
  });
  const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor) =>
    tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
  const maxAbs = (a: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(a)).dataSync()[0]!);

  it.each([
    [16, 20, 48, 32],
    [4, 7, 5, 3],
  ])(
    'gives the layers output and gradients (units %i, inputs %i, L %i, batch %i)',
    (units, inputs, steps, batch) => {
      const network = build(units, inputs, steps);
      const { window, last, truth } = data(batch, steps, inputs);
      const lean = networkForward(network);
      const variables = network.trainableWeights.map((w) => w.read() as tf.Variable);
      const reference = network.apply([window, last], { training: false }) as tf.Tensor;
      for (const training of [false, true]) {
        const output = lean([window, last], training);
        expect(maxAbsDiff(output, reference)).toBeLessThan(1e-5);
        output.dispose();
      }
      const expected = tf.variableGrads(
        () => qlikeLoss(truth, network.apply([window, last], { training: true }) as tf.Tensor),
        variables,
      );
      const actual = tf.variableGrads(() => qlikeLoss(truth, lean([window, last], true)), variables);
      expect(actual.value.dataSync()[0]).toBeCloseTo(expected.value.dataSync()[0]!, 5);
      expect(variables).toHaveLength(9);
      for (const variable of variables) {
        const want = expected.grads[variable.name]!;
        const got = actual.grads[variable.name]!;
        expect(got.shape).toEqual(want.shape);
        expect(maxAbsDiff(got, want)).toBeLessThan(1e-5 + 1e-4 * maxAbs(want));
      }
      expect(maxAbs(expected.grads[variables[1]!.name]!)).toBeGreaterThan(0);
      tf.dispose([window, last, truth, reference, expected.value, actual.value]);
      tf.dispose([...Object.values(expected.grads), ...Object.values(actual.grads)]);
      network.dispose();
    },
  );

  it('leaks no tensors in a training step', () => {
    const network = build(4, 5, 6, 0.1);
    const { window, last, truth } = data(8, 6, 5);
    const lean = networkForward(network);
    const optimizer = tf.train.adam(0.01);
    const step = () =>
      tf.tidy(() => optimizer.minimize(() => qlikeLoss(truth, lean([window, last], true)), true)!.dataSync());
    step();
    const before = tf.memory().numTensors;
    step();
    step();
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    tf.dispose([window, last, truth]);
    network.dispose();
  });

  it('falls back to the layers model for a stacked BiLSTM', () => {
    const network = buildNetwork({
      sequenceLength: 6,
      inputs: 5,
      units: 3,
      layers: 2,
      dropout: 0,
      seed: 1,
      linearHead: { weights: new Float64Array(5), bias: 0 },
    });
    const { window, last } = data(4, 6, 5);
    const output = networkForward(network)([window, last], false);
    expect(maxAbsDiff(output, network.predict([window, last]) as tf.Tensor)).toBe(0);
    tf.dispose([window, last, output]);
    network.dispose();
  });
});
