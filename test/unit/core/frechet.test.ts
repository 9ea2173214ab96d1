/**
 * frechetDistance (core/gaussian-w2.ts), the statistic behind FID, against numpy/scipy: Gaussian fits
 * by numpy.cov and the cross term by scipy.linalg.sqrtm of S₁S₂ (an independent route from the core's
 * Jacobi square roots of S₁^{1/2} S₂ S₁^{1/2}). Golden file: test/fixtures/core/frechet_golden.json,
 * made by make_frechet_golden.py (d = 2, 3, 5; n ≠ m; a rank-deficient covariance; two draws of one law).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { frechetDistance, meanAndCovariance } from '../../../src/lib/core/gaussian-w2.ts';

interface Case {
  name: string;
  d: number;
  n: number;
  m: number;
  a: number[];
  b: number[];
  frechet: number;
  meanA: number[];
  covA: number[];
  meanB: number[];
  covB: number[];
}
const golden = JSON.parse(readFileSync(new URL('../../fixtures/core/frechet_golden.json', import.meta.url), 'utf8')) as { cases: Case[] };

const close = (got: ArrayLike<number>, want: number[], tol: number) => {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(tol * (1 + Math.abs(want[i])));
};

describe('frechetDistance against numpy/scipy', () => {
  it('has five cases', () => expect(golden.cases).toHaveLength(5));

  for (const c of golden.cases) {
    it(`${c.name} (d = ${c.d}, n = ${c.n}, m = ${c.m})`, () => {
      const fa = meanAndCovariance(c.a, c.n, c.d);
      const fb = meanAndCovariance(c.b, c.m, c.d);
      close(fa.mean, c.meanA, 1e-12);
      close(fa.cov, c.covA, 1e-10);
      close(fb.mean, c.meanB, 1e-12);
      close(fb.cov, c.covB, 1e-10);
      const got = frechetDistance(c.a, c.n, c.b, c.m, c.d);
      expect(Math.abs(got - c.frechet)).toBeLessThan(1e-7 * Math.max(1, c.frechet));
    });
  }

  it('is symmetric, and 0 for a sample against itself', () => {
    const c = golden.cases[1];
    expect(frechetDistance(c.b, c.m, c.a, c.n, c.d)).toBeCloseTo(c.frechet, 8);
    expect(Math.abs(frechetDistance(c.a, c.n, c.a, c.n, c.d))).toBeLessThan(1e-9);
  });
});
