/**
 * Claims of chapter 12 (generalization), computed with the core's closed-form sampler and
 * posterior weights (memorisation.ts, closed-form.ts) on the two-moons data set.
 */
import { describe, expect, it } from 'vitest';
import { Rng, getPath, posteriorWeights, sampleDataset } from '../../../src/lib/core/index.ts';
import {
  fractionWithin,
  fractionWithinLowerBound2D,
  memorisationOnset,
  nearestDistances,
  sampleClosedForm,
} from '../../../src/lib/core/memorisation.ts';

const D = 2;
const SIZES = [8, 32, 128, 512, 2048, 4096];
const trainingSet = (n: number): Float64Array => sampleDataset('moons', n, new Rng(100 + n));
const noise = (m: number, seed: number): Float64Array => {
  const r = new Rng(seed);
  const x = new Float64Array(m * D);
  for (let i = 0; i < m * D; i++) x[i] = r.normal();
  return x;
};
/** A share as the chapter prints it: a percentage with one decimal. */
const percent1 = (f: number): number => Math.round(1000 * f) / 10;

describe('memorisation in numbers (chapter 12)', () => {
  // Backs the first table: "closed-form samples within δ of a training point: 100% for every n" and
  // "fresh data points within δ of a training point: 0%, 0%, 1.1%, 3.7%, 10.7%, 19.3%", and "For every
  // n, every closed-form sample is within 10⁻⁴ of a training point" (100 samples, σ_min = 0, δ = 0.01,
  // 1000 fresh draws).
  const fresh = sampleDataset('moons', 1000, new Rng(999));
  const expectedFresh = [0, 0, 1.1, 3.7, 10.7, 19.3];
  SIZES.forEach((n, k) => {
    it(`n = ${n}: every closed-form sample lands on a training point; fresh data: ${expectedFresh[k]}%`, () => {
      const train = trainingSet(n);
      const samples = sampleClosedForm(train, n, D, noise(100, 5), { sigmaMin: 0 });
      expect(fractionWithin(samples, 100, train, n, D, 0.01)).toBe(1);
      expect(Math.max(...nearestDistances(samples, 100, train, n, D))).toBeLessThan(1e-4);
      expect(percent1(fractionWithin(fresh, 1000, train, n, D, 0.01))).toBe(expectedFresh[k]);
    });
  });

  // Backs the second table: shares 100%, 100%, 87%, 44%, 10% for σ_min = 0.002 … 0.05 (n = 64,
  // 400 samples, δ = 0.02) and the bound 1 − e^{−δ²/(2σ_min²)}: 100%, 100%, 86%, 39%, 8%; "When σ_min
  // is much smaller than the gaps between training points the bound is attained […] For larger σ_min
  // the share exceeds the bound".
  it('σ_min > 0: the share within δ is at least the χ² bound, and attains it for small σ_min', () => {
    const n = 64;
    const train = sampleDataset('moons', n, new Rng(164));
    const sigmas = [0.002, 0.005, 0.01, 0.02, 0.05];
    const shares = [100, 100, 87, 44, 10];
    const bounds = [100, 100, 86, 39, 8];
    sigmas.forEach((sigmaMin, k) => {
      const m = 400;
      const samples = sampleClosedForm(train, n, D, noise(m, 5), { sigmaMin });
      const share = fractionWithin(samples, m, train, n, D, 0.02);
      const bound = fractionWithinLowerBound2D(sigmaMin, 0.02);
      expect(Math.round(100 * share)).toBe(shares[k]);
      expect(Math.round(100 * bound)).toBe(bounds[k]);
      const se = Math.sqrt(Math.max(bound * (1 - bound), 1e-4) / m);
      expect(share).toBeGreaterThan(bound - 3 * se);
      if (sigmaMin <= 0.01) expect(Math.abs(share - bound)).toBeLessThan(3 * se + 1e-3);
    });
    // No sample is exactly a training point (the endpoint law has a density).
    const samples = sampleClosedForm(train, n, D, noise(400, 5), { sigmaMin: 0.01 });
    expect(Math.min(...nearestDistances(samples, 400, train, n, D))).toBeGreaterThan(0);
  });

  // Backs: "The memorising phase occupies the last 29% of the time for n = 8, 13% for n = 32, 5% for
  // n = 128, and about 1% for n = 4096."
  it('the onset of the memorising phase moves towards t = 1 as n grows', () => {
    const rest = (n: number): number => 1 - memorisationOnset(trainingSet(n), n, D);
    expect(Math.round(100 * rest(8))).toBe(29);
    expect(Math.round(100 * rest(32))).toBe(13);
    expect(Math.round(100 * rest(128))).toBe(5);
    expect(Math.round(100 * rest(4096))).toBe(1);
  });
});

describe('numeric exercises of chapter 12', () => {
  // Backs (exercise "Two points and the mirror"): a start on the mirror hyperplane ends at the midpoint.
  it('two symmetric points: a start on the mirror ends at the midpoint, others at a training point', () => {
    const train = Float64Array.of(1, 0, -1, 0);
    const end = sampleClosedForm(train, 2, D, Float64Array.of(0, 1.3, 0.4, -0.8), { sigmaMin: 0 });
    expect(Math.hypot(end[0], end[1])).toBeLessThan(1e-4);
    expect(Math.hypot(end[2] - 1, end[3])).toBeLessThan(1e-4);
  });

  // Backs (exercise "How sharp is the snap?"): the bound e^{−20.25} ≈ 1.6·10⁻⁹ and the exact weight
  // 1/(1 + e^{20.25}) ≈ 1.6·10⁻⁹ at x = (0.225, 0), t = 0.9.
  it('the snap bound is attained on the line through the two points', () => {
    const path = getPath('ot', { sigmaMin: 0 });
    const w = posteriorWeights(path, Float64Array.of(0.225, 0), 0.9, Float64Array.of(0, 0, 1, 0), 2, D);
    const bound = Math.exp(-(0.81 * 1) / (4 * 0.01));
    expect(bound).toBeCloseTo(1.6e-9, 10);
    expect(w[1]).toBeLessThanOrEqual(bound);
    expect(w[1] / bound).toBeGreaterThan(0.999);
  });

  // Backs (exercise "The share within δ"): 1 − e^{−2} ≈ 0.865 and 0.01·√3072 ≈ 0.554.
  it('χ² share in the plane and the noise norm in d = 3072', () => {
    expect(fractionWithinLowerBound2D(0.01, 0.02)).toBeCloseTo(0.865, 3);
    expect(0.01 * Math.sqrt(3072)).toBeCloseTo(0.554, 3);
    // The norm of a 3072-dimensional standard Gaussian is within a few percent of √3072.
    const r = new Rng(3);
    for (let rep = 0; rep < 20; rep++) {
      let s = 0;
      for (let k = 0; k < 3072; k++) s += r.normal() ** 2;
      expect(Math.abs(Math.sqrt(s / 3072) - 1)).toBeLessThan(0.05);
    }
  });
});
