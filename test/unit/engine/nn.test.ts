/**
 * The velocity MLP's hand-written backward pass against TF.js autodiff, the flat Adam/AdamW against
 * an independent scalar implementation of PyTorch's update rule, and memory: no tensor leaks over
 * many training steps. CPU backend (exact float32 reference).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../../src/lib/nn/tf.ts';
import { VelocityMlp, type MlpConfig } from '../../../src/lib/nn/mlp.ts';
import { FlatAdam } from '../../../src/lib/nn/adam.ts';
import { ACTIVATIONS, type ActivationName } from '../../../src/lib/nn/activation-names.ts';

function lcg(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Reference forward pass written with plain differentiable ops (matMul + add + activation). */
function referenceForward(net: VelocityMlp, x: tf.Tensor2D, t: tf.Tensor2D, act: ActivationName): tf.Tensor2D {
  let h = net.features(x, t);
  const L = net.params.length / 2;
  for (let l = 0; l < L; l++) {
    h = tf.add<tf.Tensor2D>(tf.matMul(h, net.params[2 * l]), net.params[2 * l + 1]);
    if (l < L - 1) {
      h = act === 'silu' ? tf.mul(h, tf.sigmoid(h)) : act === 'selu' ? tf.selu(h) : act === 'relu' ? tf.relu(h) : tf.elu(h);
    }
  }
  return h;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('VelocityMlp', () => {
  for (const act of ACTIVATIONS) {
    it(`hand-written gradients match autodiff (${act})`, () => {
      const rnd = lcg(7);
      const config: MlpConfig = { dim: 2, width: 16, depth: 3, activation: act, timeFrequencies: 2 };
      const net = new VelocityMlp(config, rnd);
      tf.tidy(() => {
        const x = tf.tensor2d(
          Array.from({ length: 64 }, () => 4 * rnd() - 2),
          [32, 2],
        );
        const t = tf.tensor2d(
          Array.from({ length: 32 }, () => rnd()),
          [32, 1],
        );
        const u = tf.tensor2d(
          Array.from({ length: 64 }, () => 2 * rnd() - 1),
          [32, 2],
        );
        const ref = tf.variableGrads(() => tf.mean<tf.Scalar>(tf.square(tf.sub(referenceForward(net, x, t, act), u))), net.params);
        const mine = net.lossAndGrads(x, t, u);
        expect(mine.loss.dataSync()[0]).toBeCloseTo(ref.value.dataSync()[0], 5);
        // the inference path (fused kernels) agrees with the reference forward pass too
        const yi = net.apply(x, t).dataSync(),
          yr = referenceForward(net, x, t, act).dataSync();
        for (let i = 0; i < yi.length; i++) expect(yi[i]).toBeCloseTo(yr[i], 5);
        net.params.forEach((p, i) => {
          const a = ref.grads[p.name].dataSync(),
            b = mine.grads[i].dataSync();
          let num = 0,
            den = 0;
          for (let j = 0; j < a.length; j++) {
            num += (a[j] - b[j]) ** 2;
            den += a[j] ** 2;
          }
          expect(Math.sqrt(num / Math.max(den, 1e-30))).toBeLessThan(1e-4);
        });
      });
      net.dispose();
    });
  }

  it('initialises like PyTorch nn.Linear (uniform ±1/√fan_in) and counts parameters', () => {
    const net = new VelocityMlp({ dim: 2, width: 64, depth: 3, activation: 'selu', timeFrequencies: 0 }, lcg(3));
    expect(net.parameterCount).toBe(3 * 64 + 64 + 2 * (64 * 64 + 64) + 64 * 2 + 2);
    const w0 = net.params[0].dataSync();
    const bound = 1 / Math.sqrt(3);
    expect(Math.max(...w0.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...w0.map(Math.abs))).toBeGreaterThan(0.8 * bound);
    net.dispose();
  });

  it('frees every tensor it created on dispose (network, optimiser, weight import)', async () => {
    const before = tf.memory().numTensors;
    const cfg: MlpConfig = { dim: 2, width: 8, depth: 2, activation: 'selu', timeFrequencies: 2 };
    const net = new VelocityMlp(cfg, lcg(5));
    const opt = new FlatAdam(net.params, { learningRate: 0.01 });
    const other = new VelocityMlp(cfg, lcg(6));
    net.importWeights(await other.exportWeights());
    other.dispose();
    net.dispose();
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('exports and re-imports weights exactly', async () => {
    const cfg: MlpConfig = { dim: 2, width: 8, depth: 2, activation: 'elu', timeFrequencies: 1 };
    const a = new VelocityMlp(cfg, lcg(1)),
      b = new VelocityMlp(cfg, lcg(2));
    b.importWeights(await a.exportWeights());
    tf.tidy(() => {
      const x = tf.tensor2d([0.1, 0.2, -1, 3], [2, 2]),
        t = tf.tensor2d([0.3, 0.9], [2, 1]);
      expect(Array.from(b.apply(x, t).dataSync())).toEqual(Array.from(a.apply(x, t).dataSync()));
    });
    a.dispose();
    b.dispose();
  });
});

describe('FlatAdam', () => {
  /** PyTorch's Adam/AdamW update, one scalar parameter at a time (independent of the tensor code). */
  function referenceAdam(theta: number[], grads: number[][], lr: number, wd: number) {
    const m = theta.map(() => 0),
      v = theta.map(() => 0);
    const b1 = 0.9,
      b2 = 0.999,
      eps = 1e-8;
    grads.forEach((g, k) => {
      const step = k + 1;
      for (let i = 0; i < theta.length; i++) {
        theta[i] *= 1 - lr * wd;
        m[i] = b1 * m[i] + (1 - b1) * g[i];
        v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
        const mh = m[i] / (1 - b1 ** step),
          vh = v[i] / (1 - b2 ** step);
        theta[i] -= (lr * mh) / (Math.sqrt(vh) + eps);
      }
    });
    return theta;
  }

  for (const wd of [0, 0.01]) {
    it(`matches PyTorch's ${wd ? 'AdamW' : 'Adam'} rule over several steps`, () => {
      const rnd = lcg(11);
      const a0 = Array.from({ length: 6 }, () => rnd() - 0.5),
        b0 = Array.from({ length: 3 }, () => rnd() - 0.5);
      const va = tf.variable(tf.tensor2d(a0, [2, 3])),
        vb = tf.variable(tf.tensor1d(b0));
      const opt = new FlatAdam([va, vb], { learningRate: 0.05, weightDecay: wd });
      const grads: number[][] = [];
      for (let k = 0; k < 5; k++) {
        const g = Array.from({ length: 9 }, () => 2 * rnd() - 1);
        grads.push(g);
        tf.tidy(() => opt.apply([tf.tensor2d(g.slice(0, 6), [2, 3]), tf.tensor1d(g.slice(6))]));
      }
      const expected = referenceAdam([...a0, ...b0], grads, 0.05, wd);
      const got = [...va.dataSync(), ...vb.dataSync()];
      got.forEach((x, i) => expect(x).toBeCloseTo(expected[i], 5));
      va.dispose();
      vb.dispose();
      opt.dispose();
    });
  }
});
