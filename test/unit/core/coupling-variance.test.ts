/**
 * Theorem 2's constant C on a coupling of two point sets: zero when the plan is a single pair (the
 * marginal field is that pair's conditional field), for I-CFM and for the Schrödinger bridge (whose
 * target has a noise term c'ε); equal within its standard error to an independent Monte Carlo
 * estimator (the claims helper: unstratified, one point per call) on the two-blob example; refuses
 * one-sided paths.
 */
import { describe, expect, it } from 'vitest';
import { Rng, clusterPlan, couplingVariance, getPath, twoBlobs } from '../../../src/lib/core/index.ts';
import { conditionalVarianceMC } from '../claims/conditional-variance.ts';

describe('couplingVariance', () => {
  it('is zero for a single pair (I-CFM and Schrödinger bridge)', () => {
    const x0 = Float64Array.of(-1, 0.5);
    const x1 = Float64Array.of(2, 1);
    for (const name of ['icfm', 'sb'] as const) {
      const c = couplingVariance(getPath(name, { sigma: 0.4 }), x0, 1, x1, 1, 2, [1], 8, 50, new Rng(2));
      expect(c.mean).toBeLessThan(1e-20);
      expect(c.times.length).toBe(8);
    }
  });

  it('agrees with an independent estimator on the two-blob example (bad and good plans)', () => {
    const ex = twoBlobs(5);
    for (const name of ['bad', 'good', 'independent'] as const) {
      const plan = clusterPlan(ex, name);
      const c = couplingVariance(getPath('icfm', { sigma: 0.1 }), ex.src, ex.n, ex.tgt, ex.n, 2, plan, 40, 100, new Rng(3));
      const ref = conditionalVarianceMC(ex.src, ex.tgt, ex.n, plan, 0.1, 8000, 11);
      // The reference's own error is of the same order; allow four standard errors of ours plus a margin.
      expect(Math.abs(c.mean - ref), name).toBeLessThan(4 * c.se + 0.05 * Math.max(ref, 0.01));
      expect(c.se).toBeGreaterThan(0);
    }
    // The bad plan's targets disagree far more than the good plan's.
    const bad = couplingVariance(
      getPath('icfm', { sigma: 0.1 }),
      ex.src,
      ex.n,
      ex.tgt,
      ex.n,
      2,
      clusterPlan(ex, 'bad'),
      20,
      50,
      new Rng(4),
    );
    const good = couplingVariance(
      getPath('icfm', { sigma: 0.1 }),
      ex.src,
      ex.n,
      ex.tgt,
      ex.n,
      2,
      clusterPlan(ex, 'good'),
      20,
      50,
      new Rng(4),
    );
    expect(bad.mean).toBeGreaterThan(20 * good.mean);
  });

  it('refuses a one-sided path and too few samples', () => {
    const p = Float64Array.of(0, 0);
    expect(() => couplingVariance(getPath('ot', { sigmaMin: 0.1 }), p, 1, p, 1, 2, [1], 4, 10, new Rng(1))).toThrow();
    expect(() => couplingVariance(getPath('icfm', { sigma: 0.1 }), p, 1, p, 1, 2, [1], 4, 1, new Rng(1))).toThrow(RangeError);
  });
});
