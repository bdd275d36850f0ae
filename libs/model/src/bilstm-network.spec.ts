import * as tf from '@tensorflow/tfjs';
import { initBackend } from './backend';
import { buildNetwork, mergeNetworks, networkForward } from './bilstm-network';

describe(mergeNetworks.name, () => {
  beforeAll(() => initBackend());

  const spec = { sequenceLength: 6, inputs: 5, units: 3, layers: 1, dropout: 0.1 };
  const member = (seed: number) => {
    const network = buildNetwork({
      ...spec,
      seed,
      linearHead: {
        weights: Float64Array.from({ length: spec.inputs }, (_, i) => 0.1 * (i - seed)),
        bias: -seed,
      },
    });
    // Non-zero sequence heads (they start at zero), different for each member.
    tf.tidy(() =>
      network
        .getLayer('sequence_head')
        .setWeights([tf.randomNormal([2 * spec.units, 1], 0, 0.5, 'float32', seed)]),
    );
    return network;
  };

  it('should give the mean of its members’ outputs, through the lean BiLSTM and the layers model', () => {
    const members = [1, 2, 3].map(member);
    const window = tf.randomNormal(
      [4, spec.sequenceLength, spec.inputs],
      0,
      1.5,
      'float32',
      5,
    ) as tf.Tensor3D;
    const last = tf.randomNormal([4, spec.inputs], 0, 1, 'float32', 6) as tf.Tensor2D;

    const merged = mergeNetworks(members, { ...spec, seed: 1 });

    const expected = tf.tidy(() =>
      tf.mean(tf.stack(members.map((m) => m.apply([window, last], { training: false }) as tf.Tensor)), 0),
    );
    const lean = networkForward(merged)([window, last], false);
    const layers = merged.apply([window, last], { training: false }) as tf.Tensor;
    expect(merged.getLayer('bilstm_1').getConfig()).toMatchObject({ layer: { config: { units: 9 } } });
    for (const output of [lean, layers]) {
      expect(output.shape).toEqual([4, 1]);
      expect(Array.from(output.dataSync())).toEqual(
        Array.from(expected.dataSync()).map((v) => expect.closeTo(v, 4)),
      );
    }
    tf.dispose([window, last, expected, lean, layers]);
    [...members, merged].forEach((network) => network.dispose());
  });
});
