/**
 * solver-analysis.ts against closed forms (until now only the solvers chapter's claims tests called
 * most of it, so its mutants had no core coverage): NFE per method (Dopri5 6K + 1 with FSAL), R(z)
 * of each method on the test equation (1 + z, 1 + z + z²/2, Σₖ₌₀⁴ zᵏ/k!) at a complex z, the real
 * stability boundaries (Euler and the order-2 methods 2, RK4 2.785293563…), the RMS error over
 * points, the log–log slope of a power law, power time grids, one step per grid interval, and the
 * Euler error bound with its L → 0 limit.
 */
import { describe, expect, it } from 'vitest';
import type { VelocityFn } from '../../../src/lib/core/ode.ts';
import {
  amplification,
  eulerErrorBound,
  fitLogLogSlope,
  fixedStepNfe,
  integrateFixed,
  integrateOnGrid,
  powerTimeGrid,
  realStabilityBoundary,
  rmsError,
  stabilityFunction,
  stepsToTolerance,
} from '../../../src/lib/core/solver-analysis.ts';

/** Σₖ₌₀ⁿ zᵏ/k! for complex z = (a, b). */
function taylor(a: number, b: number, n: number): [number, number] {
  let [re, im] = [1, 0];
  let [tr, ti] = [1, 0];
  for (let k = 1; k <= n; k++) {
    [tr, ti] = [(tr * a - ti * b) / k, (tr * b + ti * a) / k];
    re += tr;
    im += ti;
  }
  return [re, im];
}

describe('solver-analysis against closed forms', () => {
  it('NFE: s·K for the fixed-step methods, 6K + 1 for Dopri5 (and integrateFixed spends exactly that)', () => {
    expect([
      fixedStepNfe('euler', 7),
      fixedStepNfe('midpoint', 7),
      fixedStepNfe('heun', 7),
      fixedStepNfe('rk4', 7),
      fixedStepNfe('dopri5', 7),
    ]).toEqual([7, 14, 14, 28, 43]);
    const f: VelocityFn = (x, t, out) => out.set([Math.sin(t) - x[0]]);
    for (const m of ['euler', 'rk4', 'dopri5'] as const) expect(integrateFixed(f, [1], m, 5).nfe).toBe(fixedStepNfe(m, 5));
    expect(integrateFixed(f, [1], 'rk4', 4, 0.5, 2).x[0]).not.toBe(integrateFixed(f, [1], 'rk4', 4).x[0]);
  });

  it('R(z) at z = −0.7 + 0.4i is the Taylor polynomial of the method’s order; |R| on the real axis', () => {
    const [a, b] = [-0.7, 0.4];
    const cases = [
      ['euler', 1],
      ['midpoint', 2],
      ['heun', 2],
      ['rk4', 4],
    ] as const;
    for (const [m, p] of cases) {
      const [re, im] = stabilityFunction(m, a, b);
      const [tr, ti] = taylor(a, b, p);
      expect(re).toBeCloseTo(tr, 13);
      expect(im).toBeCloseTo(ti, 13);
    }
    expect(amplification('euler', -2.5)).toBeCloseTo(1.5, 13);
    expect(amplification('rk4', -1)).toBeCloseTo(taylor(-1, 0, 4)[0], 13);
  });

  it('real stability boundaries: 2 for Euler, midpoint and Heun, 2.785293563 for RK4', () => {
    expect(realStabilityBoundary('euler')).toBeCloseTo(2, 8);
    expect(realStabilityBoundary('heun')).toBeCloseTo(2, 8);
    expect(realStabilityBoundary('rk4')).toBeCloseTo(2.785293563, 8);
  });

  it('rmsError is √((1/n) Σ‖aᵢ − bᵢ‖²); the slope of y = 3x^(−2.5) is −2.5', () => {
    expect(rmsError([0, 0, 1, 1], [3, 4, 1, 1], 2, 2)).toBeCloseTo(Math.sqrt(25 / 2), 14);
    const x = [2, 4, 8, 16, 32];
    expect(
      fitLogLogSlope(
        x,
        x.map((v) => 3 * v ** -2.5),
      ),
    ).toBeCloseTo(-2.5, 12);
  });

  it('power grids t_k = T(1 − (1 − k/K)^ρ) end exactly at T; one step per interval', () => {
    expect(powerTimeGrid(4, 2)).toEqual([0, 0.5, 1, 1.5, 2]);
    const g = powerTimeGrid(4, 1, 2);
    [0, 1 - 0.75 ** 2, 1 - 0.5 ** 2, 1 - 0.25 ** 2, 1].forEach((t, k) => expect(g[k]).toBeCloseTo(t, 15));
    expect(powerTimeGrid(0.5)).toEqual([0, 1]);
    const f: VelocityFn = (x, t, out) => out.set([t * x[0]]);
    const r = integrateOnGrid(f, [1], 'heun', g);
    let x = 1;
    for (let k = 0; k < 4; k++) x = integrateFixed(f, [x], 'heun', 1, g[k], g[k + 1]).x[0];
    expect(r.x[0]).toBe(x);
    expect(r.nfe).toBe(8);
  });

  it('the Euler bound is (h M₂/2)(e^{LT} − 1)/L, and h M₂ T/2 for L = 0', () => {
    expect(eulerErrorBound(10, 3, 2, 1.5)).toBeCloseTo(0.5 * 0.15 * 3 * (Math.expm1(3) / 2), 13);
    expect(eulerErrorBound(10, 3, 0, 1.5)).toBeCloseTo(0.5 * 0.15 * 3 * 1.5, 14);
  });

  it('stepsToTolerance: the fewest steps whose error is within tol, or null', () => {
    const f: VelocityFn = (x, _t, out) => out.set([-x[0]]);
    const ref = [Math.exp(-1)];
    const r = stepsToTolerance(f, [1], ref, 1, 1, 'euler', 0.02)!;
    expect(r.error).toBeLessThanOrEqual(0.02);
    expect(rmsError(integrateFixed(f, [1], 'euler', r.steps - 1).x, ref, 1, 1)).toBeGreaterThan(0.02);
    expect(r.nfe).toBe(r.steps);
    expect(stepsToTolerance(f, [1], ref, 1, 1, 'euler', 1e-9, 8)).toBeNull();
  });
});
