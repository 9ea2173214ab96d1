/**
 * Metrics against closed forms: W₂ between Gaussians, 1D W₂ by sorting, sliced W₂ of a translation,
 * energy distance between 1D Gaussians, path energy and straightness of known curves, NPE of the
 * OT interpolation.
 */
import { describe, expect, it } from 'vitest';
import { countCrossings, countImprovingSwaps } from '../../../src/lib/core/index.ts';
import {
  Rng,
  closedFormFieldError,
  couple,
  energyDistance,
  getPath,
  marginalVelocity,
  meanSquaredError,
  normalisedPathEnergy,
  pathEnergy,
  slicedW2,
  straightness,
  w2Exact,
} from '../../../src/lib/core/index.ts';

/** n points of 𝒩(m, s² I) in dimension d. */
function gaussian(n: number, d: number, m: number[], s: number, rng: Rng): Float64Array {
  return Float64Array.from({ length: n * d }, (_, j) => m[j % d] + s * rng.normal());
}

/** erf (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7). */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

describe('metrics', () => {
  it('W₂ between samples of two Gaussians approaches √(‖m₁ − m₂‖² + d (s₁ − s₂)²) as n grows', () => {
    const d = 2,
      m1 = [0, 0],
      m2 = [3, -1],
      s1 = 1,
      s2 = 0.5;
    const truth = Math.sqrt(10 + d * (s1 - s2) ** 2);
    const errAt = (n: number) => {
      let e = 0;
      for (let r = 0; r < 3; r++) {
        const rng = new Rng(100 * n + r);
        e += Math.abs(w2Exact(gaussian(n, d, m1, s1, rng), gaussian(n, d, m2, s2, rng), n, d) - truth);
      }
      return e / 3;
    };
    const e50 = errAt(50),
      e400 = errAt(400);
    expect(e400).toBeLessThan(0.1);
    expect(e400).toBeLessThan(e50);
  });

  it('W₂ in 1D equals the sorted (monotone) matching; W₂(x, x) = 0; symmetric', () => {
    const rng = new Rng(3);
    const n = 150;
    const a = gaussian(n, 1, [0], 1, rng),
      b = Float64Array.from({ length: n }, () => Math.exp(rng.normal()));
    const sa = a.slice().sort(),
      sb = b.slice().sort();
    let s = 0;
    for (let i = 0; i < n; i++) s += (sa[i] - sb[i]) ** 2;
    expect(w2Exact(a, b, n, 1)).toBeCloseTo(Math.sqrt(s / n), 10);
    expect(w2Exact(b, a, n, 1)).toBeCloseTo(Math.sqrt(s / n), 10);
    expect(w2Exact(a, a.slice().reverse(), n, 1)).toBeCloseTo(0, 12);
  });

  it('sliced W₂ of a translation by m is ‖m‖/√d; equal sets give 0; unequal sizes are supported', () => {
    const rng = new Rng(4);
    const n = 500,
      d = 2;
    const a = gaussian(n, d, [0, 0], 1, rng);
    const b = Float64Array.from(a, (v, j) => v + (j % 2 === 0 ? 3 : 4));
    expect(slicedW2(a, b, n, d, { projections: 2000 })).toBeCloseTo(5 / Math.sqrt(2), 1);
    expect(slicedW2(a, a, n, d)).toBe(0);
    const c = gaussian(300, d, [0, 0], 1, rng);
    expect(slicedW2(a, c, n, d)).toBeLessThan(0.2);
    expect(slicedW2(a, gaussian(300, d, [2, 0], 1, rng), n, d)).toBeGreaterThan(1);
  });

  it('energy distance matches the closed form for 𝒩(0, 1) vs 𝒩(μ, 1) and is ≈ 0 for equal laws', () => {
    // D² = 2E|X − Y| − E|X − X′| − E|Y − Y′|, X − Y ~ 𝒩(−μ, 2), X − X′ ~ 𝒩(0, 2).
    const mu = 1.5,
      s = Math.SQRT2;
    const absMean = (m: number) => s * Math.sqrt(2 / Math.PI) * Math.exp(-(m * m) / (2 * s * s)) + m * erf(m / (s * Math.SQRT2));
    const truth = 2 * absMean(mu) - 2 * absMean(0);
    const rng = new Rng(5);
    const n = 1500;
    const est = energyDistance(gaussian(n, 1, [0], 1, rng), gaussian(n, 1, [mu], 1, rng), n, 1);
    expect(Math.abs(est - truth)).toBeLessThan(0.05);
    expect(Math.abs(energyDistance(gaussian(n, 1, [0], 1, rng), gaussian(n, 1, [0], 1, rng), n, 1))).toBeLessThan(0.01);
  });

  it('straightness is 0 for straight constant-speed paths and π² − 4 for a half circle; path energy ‖v‖² and π²', () => {
    const K = 2001,
      n = 3;
    const times = Array.from({ length: K }, (_, k) => k / (K - 1));
    const v = [
      [1, 2],
      [-3, 0.5],
      [0, 0],
    ];
    const line = times.map((t) => Float64Array.from({ length: 2 * n }, (_, j) => (j % 2) + v[Math.floor(j / 2)][j % 2] * t));
    expect(straightness(line, n, 2, times)).toBeLessThan(1e-20);
    expect(straightness(line, n, 2)).toBeLessThan(1e-20);
    expect(pathEnergy(line, n, 2, times)).toBeCloseTo((5 + 9.25 + 0) / 3, 10);
    const circle = times.map((t) =>
      Float64Array.from({ length: 2 * n }, (_, j) => (j % 2 === 0 ? Math.cos(Math.PI * t) : Math.sin(Math.PI * t))),
    );
    expect(straightness(circle, n, 2, times)).toBeCloseTo(Math.PI ** 2 - 4, 4);
    expect(pathEnergy(circle, n, 2, times)).toBeCloseTo(Math.PI ** 2, 4);
    // Non-constant speed along a straight line is not straight in Liu et al.'s sense.
    const accel = times.map((t) => Float64Array.of(t * t, 0));
    expect(straightness(accel, 1, 2, times)).toBeCloseTo(1 / 3, 4); // ∫ (1 − 2t)² dt
  });

  it('normalised path energy: 0 for the OT interpolation between matched samples, > 0 otherwise (both call forms)', () => {
    const rng = new Rng(6);
    const n = 80,
      d = 2;
    const x0 = gaussian(n, d, [0, 0], 1, rng),
      x1 = gaussian(n, d, [2, 1], 0.5, rng);
    const ot = couple('exact-ot', x0, x1, n, d, rng);
    const K = 11,
      times = Array.from({ length: K }, (_, k) => k / (K - 1));
    const interp = (p: { x0: Float64Array; x1: Float64Array }) =>
      times.map((t) => Float64Array.from(p.x0, (v, j) => (1 - t) * v + t * p.x1[j]));
    expect(normalisedPathEnergy(interp(ot), n, d, times)).toBeLessThan(1e-9);
    expect(normalisedPathEnergy(interp(ot), x0, x1, n, d)).toBeLessThan(1e-9);
    const ind = couple('independent', x0, x1, n, d, rng);
    expect(normalisedPathEnergy(interp(ind), x0, x1, n, d)).toBeGreaterThan(0.3);
  });

  it('MSE and the error to the closed-form field (0 for the field itself)', () => {
    expect(meanSquaredError(Float64Array.of(1, 2, 3, 4), Float64Array.of(1, 0, 3, 7), 2, 2)).toBeCloseTo((4 + 9) / 2, 12);
    const path = getPath('icfm', { sigma: 0.2 });
    const targets = Float64Array.of(1, 1, -1, 2, 0, -2);
    const x = new Rng(7).normals(40);
    const exactField = (y: Float64Array, t: number, out: Float64Array) => out.set(marginalVelocity(path, y, 20, t, targets, 3, 2));
    expect(closedFormFieldError(exactField, path, x, 20, [0.1, 0.5, 0.9], targets, 3, 2)).toBeLessThan(1e-24);
    const zero = (_y: Float64Array, _t: number, out: Float64Array) => out.fill(0);
    expect(closedFormFieldError(zero, path, x, 20, [0.5], targets, 3, 2)).toBeCloseTo(
      meanSquaredError(marginalVelocity(path, x, 20, 0.5, targets, 3, 2), new Float64Array(40), 20, 2),
      10,
    );
  });
});

describe('tangle of drawn pairs', () => {
  it('countCrossings counts proper crossings of the segments x₀ⁱ → x₁ⁱ (an X crosses; parallel, touching or disjoint segments do not)', () => {
    // X: (0,0)→(1,1) and (0,1)→(1,0); parallel: (0,2)→(1,2); shares an endpoint with the first: (1,1)→(2,0).
    const x0 = Float64Array.of(0, 0, 0, 1, 0, 2, 1, 1);
    const x1 = Float64Array.of(1, 1, 1, 0, 1, 2, 2, 0);
    expect(countCrossings(x0, x1, 2)).toBe(1);
    expect(countCrossings(x0.subarray(0, 2), x1.subarray(0, 2), 1)).toBe(0);
    expect(countCrossings(Float64Array.of(0, 0, 0, 2), Float64Array.of(1, 1, 1, 2), 2)).toBe(0);
    expect(countCrossings(Float64Array.of(0, 0, 1, 1), Float64Array.of(1, 1, 2, 0), 2)).toBe(0);
    expect(countCrossings(x0, x1, 4)).toBe(1);
  });

  it('countImprovingSwaps counts the pairs of pairs a swap of targets would make cheaper (2⟨x₀ⁱ − x₀ʲ, x₁ⁱ − x₁ʲ⟩ < 0)', () => {
    // Crossed: (0 → 1) and (1 → 0) on the line: swapping gives 0 cost.
    expect(countImprovingSwaps(Float64Array.of(0, 1), Float64Array.of(1, 0), 2, 1)).toBe(1);
    expect(countImprovingSwaps(Float64Array.of(0, 1), Float64Array.of(0, 1), 2, 1)).toBe(0);
    // Three points, all sent in reverse order: every pair of pairs is improved by a swap.
    expect(countImprovingSwaps(Float64Array.of(0, 1, 2), Float64Array.of(2, 1, 0), 3, 1)).toBe(3);
  });
});
