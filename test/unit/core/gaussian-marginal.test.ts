/**
 * Core modules of chapter 5 beyond their claims tests: the Gaussian → Gaussian formulas against a
 * direct computation, and the refusals of gaussian-marginal.ts, conditional-variance.ts and
 * schedule-change.ts (clear messages, nothing silently wrong).
 */
import { describe, expect, it } from 'vitest';
import { Rng, getPath } from '../../../src/lib/core/index.ts';
import {
  gaussianConditionalVariance,
  gaussianMarginalScore,
  gaussianMarginalVelocity,
  gaussianPosteriorMeanX1,
  type GaussianLaw,
} from '../../../src/lib/core/gaussian-marginal.ts';
import { conditionalVarianceAt } from '../../../src/lib/core/conditional-variance.ts';
import { scheduleChange } from '../../../src/lib/core/schedule-change.ts';

const law: GaussianLaw = { mean: [1, -2], cov: [2, 0.5, 0.5, 1], d: 2 };

describe('gaussian-marginal', () => {
  it('the score is the gradient of log 𝒩(a m, a²Σ + s²I) (finite differences of the explicit density)', () => {
    const path = getPath('ot', { sigmaMin: 0 });
    const t = 0.4;
    const { a, b } = path.coefficients(t);
    const k = [a * a * 2 + b * b, a * a * 0.5, a * a * 0.5, a * a * 1 + b * b];
    const det = k[0] * k[3] - k[1] * k[2];
    const logp = (x: number[]) => {
      const r = [x[0] - a * 1, x[1] + a * 2];
      const q = (k[3] * r[0] * r[0] - 2 * k[1] * r[0] * r[1] + k[0] * r[1] * r[1]) / det;
      return -0.5 * q - 0.5 * Math.log(det) - Math.log(2 * Math.PI);
    };
    const x = [0.3, -0.7];
    const score = gaussianMarginalScore(path, x, 1, t, law);
    const h = 1e-6;
    expect(score[0]).toBeCloseTo((logp([x[0] + h, x[1]]) - logp([x[0] - h, x[1]])) / (2 * h), 6);
    expect(score[1]).toBeCloseTo((logp([x[0], x[1] + h]) - logp([x[0], x[1] - h])) / (2 * h), 6);
  });

  it('at t = 0 of the straight path the field is m − x and the denoiser is the prior mean', () => {
    const path = getPath('rectified');
    const x = [0.5, 3];
    expect(Array.from(gaussianMarginalVelocity(path, x, 1, 0, law))).toEqual([1 - 0.5, -2 - 3]);
    expect(Array.from(gaussianPosteriorMeanX1(path, x, 1, 0, law))).toEqual([1, -2]);
  });

  it('V(t) is never negative and never exceeds the target second moment minus its mean', () => {
    for (const name of ['ot', 'rectified', 'icfm', 'trig', 'vp'] as const) {
      const path = getPath(name, { sigma: 0.3 });
      for (let i = 0; i <= 20; i++) {
        const t = path.tMin + ((path.tMax - path.tMin) * i) / 20;
        const { da, db, dc } = path.coefficients(t);
        if (![da, db, dc].every(Number.isFinite)) continue;
        const v = gaussianConditionalVariance(path, t, law);
        expect(v).toBeGreaterThanOrEqual(-1e-9);
        expect(v).toBeLessThanOrEqual(da * da * 3 + 2 * (db * db + dc * dc) + 1e-9); // tr Cov(Y)
      }
    }
  });

  it('refuses a singular Cov(x_t), bad shapes and non-finite coefficients', () => {
    const degenerate: GaussianLaw = { mean: [0, 0], cov: [1, 1, 1, 1], d: 2 }; // rank 1
    expect(() => gaussianMarginalVelocity(getPath('ot', { sigmaMin: 0 }), [0, 0], 1, 1, degenerate)).toThrow(/not positive definite/);
    expect(() => gaussianMarginalVelocity(getPath('rectified'), [0, 0], 1, 0.5, { mean: [0], cov: [1, 0, 0, 1], d: 2 })).toThrow(
      /d entries/,
    );
    expect(() => gaussianMarginalVelocity(getPath('rectified'), [0, 0, 0], 1, 0.5, law)).toThrow(/n × d/);
    expect(() => gaussianConditionalVariance(getPath('vp'), 1, law)).toThrow(/non-finite/);
  });
});

describe('conditional-variance and schedule-change refusals', () => {
  it('V(t) by Monte Carlo needs two samples and reports a standard error', () => {
    const path = getPath('rectified');
    expect(() => conditionalVarianceAt(path, 0.5, [0, 0], 1, 2, 1, new Rng(1))).toThrow(/at least 2/);
    const est = conditionalVarianceAt(path, 0.5, [0, 0, 1, 1], 2, 2, 200, new Rng(1));
    expect(est.se).toBeGreaterThan(0);
    expect(est.mean).toBeGreaterThan(0);
  });

  it('schedule change refuses two-sided paths and ratios out of range', () => {
    const cone = getPath('ot', { sigmaMin: 0 });
    expect(() => scheduleChange(getPath('rectified'), cone, 0.5)).toThrow(/not a one-sided path/);
    // OT with σ_min = 0.5 has ρ ≤ 2 on [0, 1]; the conical path's ρ at t = 0.9 is 9.
    expect(() => scheduleChange(getPath('ot', { sigmaMin: 0.5 }), cone, 0.9)).toThrow(/outside the range/);
    const same = scheduleChange(cone, cone, 0.3);
    expect(same.r).toBeCloseTo(0.3, 12);
    expect(same.k).toBeCloseTo(1, 12);
    expect(same.dr).toBeCloseTo(1, 8);
    expect(same.dk).toBeCloseTo(0, 8);
  });
});
