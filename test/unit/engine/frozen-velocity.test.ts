/**
 * The network frozen for an ODE solve (nn/frozen-velocity.ts) against the plain-TypeScript forward
 * pass of core/mlp-field.ts (float64, an independent reference), on cpu and on wasm, at a sampling
 * size (2000 points × 64 units); its kernels per evaluation; that it keeps the parameters it was
 * made with while the network trains on; and that a solve leaves no tensor behind.
 */
import { describe, expect, it } from 'vitest';
import { tf } from '../../../src/lib/nn/tf.ts';
import { activateAndCheck } from '../../../src/lib/nn/backend.ts';
import { VelocityMlp } from '../../../src/lib/nn/mlp.ts';
import { ACTIVATIONS } from '../../../src/lib/nn/activation-names.ts';
import { mlpVelocity } from '../../../src/lib/core/mlp-field.ts';
import { Rng } from '../../../src/lib/core/rng.ts';
import { generateOnDevice } from '../../../src/lib/engine/train/sampling.ts';

const N = 2000;

for (const backend of ['cpu', 'wasm'] as const)
  describe(`FrozenVelocity on ${backend}`, () => {
    for (const activation of ACTIVATIONS)
      it(`is the network's velocity at a shared t (${activation}, 3×64, n = ${N})`, async () => {
        expect(await activateAndCheck(backend)).toBe(true);
        const rng = new Rng(21);
        const net = new VelocityMlp({ dim: 2, width: 64, depth: 3, activation, timeFrequencies: 3 }, () => rng.uniform());
        const weights = await net.exportWeights();
        const x = new Float64Array(2 * N).map(() => 2.5 * rng.normal());
        const frozen = net.frozen();
        const xs = tf.tensor2d(Float32Array.from(x), [N, 2]);
        for (const t of [0, 0.43, 1]) {
          const want = new Float64Array(2 * N);
          mlpVelocity(weights)(x, t, want);
          const got = tf.tidy(() => frozen.velocityAt(xs, t)).dataSync();
          let worst = 0;
          for (let i = 0; i < 2 * N; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]) / (1 + Math.abs(want[i])));
          expect(worst).toBeLessThan(2e-5);
        }
        xs.dispose();
        frozen.dispose();
        net.dispose();
      });

    it('evaluates SELU as the fused ELU and one Prelu per hidden layer (9 kernels besides reshapes)', async () => {
      expect(await activateAndCheck(backend)).toBe(true);
      const rng = new Rng(22);
      const net = new VelocityMlp({ dim: 2, width: 64, depth: 3, activation: 'selu', timeFrequencies: 3 }, () => rng.uniform());
      const frozen = net.frozen();
      const xs = tf.randomNormal<tf.Rank.R2>([N, 2], 0, 1, 'float32', 3);
      const profile = await tf.profile(() => tf.tidy(() => frozen.velocityAt(xs, 0.5)).dispose());
      const names = profile.kernels.map((k) => k.name).filter((n) => !n.endsWith('__op') && n !== 'Reshape');
      // The time row φ(t) W₀ᵗ + b₀ (its upload is no kernel), 4 products (3 fusing the ELU), 3 Prelu.
      expect(names.filter((n) => n === 'BatchMatMul' || n === 'Add')).toHaveLength(2);
      expect(names.filter((n) => n === '_FusedMatMul')).toHaveLength(4);
      expect(names.filter((n) => n === 'Prelu')).toHaveLength(3);
      expect(names).toHaveLength(9);
      xs.dispose();
      frozen.dispose();
      net.dispose();
    });

    it('keeps the weights and biases it was made with while the network changes', async () => {
      expect(await activateAndCheck(backend)).toBe(true);
      const rng = new Rng(24);
      const net = new VelocityMlp({ dim: 2, width: 16, depth: 2, activation: 'selu', timeFrequencies: 3 }, () => rng.uniform());
      const xs = tf.tensor2d(
        Float32Array.from({ length: 40 }, () => rng.normal()),
        [20, 2],
      );
      const frozen = net.frozen();
      const before = tf.tidy(() => frozen.velocityAt(xs, 0.3)).dataSync();
      for (const p of net.params) tf.tidy(() => p.assign(tf.add(p, 0.5)));
      expect(Array.from(tf.tidy(() => frozen.velocityAt(xs, 0.3)).dataSync())).toEqual(Array.from(before));
      expect(Array.from(tf.tidy(() => net.velocityAt(xs, 0.3)).dataSync())).not.toEqual(Array.from(before));
      tf.dispose([xs]);
      frozen.dispose();
      net.dispose();
    });

    it('leaves no tensor behind after a solve', async () => {
      expect(await activateAndCheck(backend)).toBe(true);
      const rng = new Rng(23);
      const net = new VelocityMlp({ dim: 2, width: 32, depth: 2, activation: 'selu', timeFrequencies: 3 }, () => rng.uniform());
      const x0 = new Float64Array(2 * 50).map(() => rng.normal());
      const before = tf.memory().numTensors;
      for (const method of ['euler', 'rk4'] as const) await generateOnDevice(net, 2, x0, { method, steps: 5, trajectory: true });
      expect(tf.memory().numTensors).toBe(before);
      net.dispose();
    });
  });
