/**
 * The high-dimensional closed-form CFM field used by the memorisation widget: checked against a direct
 * (non-log-sum-exp) float64 evaluation where that is representable, against the one-target formula,
 * for stability at d = 3072 near t = 1, and for the memorisation property itself.
 */
import { describe, it, expect } from 'vitest';
import {
  marginalVelocityHighDim, posteriorWeightsHighDim, sampleClosedForm, nearestNeighbours, u8ToModelSpace,
} from '../../../src/lib/engine/cifar/image-neighbours.ts';
import { gaussianNoise } from '../../../src/lib/nn/unet-sampler.ts';

function directVelocity(x: Float64Array, t: number, targets: Float32Array, k: number, d: number, sigmaMin: number) {
  const sigma = 1 - (1 - sigmaMin) * t;
  const w = new Float64Array(k);
  let z = 0;
  for (let i = 0; i < k; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += (x[j] - t * targets[i * d + j]) ** 2;
    w[i] = Math.exp(-s / (2 * sigma * sigma));
    z += w[i];
  }
  const out = new Float64Array(d);
  for (let i = 0; i < k; i++) for (let j = 0; j < d; j++) out[j] += (w[i] / z) * (targets[i * d + j] - (1 - sigmaMin) * x[j]) / sigma;
  return out;
}

describe('closed-form CFM field over k images', () => {
  const d = 12, k = 5;
  const targets = Float32Array.from(gaussianNoise(k * d, 7), (v) => 0.5 * v);

  it('matches a direct float64 evaluation in low dimension (σ_min = 0 and 0.1)', () => {
    for (const sigmaMin of [0, 0.1]) for (const t of [0, 0.3, 0.8]) {
      const x = Float64Array.from(gaussianNoise(d, 3 + t * 10));
      const got = marginalVelocityHighDim(x, 1, t, targets, k, d, { sigmaMin });
      const want = directVelocity(x, t, targets, k, d, sigmaMin);
      for (let j = 0; j < d; j++) expect(got[j]).toBeCloseTo(want[j], 10);
    }
  });

  it('with one target it is the conditional velocity (x₁ − x)/(1 − t)', () => {
    const x = Float64Array.from(gaussianNoise(d, 11));
    const v = marginalVelocityHighDim(x, 1, 0.6, targets, 1, d);
    for (let j = 0; j < d; j++) expect(v[j]).toBeCloseTo((targets[j] - x[j]) / 0.4, 12);
  });

  it('stays finite at d = 3072 and t = 0.999, with the weight on the nearest scaled image', () => {
    const D = 3072, K = 16;
    const imgs = Float32Array.from(gaussianNoise(K * D, 5), (v) => Math.tanh(v));
    const x = new Float64Array(D);
    for (let j = 0; j < D; j++) x[j] = 0.999 * imgs[3 * D + j] + 0.001 * Math.sin(j);
    const w = posteriorWeightsHighDim(x, 0.999, imgs, K, D);
    expect(w[3]).toBeCloseTo(1, 12);
    const v = marginalVelocityHighDim(x, 1, 0.999, imgs, K, D);
    expect(v.every(Number.isFinite)).toBe(true);
  });

  it('memorises: Euler samples from noise end on training images (d = 3072)', () => {
    const D = 3072, K = 8, N = 3;
    const u8 = Uint8Array.from(gaussianNoise(K * D, 9), (v) => Math.max(0, Math.min(255, Math.round(128 + 60 * v))));
    const imgs = u8ToModelSpace(u8, K, D);
    const samples = sampleClosedForm(gaussianNoise(N * D, 1), N, imgs, K, D, 40);
    const nn = nearestNeighbours(samples, N, imgs, K, D);
    for (let p = 0; p < N; p++) expect(nn.distance[p]).toBeLessThan(1e-6);
  });

  it('nearestNeighbours with excludeSelf skips the query itself', () => {
    const r = gaussianNoise(6 * d, 8);
    const got = nearestNeighbours(r, 3, r, 6, d, true);
    for (let p = 0; p < 3; p++) {
      expect(got.index[p]).not.toBe(p);
      expect(got.distance[p]).toBeGreaterThan(0);
    }
    expect(nearestNeighbours(r, 3, r, 6, d).distance.every((x) => x === 0)).toBe(true);
  });

  it('nearestNeighbours agrees with brute force', () => {
    const q = gaussianNoise(4 * d, 2), r = gaussianNoise(9 * d, 4);
    const got = nearestNeighbours(q, 4, r, 9, d);
    for (let p = 0; p < 4; p++) {
      const dists = Array.from({ length: 9 }, (_, i) => Math.hypot(...Array.from({ length: d }, (_, j) => q[p * d + j] - r[i * d + j])));
      const best = Math.min(...dists);
      expect(got.index[p]).toBe(dists.indexOf(best));
      expect(got.distance[p]).toBeCloseTo(best, 5);
    }
  });
});
