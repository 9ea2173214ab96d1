/**
 * The tensor-level image sampler (src/lib/nn/unet-sampler.ts) on a velocity field with a known flow,
 * u_t(x) = −x (so x(1) = x(0)·e^{−1}): each solver converges at its order, the NFE budget is honoured,
 * progress is reported per step, cancellation rejects and frees every tensor, and seeded noise is
 * deterministic with unit variance.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { tf } from '../../../src/lib/nn/tf.ts';
import { sampleImages, SamplingCancelled, gaussianNoise, type ImageSolver } from '../../../src/lib/nn/unet-sampler.ts';
import type { UNet } from '../../../src/lib/nn/unet.ts';

const fake = {
  config: { image_size: 4, in_channels: 3, num_classes: 0 },
  guidedVelocity: (x: tf.Tensor4D) => tf.neg(x),
} as unknown as UNet;

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

function relErr(got: Float32Array, x0: Float32Array) {
  let num = 0,
    den = 0;
  for (let i = 0; i < got.length; i++) {
    const want = x0[i] * Math.exp(-1);
    num += (got[i] - want) ** 2;
    den += want ** 2;
  }
  return Math.sqrt(num / den);
}

describe('image sampler', () => {
  it('each solver converges at its order on u = −x', async () => {
    const x0 = gaussianNoise(2 * 48, 3);
    const order: Record<ImageSolver, number> = { euler: 1, midpoint: 2, heun: 2, rk4: 4 };
    for (const solver of Object.keys(order) as ImageSolver[]) {
      const e1 = relErr((await sampleImages(fake, { n: 2, nfe: 8, solver, seed: 0, x0 })).images, x0);
      const e2 = relErr((await sampleImages(fake, { n: 2, nfe: 16, solver, seed: 0, x0 })).images, x0);
      const observed = Math.log2(e1 / e2);
      expect(observed).toBeGreaterThan(order[solver] - 0.3);
      expect(observed).toBeLessThan(order[solver] + 0.5);
    }
  });

  it('honours the NFE budget, reports progress per step and frames along t', async () => {
    const seen: number[] = [];
    const r = await sampleImages(fake, { n: 1, nfe: 10, solver: 'rk4', seed: 1, frames: true, onProgress: (done) => seen.push(done) });
    expect(r.steps).toBe(2);
    expect(r.nfe).toBe(8);
    expect(seen).toEqual([4, 8]);
    expect(r.frames.map((f) => f.t)).toEqual([0, 0.5, 1]);
  });

  it('cancellation rejects with SamplingCancelled and leaks no tensor', async () => {
    const before = tf.memory().numTensors;
    const ctl = new AbortController();
    const run = sampleImages(fake, {
      n: 2,
      nfe: 50,
      solver: 'euler',
      seed: 2,
      onProgress: (done) => {
        if (done === 3) ctl.abort();
      },
      signal: ctl.signal,
    });
    await expect(run).rejects.toBeInstanceOf(SamplingCancelled);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('seeded noise is deterministic and standard normal', () => {
    const a = gaussianNoise(20000, 5),
      b = gaussianNoise(20000, 5),
      c = gaussianNoise(20000, 6);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    const variance = a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.04);
  });
});
