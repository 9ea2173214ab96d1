/**
 * Numeric answers of the exercises of chapter 3 (continuous-flows), computed with the core's
 * solvers and the continuity-equation widget's fields.
 */
import { describe, expect, it } from 'vitest';
import { Rng, integrate } from '../../../src/lib/core/index.ts';
import { flowLogLikelihood } from '../../../src/lib/core/flow-likelihood.ts';
import { makeField } from '../../../src/widgets/continuity-equation/fields.ts';
import { normalPdf } from '../../../src/widgets/change-of-variables/monotone-map.ts';

const DEFAULTS = { m: 2, s: 0.4, a: 2, c: 1.5, k: 1 };

describe('chapter 3: exercises', () => {
  // Backs (exercise "The compression field"): "p_1(0) = p_0(0) e^k = e/√(2π) ≈ 1.084" with the
  // widget's default rate k = 1: the widget's exact density, and the instantaneous change of
  // variables integrated backward by the core's RK4 solver.
  it('compression field, k = 1: the density at the origin at t = 1 is ≈ 1.084', () => {
    const field = makeField('compression', DEFAULTS);
    expect(field.density(0, 1)).toBeCloseTo(1.084, 3);
    const r = flowLogLikelihood(
      field.velocity,
      (z, n) => Float64Array.from(z.subarray(0, n), (v) => Math.log(normalPdf(v))),
      Float64Array.of(0),
      1,
      1,
      { method: 'rk4', steps: 20, divergence: { kind: 'exact' } },
    );
    expect(Math.exp(r.logLikelihood[0])).toBeCloseTo(field.density(0, 1), 8);
  });

  // Backs (exercise "How wrong is a residual flow with ten layers?"): "(0.9)^10 ≈ 0.3487 and e^{−1} ≈
  // 0.3679, so the error is about 0.0192 […] e^{−k}k²/(2K) + O(K^{−2}) ≈ 0.0184".
  it('ten Euler steps on u = −x from 1: 0.3487 against 0.3679, error 0.0192 ≈ first-order 0.0184', () => {
    const field = makeField('compression', DEFAULTS);
    const euler = integrate(field.velocity, [1], { method: 'euler', steps: 10 }).x[0];
    const exact = integrate(field.velocity, [1], { method: 'dopri5', rtol: 1e-12, atol: 1e-14 }).x[0];
    expect(euler).toBeCloseTo(0.3487, 4);
    expect(exact).toBeCloseTo(0.3679, 4);
    expect(exact - euler).toBeCloseTo(0.0192, 4);
    expect((exact * 1) / (2 * 10)).toBeCloseTo(0.0184, 4);
  });

  // Backs (exercise "Which probe?"): "For the given A […] the variances are 24 (Gaussian) and 4
  // (Rademacher)": Monte Carlo with the core's generator.
  it('Hutchinson on A = [[1, 2], [0, 3]]: unbiased, variance 24 (Gaussian) and 4 (Rademacher)', () => {
    const A = [1, 2, 0, 3];
    const rng = new Rng(17);
    const M = 200000;
    for (const [probe, variance] of [
      ['gaussian', 24],
      ['rademacher', 4],
    ] as const) {
      let s = 0;
      let s2 = 0;
      for (let m = 0; m < M; m++) {
        const x = probe === 'gaussian' ? [rng.normal(), rng.normal()] : [rng.uniform() < 0.5 ? -1 : 1, rng.uniform() < 0.5 ? -1 : 1];
        const q = x[0] * (A[0] * x[0] + A[1] * x[1]) + x[1] * (A[2] * x[0] + A[3] * x[1]);
        s += q;
        s2 += q * q;
      }
      const mean = s / M;
      const v = s2 / M - mean * mean;
      expect(Math.abs(mean - 4)).toBeLessThan(4 * Math.sqrt(variance / M));
      expect(Math.abs(v - variance) / variance).toBeLessThan(0.03);
    }
  });
});
