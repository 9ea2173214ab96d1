/**
 * log-det-series.ts against independent references: determinants by cofactor expansion (no
 * elimination at all), a matrix whose determinant elimination without pivoting gets wrong, the first
 * terms of the series by hand, and the Russian-roulette estimator's law: P(N ≥ k) = q^{k−1}, and an
 * expectation equal to log det(I + A) (Chen et al. 2019).
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/lib/core/index.ts';
import {
  logAbsDet,
  logDetIdentityPlus,
  logDetRussianRoulette,
  logDetTruncated,
  powerTraces,
} from '../../../src/lib/core/log-det-series.ts';

/** det M by cofactor expansion along the first row (exponential, fine for d ≤ 5). */
function cofactorDet(m: ArrayLike<number>, d: number): number {
  if (d === 1) return m[0];
  let det = 0;
  for (let j = 0; j < d; j++) {
    const minor: number[] = [];
    for (let r = 1; r < d; r++) for (let c = 0; c < d; c++) if (c !== j) minor.push(m[r * d + c]);
    det += (j % 2 === 0 ? 1 : -1) * m[j] * cofactorDet(minor, d - 1);
  }
  return det;
}

describe('logAbsDet', () => {
  it('equals log|det| by cofactor expansion for random dense matrices, d = 1…5', () => {
    const rng = new Rng(31);
    for (let d = 1; d <= 5; d++)
      for (let trial = 0; trial < 6; trial++) {
        // Rows of very different scales, so that the pivot order matters.
        const m = Float64Array.from({ length: d * d }, (_, i) => rng.normal() * 10 ** (Math.floor(i / d) - 2));
        expect(logAbsDet(m, d)).toBeCloseTo(Math.log(Math.abs(cofactorDet(m, d))), 10);
      }
  });

  it('pivots: a tiny leading entry that elimination without row swaps turns into a zero pivot', () => {
    // det = 1e-17·1 − 1·(1 − 0) + 1·(0 − 1) = −2 + 1e-17; without pivoting the third pivot is 0.
    expect(logAbsDet([1e-17, 1, 1, 1, 1, 0, 1, 0, 1], 3)).toBeCloseTo(Math.log(2), 12);
    // A permutation matrix of size 4 (every column needs a swap) has |det| = 1.
    expect(logAbsDet([0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0], 4)).toBeCloseTo(0, 12);
    // Scaled rows: log|det| adds the logs of the scales.
    expect(logAbsDet([0, 3, 0, 0, 0, -2, 5, 0, 0], 3)).toBeCloseTo(Math.log(30), 12);
  });

  it('is −∞ for singular matrices, and does not modify its input', () => {
    expect(logAbsDet([1, 2, 2, 4], 2)).toBe(-Infinity);
    expect(logAbsDet([0, 1, 0, 2], 2)).toBe(-Infinity);
    const m = [4, 1, 2, 3];
    logAbsDet(m, 2);
    expect(m).toEqual([4, 1, 2, 3]);
  });

  it('logDetIdentityPlus adds the identity: log det(I + A) for a 3 × 3 A', () => {
    const a = [0.2, -0.1, 0.05, 0.3, -0.25, 0.1, 0, 0.15, 0.4];
    const m = a.map((v, i) => v + (i % 4 === 0 ? 1 : 0));
    expect(logDetIdentityPlus(a, 3)).toBeCloseTo(Math.log(cofactorDet(m, 3)), 12);
  });
});

describe('the series', () => {
  const A = [0.3, 0.1, -0.2, 0.25];
  const tr = (k: number): number => powerTraces(A, 2, k)[k - 1];

  it('powerTraces: tr A, tr A², tr A³ by hand', () => {
    // A² = [0.07, 0.055; −0.11, 0.0425], A³ = A²·A.
    const a2 = [0.3 * 0.3 + 0.1 * -0.2, 0.3 * 0.1 + 0.1 * 0.25, -0.2 * 0.3 + 0.25 * -0.2, -0.2 * 0.1 + 0.25 * 0.25];
    const a3tr = a2[0] * 0.3 + a2[1] * -0.2 + (a2[2] * 0.1 + a2[3] * 0.25);
    const t = powerTraces(A, 2, 3);
    expect(t.length).toBe(3);
    expect(t[0]).toBeCloseTo(0.55, 15);
    expect(t[1]).toBeCloseTo(a2[0] + a2[3], 15);
    expect(t[2]).toBeCloseTo(a3tr, 15);
  });

  it('logDetTruncated keeps exactly n terms with alternating signs', () => {
    expect(logDetTruncated(A, 2, 1)).toBeCloseTo(tr(1), 15);
    expect(logDetTruncated(A, 2, 2)).toBeCloseTo(tr(1) - tr(2) / 2, 15);
    expect(logDetTruncated(A, 2, 3)).toBeCloseTo(tr(1) - tr(2) / 2 + tr(3) / 3, 15);
  });
});

describe('logDetRussianRoulette', () => {
  const A = [0.3, 0.1, -0.2, 0.25];
  const exact = logDetIdentityPlus(A, 2);

  it('refuses a continuation probability outside (0, 1)', () => {
    for (const q of [0, 1, -0.5, 1.5, NaN]) expect(() => logDetRussianRoulette(A, 2, q, new Rng(1))).toThrow(/must lie in \(0, 1\)/);
  });

  it('N is geometric: P(N ≥ k) = q^{k−1}, mean 1/(1 − q); the estimate is unbiased for log det(I + A)', () => {
    const q = 0.6;
    const rng = new Rng(12);
    const n = 40_000;
    let s = 0,
      s2 = 0,
      terms = 0,
      atLeast3 = 0;
    for (let i = 0; i < n; i++) {
      const r = logDetRussianRoulette(A, 2, q, rng);
      s += r.estimate;
      s2 += r.estimate ** 2;
      terms += r.terms;
      if (r.terms >= 3) atLeast3++;
      expect(r.terms).toBeGreaterThanOrEqual(1);
    }
    const mean = s / n,
      se = Math.sqrt((s2 / n - mean * mean) / n);
    expect(Math.abs(mean - exact)).toBeLessThan(4 * se);
    expect(Math.abs(terms / n - 1 / (1 - q))).toBeLessThan(0.03);
    expect(Math.abs(atLeast3 / n - q * q)).toBeLessThan(4 * Math.sqrt((q * q * (1 - q * q)) / n));
    // The truncated series with the mean number of terms is biased by more than the estimator's error.
    expect(Math.abs(logDetTruncated(A, 2, 2) - exact)).toBeGreaterThan(10 * se);
  });

  it('one draw: N terms, term k reweighted by 1/q^{k−1}; maxTerms caps N', () => {
    /** uniform() always 0: every continuation succeeds, so N = maxTerms. */
    class Always extends Rng {
      override uniform(): number {
        return 0;
      }
    }
    const q = 0.5;
    const tr = powerTraces(A, 2, 4);
    const r = logDetRussianRoulette(A, 2, q, new Always(0), 4);
    expect(r.terms).toBe(4);
    expect(r.estimate).toBeCloseTo(tr[0] - tr[1] / (2 * q) + tr[2] / (3 * q * q) - tr[3] / (4 * q ** 3), 14);
    /** uniform() always 0.99 ≥ q: the first continuation fails, N = 1 and the estimate is tr A. */
    class Never extends Rng {
      override uniform(): number {
        return 0.99;
      }
    }
    const one = logDetRussianRoulette(A, 2, q, new Never(0));
    expect(one.terms).toBe(1);
    expect(one.estimate).toBeCloseTo(tr[0], 15);
  });
});
