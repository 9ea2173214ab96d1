/**
 * Claims of chapter 1 (generative-modeling): the gallery list names every data set of the core, and
 * the numeric answers of the exercises (KL between Gaussians, the Fréchet distance's blind spot).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATASETS, DATASET_NAMES, Rng, gaussianMixture, sampleDataset, standardNormal } from '../../../src/lib/core/index.ts';
import { frechetDistance, gaussianW2Squared, sqrtPsd } from '../../../src/lib/core/gaussian-w2.ts';

const CHAPTER = readFileSync(join(__dirname, '../../../content/chapters/01-generative-modeling.mdx'), 'utf8');

/** How the chapter's gallery sentence names each data set of the core (a new data set must be added here and there). */
const PHRASES: Record<string, RegExp> = {
  normal: /standard Gaussian \$\\Norm\(0,I\)\$/,
  uniform: /uniform square with the same variance/,
  '8gaussians': /eight Gaussian blobs on a circle[^;]*each in two versions \(the parameters of the TorchCFM library/,
  'tong-gaussians': /eight Gaussian blobs on a circle[^;]*each in two versions[^;]*experiment runner of @tong2024improving/,
  moons: /two interleaved moons, each in two versions \(the parameters of the TorchCFM library/,
  'tong-moons': /two interleaved moons, each in two versions[^;]*experiment runner of @tong2024improving/,
  scurve: /an S-shaped curve/,
  swissroll: /a spiral \(the "swiss roll"\)/,
  circles: /two concentric circles/,
  rings: /four rings/,
  pinwheel: /a pinwheel/,
  '2spirals': /two spirals/,
  checkerboard: /and a checkerboard\./,
};

describe('chapter 1: the gallery list (E17)', () => {
  // Backs: "The widget below draws the two-dimensional data sets used throughout the book, thirteen in
  // all: […]" — the gallery shows every entry of DATASET_NAMES, so the sentence must name each.
  const start = CHAPTER.indexOf('The widget below draws the two-dimensional data sets used throughout the book');
  const sentence = CHAPTER.slice(start, CHAPTER.indexOf('checkerboard.', start) + 'checkerboard.'.length);
  it('names every data set of the core, and says how many there are', () => {
    expect(start).toBeGreaterThan(0);
    const words = [
      'zero',
      'one',
      'two',
      'three',
      'four',
      'five',
      'six',
      'seven',
      'eight',
      'nine',
      'ten',
      'eleven',
      'twelve',
      'thirteen',
      'fourteen',
      'fifteen',
    ];
    expect(sentence).toContain(`, ${words[DATASET_NAMES.length]} in all:`);
    for (const name of DATASET_NAMES) {
      expect(PHRASES[name], `no phrase for data set "${name}" (${DATASETS[name].label})`).toBeDefined();
      expect(sentence, name).toMatch(PHRASES[name]);
    }
    expect(Object.keys(PHRASES).sort()).toEqual([...DATASET_NAMES].sort());
  });
});

/** KL(p‖q) = ∫ p log(p/q) by the midpoint rule on a wide grid, with the core's densities. */
function klByQuadrature(logP: (x: number) => number, logQ: (x: number) => number): number {
  let s = 0;
  const lo = -30;
  const hi = 30;
  const n = 200000;
  const h = (hi - lo) / n;
  for (let i = 0; i < n; i++) {
    const x = lo + (i + 0.5) * h;
    const lp = logP(x);
    s += Math.exp(lp) * (lp - logQ(x)) * h;
  }
  return s;
}

describe('chapter 1: exercises', () => {
  // Backs (exercise "KL between two Gaussians, both ways"): "KL(p‖q) = log 2 + (1+1)/8 − 1/2 ≈ 0.443,
  // while KL(q‖p) = log ½ + (4+1)/2 − ½ ≈ 1.307".
  it('KL(𝒩(0,1) ‖ 𝒩(1,4)) ≈ 0.443 and KL(𝒩(1,4) ‖ 𝒩(0,1)) ≈ 1.307', () => {
    const p = standardNormal(1);
    const q = gaussianMixture([1], [2], [1], 1);
    const lp = (x: number) => p.logDensity(Float64Array.of(x), 1)[0];
    const lq = (x: number) => q.logDensity(Float64Array.of(x), 1)[0];
    expect(klByQuadrature(lp, lq)).toBeCloseTo(0.443, 3);
    expect(klByQuadrature(lq, lp)).toBeCloseTo(1.307, 3);
  });

  // Backs (exercise "A Fréchet distance of zero for two very different distributions"): "its covariance
  // is (12.5 + √0.1) I ≈ 12.82 I", "2(√12.82 − 1)² ≈ 13.31", "(c) Exactly 0".
  it('eight Gaussians: covariance ≈ 12.82 I; Fréchet distance ≈ 13.31 to 𝒩(0, I) and ≈ 0 to 𝒩(0, 12.82 I)', () => {
    const rng = new Rng(31);
    const n = 400000;
    const eight = sampleDataset('8gaussians', n, rng);
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    for (let i = 0; i < n; i++) {
      sxx += eight[2 * i] ** 2;
      syy += eight[2 * i + 1] ** 2;
      sxy += eight[2 * i] * eight[2 * i + 1];
    }
    expect(sxx / n).toBeCloseTo(12.82, 1);
    expect(syy / n).toBeCloseTo(12.82, 1);
    expect(Math.abs(sxy / n)).toBeLessThan(0.1);
    const v = 12.5 + Math.sqrt(0.1);
    expect(v).toBeCloseTo(12.82, 2);
    const closed = gaussianW2Squared([0, 0], [v, 0, 0, v], [0, 0], [1, 0, 0, 1], 2);
    expect(closed).toBeCloseTo(13.31, 2);
    const normal = standardNormal(2).sample(n, rng);
    expect(frechetDistance(eight, n, normal, n, 2)).toBeCloseTo(13.31, 1);
    const fog = normal.map((x) => x * Math.sqrt(v));
    expect(frechetDistance(eight, n, fog, n, 2)).toBeLessThan(0.01);
  });

  // The closed form itself, against the one-dimensional formula of the last exercise and a
  // non-commuting pair checked against the definition through the optimal linear map.
  it('Gaussian W₂² closed form: (m₁ − m₂)² + (s₁ − s₂)² in 1D; symmetric; zero only for equal Gaussians', () => {
    expect(gaussianW2Squared([1], [4], [-0.5], [0.25], 1)).toBeCloseTo(1.5 ** 2 + 1.5 ** 2, 12);
    const S1 = [2, 0.6, 0.6, 1];
    const S2 = [1, -0.4, -0.4, 3];
    const a = gaussianW2Squared([0, 1], S1, [2, 0], S2, 2);
    const b = gaussianW2Squared([2, 0], S2, [0, 1], S1, 2);
    expect(a).toBeCloseTo(b, 10);
    expect(gaussianW2Squared([0, 1], S1, [0, 1], S1, 2)).toBeCloseTo(0, 10);
    // Independent route: W₂² = ‖Δm‖² + tr Σ₁ + tr Σ₂ − 2 max tr Cov(X, Y) over Gaussian couplings, whose
    // cross-covariances are Σ₁^{1/2} R Σ₂^{1/2} with ‖R‖ ≤ 1; the maximum is at an orthogonal R (scan).
    const r1 = sqrtPsd(S1, 2);
    const r2 = sqrtPsd(S2, 2);
    let best = -Infinity;
    for (let k = 0; k < 20000; k++) {
      const th = (2 * Math.PI * k) / 20000;
      for (const refl of [1, -1]) {
        const R = [Math.cos(th), -refl * Math.sin(th), Math.sin(th), refl * Math.cos(th)];
        let tr = 0; // tr(r1 R r2)
        for (let i = 0; i < 2; i++)
          for (let j = 0; j < 2; j++) for (let l = 0; l < 2; l++) tr += r1[i * 2 + j] * R[j * 2 + l] * r2[l * 2 + i];
        best = Math.max(best, tr);
      }
    }
    expect(a).toBeCloseTo(5 + 3 + 4 - 2 * best, 6);
  });
});
