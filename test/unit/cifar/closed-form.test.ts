/**
 * The memorisation widget's closed-form sampler (engine/cifar/closed-form-images.ts: the core's
 * marginal velocity integrated by the core's Euler solver) in high dimension. The field is checked
 * against cases solved by hand, not against another copy of Theorem 1's formula: with one image it
 * is the conditional velocity (x₁ − x)/(1 − t); with two images and x equidistant from t·a and t·b
 * the posterior is ½–½ and the field is ((a + b)/2 − x)/(1 − t). Then the memorisation property
 * itself at d = 3072, and the nearest-neighbour search against brute force.
 */
import { describe, it, expect } from 'vitest';
import { marginalVelocity } from '../../../src/lib/core/index.ts';
import { CLOSED_FORM_IMAGE_PATH, sampleClosedFormImages } from '../../../src/lib/engine/cifar/closed-form-images.ts';
import { nearestNeighbours, nearestNeighboursInSlices, u8ToModelSpace } from '../../../src/lib/engine/cifar/image-neighbours.ts';
import { gaussianNoise } from '../../../src/lib/nn/unet-noise.ts';

const D = 3072;
const path = CLOSED_FORM_IMAGE_PATH;

describe('closed-form field over k images (d = 3072)', () => {
  it('with one image it is the conditional velocity (x₁ − x)/(1 − t)', () => {
    const img = Float32Array.from(gaussianNoise(D, 3), Math.tanh);
    for (const t of [0, 0.3, 0.9, 0.999]) {
      const x = Float64Array.from(gaussianNoise(D, 11 + 100 * t));
      const u = marginalVelocity(path, x, 1, t, img, 1, D);
      let worst = 0;
      for (let j = 0; j < D; j++) worst = Math.max(worst, Math.abs(u[j] - (img[j] - x[j]) / (1 - t)));
      expect(worst, `t = ${t}`).toBeLessThan(1e-9 / (1 - t));
    }
  });

  it('with two images, at a point equidistant from t·a and t·b, it is ((a + b)/2 − x)/(1 − t)', () => {
    const imgs = Float32Array.from(gaussianNoise(2 * D, 5), Math.tanh);
    const a = imgs.subarray(0, D),
      b = imgs.subarray(D);
    for (const t of [0.2, 0.6, 0.95]) {
      // x = t(a + b)/2 + (1 − t)z with z ⟂ (a − b): then ‖x − ta‖ = ‖x − tb‖.
      const z = Float64Array.from(gaussianNoise(D, 7));
      let dot = 0,
        nn = 0;
      for (let j = 0; j < D; j++) {
        const e = a[j] - b[j];
        dot += z[j] * e;
        nn += e * e;
      }
      const x = new Float64Array(D);
      for (let j = 0; j < D; j++) x[j] = (t * (a[j] + b[j])) / 2 + (1 - t) * (z[j] - (dot / nn) * (a[j] - b[j]));
      const u = marginalVelocity(path, x, 1, t, imgs, 2, D);
      let worst = 0;
      for (let j = 0; j < D; j++) worst = Math.max(worst, Math.abs(u[j] - ((a[j] + b[j]) / 2 - x[j]) / (1 - t)));
      expect(worst, `t = ${t}`).toBeLessThan(1e-8);
    }
  });

  it('memorises: samples from noise end on training images, and every step is reported', async () => {
    const K = 8,
      N = 3,
      steps = 40;
    const u8 = Uint8Array.from(gaussianNoise(K * D, 9), (v) => Math.max(0, Math.min(255, Math.round(128 + 60 * v))));
    const imgs = u8ToModelSpace(u8, K, D);
    const reported: number[] = [];
    const states: { x: Float64Array; t: number }[] = [];
    const x0 = gaussianNoise(N * D, 1);
    const samples = await sampleClosedFormImages(x0, N, imgs, K, D, {
      steps,
      onStep: (f, x, t) => {
        reported.push(f);
        states.push({ x: Float64Array.from(x), t });
      },
    });
    const nn = nearestNeighbours(samples, N, imgs, K, D);
    for (let p = 0; p < N; p++) expect(nn.distance[p]).toBeLessThan(1e-6);
    expect(reported).toHaveLength(steps);
    expect(reported.at(-1)).toBe(1);
    // Each report carries the state the field was evaluated at: x₀ at t = 0, then one Euler step on.
    states.forEach((s, i) => expect(s.t).toBeCloseTo(i / steps, 12));
    expect(Array.from(states[0].x)).toEqual(Array.from(x0));
    expect(Array.from(states[1].x)).not.toEqual(Array.from(x0));
  });

  it('pausing after each image gives the same samples, pausing N times per step', async () => {
    const K = 6,
      N = 3,
      steps = 7;
    const imgs = u8ToModelSpace(
      Uint8Array.from(gaussianNoise(K * D, 4), (v) => Math.max(0, Math.min(255, Math.round(128 + 60 * v)))),
      K,
      D,
    );
    const whole = await sampleClosedFormImages(gaussianNoise(N * D, 2), N, imgs, K, D, { steps });
    let pauses = 0;
    const sliced = await sampleClosedFormImages(gaussianNoise(N * D, 2), N, imgs, K, D, {
      steps,
      pause: () => {
        pauses++;
        return Promise.resolve();
      },
    });
    expect(sliced).toEqual(whole);
    expect(pauses).toBe(N * steps);
  });

  it('the nearest neighbours found a query at a time equal those found at once', async () => {
    const q = gaussianNoise(5 * D, 6);
    const refs = gaussianNoise(9 * D, 7);
    let pauses = 0;
    const sliced = await nearestNeighboursInSlices(q, 5, refs, 9, D, false, () => {
      pauses++;
      return Promise.resolve();
    });
    expect(sliced).toEqual(nearestNeighbours(q, 5, refs, 9, D));
    expect(pauses).toBe(5);
    const self = await nearestNeighboursInSlices(refs, 4, refs, 9, D, true, () => Promise.resolve());
    expect(self).toEqual(nearestNeighbours(refs, 4, refs, 9, D, true));
  });
});

describe('nearestNeighbours', () => {
  const d = 12;
  it('with excludeSelf skips the query itself', () => {
    const r = gaussianNoise(6 * d, 8);
    const got = nearestNeighbours(r, 3, r, 6, d, true);
    for (let p = 0; p < 3; p++) {
      expect(got.index[p]).not.toBe(p);
      expect(got.distance[p]).toBeGreaterThan(0);
    }
    expect(nearestNeighbours(r, 3, r, 6, d).distance.every((x) => x === 0)).toBe(true);
  });

  it('agrees with brute force', () => {
    const q = gaussianNoise(4 * d, 2),
      r = gaussianNoise(9 * d, 4);
    const got = nearestNeighbours(q, 4, r, 9, d);
    for (let p = 0; p < 4; p++) {
      const dists = Array.from({ length: 9 }, (_, i) => Math.hypot(...Array.from({ length: d }, (_, j) => q[p * d + j] - r[i * d + j])));
      const best = Math.min(...dists);
      expect(got.index[p]).toBe(dists.indexOf(best));
      expect(got.distance[p]).toBeCloseTo(best, 5);
    }
  });
});
