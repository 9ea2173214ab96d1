/**
 * The plain-TypeScript forward pass of the velocity MLP (core/mlp-field.ts), which the likelihood
 * readout and the Gaussian-field figure run on exported weights, against the TF.js network itself on
 * the CPU backend, for every activation and with and without time features.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../../src/lib/nn/tf.ts';
import { VelocityMlp } from '../../../src/lib/nn/mlp.ts';
import { ACTIVATIONS } from '../../../src/lib/nn/activation-names.ts';
import { mlpParameterCount, mlpVelocity } from '../../../src/lib/core/mlp-field.ts';
import { Rng } from '../../../src/lib/core/rng.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('mlpVelocity', () => {
  for (const activation of ACTIVATIONS)
    for (const timeFrequencies of [0, 3])
      it(`matches the TF.js network (${activation}, F = ${timeFrequencies})`, async () => {
        const rng = new Rng(11);
        const config = { dim: 2, width: 16, depth: 3, activation, timeFrequencies };
        const net = new VelocityMlp(config, () => rng.uniform());
        const weights = await net.exportWeights();
        expect(weights.data.length).toBe(mlpParameterCount(config));
        const n = 7;
        const x = new Float64Array(2 * n).map(() => 3 * rng.normal());
        for (const t of [0, 0.37, 1]) {
          const want = tf.tidy(() => net.apply(tf.tensor2d(Float32Array.from(x), [n, 2]), tf.fill([n, 1], t))).dataSync();
          const got = new Float64Array(2 * n);
          mlpVelocity(weights)(x, t, got);
          for (let i = 0; i < 2 * n; i++) expect(got[i]).toBeCloseTo(want[i], 4);
          // The solver's form, time folded into the first bias, is the same function.
          const shared = tf.tidy(() => net.velocityAt(tf.tensor2d(Float32Array.from(x), [n, 2]), t)).dataSync();
          for (let i = 0; i < 2 * n; i++) expect(shared[i]).toBeCloseTo(got[i], 4);
        }
        net.dispose();
      });

  // A batch above the fused kernels' size limit takes the composite SELU (four element-wise kernels).
  it('matches the TF.js network on a large batch, where SELU is composite (width 64, n = 600)', async () => {
    const rng = new Rng(12);
    const config = { dim: 2, width: 64, depth: 3, activation: 'selu' as const, timeFrequencies: 3 };
    const net = new VelocityMlp(config, () => rng.uniform());
    const weights = await net.exportWeights();
    const n = 600;
    const x = new Float64Array(2 * n).map(() => 2 * rng.normal());
    const got = new Float64Array(2 * n);
    mlpVelocity(weights)(x, 0.61, got);
    const byRow = tf.tidy(() => net.apply(tf.tensor2d(Float32Array.from(x), [n, 2]), tf.fill([n, 1], 0.61))).dataSync();
    const shared = tf.tidy(() => net.velocityAt(tf.tensor2d(Float32Array.from(x), [n, 2]), 0.61)).dataSync();
    for (let i = 0; i < 2 * n; i++) {
      expect(byRow[i]).toBeCloseTo(got[i], 4);
      expect(shared[i]).toBeCloseTo(got[i], 4);
    }
    net.dispose();
  });

  it('rejects weights of another size and unknown activations', () => {
    const config = { dim: 2, width: 4, depth: 1, activation: 'relu', timeFrequencies: 0 };
    expect(() => mlpVelocity({ config, data: new Float32Array(3) })).toThrow(RangeError);
    const data = new Float32Array(mlpParameterCount(config));
    expect(() => mlpVelocity({ config: { ...config, activation: 'tanh' }, data })).toThrow(RangeError);
  });
});
