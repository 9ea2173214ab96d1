/**
 * Sampling the network's ODE on the device (generateOnDevice) against the core's solvers driven
 * with one read-back per evaluation (integrateAsync + networkVelocity): same method, same steps,
 * same end points and trajectories up to float32 rounding of the state, same NFE, and no tensor
 * left behind. Dopri5 is refused (it needs the error norm on the CPU).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../../src/lib/nn/tf.ts';
import { activateAndCheck } from '../../../src/lib/nn/backend.ts';
import { VelocityMlp } from '../../../src/lib/nn/mlp.ts';
import { Rng } from '../../../src/lib/core/index.ts';
import { generateAsync, generateOnDevice, networkVelocity } from '../../../src/lib/engine/train/sampling.ts';
import { FIXED_STEP_METHODS } from '../../../src/lib/core/index.ts';

beforeAll(async () => {
  expect(await activateAndCheck('cpu')).toBe(true);
});

function setUp() {
  const rng = new Rng(4);
  const net = new VelocityMlp({ dim: 2, width: 32, depth: 2, activation: 'selu', timeFrequencies: 2 }, () => rng.uniform());
  const n = 300;
  const x0 = new Float64Array(2 * n);
  for (let i = 0; i < x0.length; i++) x0[i] = rng.normal();
  return { net, n, x0 };
}

describe('generateOnDevice', () => {
  it('matches the core solvers with per-evaluation read-backs, for every fixed-step method, forward and backward', async () => {
    const { net, x0 } = setUp();
    for (const method of FIXED_STEP_METHODS) {
      for (const [t0, t1] of [
        [0, 1],
        [0.9, 0.1],
      ]) {
        const opts = { method, steps: 9, t0, t1, trajectory: true };
        const reference = await generateAsync(networkVelocity(net, 2), x0, opts);
        const device = await generateOnDevice(net, 2, x0, { ...opts, keep: 5 });
        expect(device.nfe, method).toBe(reference.nfe);
        expect(device.steps).toBe(reference.steps);
        expect(device.times).toEqual(reference.times);
        let worst = 0;
        for (let i = 0; i < x0.length; i++) worst = Math.max(worst, Math.abs(device.x[i] - reference.x[i]));
        expect(worst, `${method} ${t0}→${t1}`).toBeLessThan(1e-5);
        // The kept frames are the first 5 points of the reference trajectory.
        expect(device.trajectory!.length).toBe(reference.trajectory!.length);
        device.trajectory!.forEach((frame, k) => {
          expect(frame.length).toBe(10);
          for (let i = 0; i < 10; i++) expect(Math.abs(frame[i] - reference.trajectory![k][i])).toBeLessThan(1e-5);
        });
      }
    }
    net.dispose();
  });

  it('leaves no tensor behind, with or without trajectories, and refuses Dopri5', async () => {
    const { net, x0 } = setUp();
    await generateOnDevice(net, 2, x0, { method: 'rk4', steps: 3, trajectory: true });
    const before = tf.memory().numTensors;
    for (let k = 0; k < 20; k++) {
      await generateOnDevice(net, 2, x0, { method: k % 2 ? 'heun' : 'euler', steps: 5, trajectory: k % 3 === 0, keep: 7 });
    }
    expect(tf.memory().numTensors).toBe(before);
    await expect(generateOnDevice(net, 2, x0, { method: 'dopri5', steps: 5 })).rejects.toThrow('not a fixed-step method');
    expect(tf.memory().numTensors).toBe(before);
    net.dispose();
  });
});
