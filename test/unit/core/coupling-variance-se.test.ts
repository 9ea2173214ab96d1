/**
 * coupling-variance.ts, as its header states it: one uniform time per stratum, M draws of (i, j, ε)
 * per stratum (pairs from the plan, then ε coordinate by coordinate), V_k the mean of
 * ‖Y − u_t(x_t)‖², the estimate the mean of the V_k, and the standard error √(Σ_k s_k² / M) / T with
 * s_k² the unbiased sample variance in stratum k. The other tests check the estimate against an
 * independent estimator to a tolerance and never looked at the standard error; here the whole
 * computation is replayed from a twin generator, on an unnormalised plan with d = 2.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/lib/core/rng.ts';
import { getPath } from '../../../src/lib/core/paths.ts';
import { marginalVelocity } from '../../../src/lib/core/closed-form.ts';
import { samplePlanPairs } from '../../../src/lib/core/couplings.ts';
import { couplingVariance, couplingVarianceStrata } from '../../../src/lib/core/coupling-variance.ts';

describe('couplingVariance, replayed', () => {
  const path = getPath('icfm', { sigma: 0.3 });
  const d = 2;
  const source = [-1, 0.2, 0.5, -0.4, 1.3, 1];
  const targets = [2, 1, -1.5, 0.3, 0.4, -2];
  const plan = [2, 0.5, 0, 0, 1, 1, 0.5, 0, 3]; // 3 × 3, mass 8, not a doubly-stochastic scaling
  const T = 3;
  const M = 5;

  it('gives the documented mean, curve, times and standard error, draw for draw', () => {
    const got = couplingVariance(path, source, 3, targets, 3, d, plan, T, M, new Rng(21));
    const rng = new Rng(21);
    const means: number[] = [];
    let varSum = 0;
    for (let k = 0; k < T; k++) {
      const t = (k + rng.uniform()) / T;
      expect(got.times[k]).toBe(t);
      const { a, b, c, da, db, dc } = path.coefficients(t);
      const { rows, cols } = samplePlanPairs(plan, 3, 3, M, rng);
      const x = new Float64Array(M * d);
      const y = new Float64Array(M * d);
      for (let q = 0; q < M; q++)
        for (let m = 0; m < d; m++) {
          const e = rng.normal();
          x[q * d + m] = a * targets[cols[q] * d + m] + b * source[rows[q] * d + m] + c * e;
          y[q * d + m] = da * targets[cols[q] * d + m] + db * source[rows[q] * d + m] + dc * e;
        }
      const u = marginalVelocity(path, x, M, t, targets, 3, d, { source, nSource: 3, plan });
      const r = Array.from({ length: M }, (_, q) => (y[q * d] - u[q * d]) ** 2 + (y[q * d + 1] - u[q * d + 1]) ** 2);
      const mean = r.reduce((s, v) => s + v, 0) / M;
      const s2 = r.reduce((s, v) => s + (v - mean) ** 2, 0) / (M - 1);
      expect(got.curve[k]).toBeCloseTo(mean, 12);
      means.push(mean);
      varSum += s2 / M;
    }
    expect(got.mean).toBeCloseTo(means.reduce((s, v) => s + v, 0) / T, 12);
    expect(got.se).toBeGreaterThan(0);
    expect(got.se).toBeCloseTo(Math.sqrt(varSum) / T, 12);
  });

  it('accepts one stratum and two samples (the smallest valid call), and names what is wrong', () => {
    const one = couplingVariance(path, source, 3, targets, 3, d, plan, 1, 2, new Rng(2));
    expect(one.times).toHaveLength(1);
    expect(Number.isFinite(one.se)).toBe(true);
    expect(() => couplingVariance(path, source, 3, targets, 3, d, plan, 0, 5, new Rng(2))).toThrow(/≥ 1 stratum/);
    expect(() => couplingVariance(path, source, 3, targets, 3, d, plan, 2, 1, new Rng(2))).toThrow(/≥ 2 samples/);
    expect(() => couplingVariance(getPath('ot', { sigmaMin: 0.1 }), source, 3, targets, 3, d, plan, 2, 5, new Rng(2))).toThrow(/two-sided/);
  });

  it('stratum by stratum: yields 0, 1, …, T − 1 and returns the estimate of the call in one go', () => {
    const strata = couplingVarianceStrata(path, source, 3, targets, 3, d, plan, 7, M, new Rng(4));
    const yielded: number[] = [];
    let step = strata.next();
    for (; !step.done; step = strata.next()) yielded.push(step.value);
    expect(yielded).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(step.value).toEqual(couplingVariance(path, source, 3, targets, 3, d, plan, 7, M, new Rng(4)));
  });
});
