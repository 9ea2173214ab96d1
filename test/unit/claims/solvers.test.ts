/**
 * Claims of chapter 9 (solvers), asserted on the core: the ODE solvers of ode.ts, measured with
 * solver-analysis.ts on closed-form fields (closed-form.ts, rectified-flow.ts). Each `it` quotes the
 * sentence it backs and recomputes its numbers.
 */
import { describe, expect, it } from 'vitest';
import {
  Rng,
  getPath,
  integrate,
  marginalVelocity,
  sampleDataset,
  type OdeMethod,
  type PathName,
  type VelocityFn,
} from '../../../src/lib/core/index.ts';
import {
  eulerErrorBound,
  errorCurve,
  fitLogLogSlope,
  fixedStepNfe,
  integrateFixed,
  integrateOnGrid,
  realStabilityBoundary,
  rmsError,
  stabilityFunction,
  stepsToTolerance,
  powerTimeGrid,
} from '../../../src/lib/core/solver-analysis.ts';
import { gaussianToDataField, pairedField, reflowRounds } from '../../../src/lib/core/rectified-flow.ts';

const d = 2;

/** A closed-form marginal field (Gaussian source) for the path on 8 moons points drawn with Rng(seed). */
function closedFormSetting(name: PathName, seed: number, m: number, params = {}) {
  const rng = new Rng(seed);
  const data = sampleDataset('moons', 8, rng.fork());
  const x0 = sampleDataset('normal', m, rng.fork());
  const path = getPath(name, params);
  const f: VelocityFn = (x, t, out) => {
    out.set(marginalVelocity(path, x, x.length / d, t, data, 8, d));
  };
  return { data, x0, path, f };
}

describe('orders and budgets on a smooth closed-form field (chapter 9)', () => {
  const M = 64;
  const { x0, f } = closedFormSetting('icfm', 5, M, { sigma: 0.3 });
  const ref = integrate(f, x0, { method: 'dopri5', rtol: 1e-12, atol: 1e-12 }).x;

  it('"The fitted slopes are −1.01 for Euler, −1.95 for midpoint, −1.96 for Heun, −3.86 for RK4 and −4.82 for Dopri5 with fixed steps"', () => {
    const steps: Record<OdeMethod, number[]> = {
      euler: [128, 256, 512, 1024],
      midpoint: [32, 64, 128, 256],
      heun: [32, 64, 128, 256],
      rk4: [8, 16, 32, 64],
      dopri5: [4, 8, 16, 32],
    };
    const stated: Record<OdeMethod, string> = { euler: '-1.01', midpoint: '-1.95', heun: '-1.96', rk4: '-3.86', dopri5: '-4.82' };
    for (const m of Object.keys(steps) as OdeMethod[]) {
      const c = errorCurve(f, x0, ref, M, d, m, steps[m]);
      expect(fitLogLogSlope(c.nfe, c.error).toFixed(2)).toBe(stated[m]);
      if (m === 'rk4') {
        // Exercise "Measure an order": the four RK4 errors quoted there.
        expect(c.nfe).toEqual([32, 64, 128, 256]);
        expect(c.error.map((e) => e.toExponential(2))).toEqual(['7.00e-4', '4.65e-5', '3.42e-6', '2.26e-7']);
      }
      if (m === 'dopri5') {
        expect(c.nfe).toEqual([25, 49, 97, 193]);
        expect(c.error.map((e) => e.toExponential(2))).toEqual(['8.86e-4', '1.29e-4', '2.79e-6', '5.59e-8']);
      }
    }
  });

  it('"the smallest number of fixed steps that brings the RMS endpoint error below 10⁻² costs 133 NFE with Euler, 16 with midpoint, 20 with Heun, 16 with RK4 and 19 with Dopri5"', () => {
    const nfe = (m: OdeMethod, tol: number) => stepsToTolerance(f, x0, ref, M, d, m, tol, 1024)?.nfe ?? null;
    expect([nfe('euler', 1e-2), nfe('midpoint', 1e-2), nfe('heun', 1e-2), nfe('rk4', 1e-2), nfe('dopri5', 1e-2)]).toEqual([
      133, 16, 20, 16, 19,
    ]);
  });

  it('"For 10⁻⁴ the costs are 182 (midpoint), 218 (Heun), 52 (RK4) and 55 (Dopri5); Euler is still above 10⁻⁴ after 1024 steps"', () => {
    const nfe = (m: OdeMethod) => stepsToTolerance(f, x0, ref, M, d, m, 1e-4, 256)?.nfe ?? null;
    expect([nfe('midpoint'), nfe('heun'), nfe('rk4'), nfe('dopri5')]).toEqual([182, 218, 52, 55]);
    expect(rmsError(integrateFixed(f, x0, 'euler', 1024).x, ref, M, d)).toBeGreaterThan(1e-4);
  });

  it('"Adaptive Dopri5 reaches an error of 3.6×10⁻³ with 38 NFE at tolerance 10⁻³, and 2.3×10⁻⁶ with 116 NFE at tolerance 10⁻⁶"', () => {
    const a = integrate(f, x0, { method: 'dopri5', rtol: 1e-3, atol: 1e-3 });
    expect(a.nfe).toBe(38);
    expect(rmsError(a.x, ref, M, d).toExponential(1)).toBe('3.6e-3');
    const b = integrate(f, x0, { method: 'dopri5', rtol: 1e-6, atol: 1e-6 });
    expect(b.nfe).toBe(116);
    expect(rmsError(b.x, ref, M, d).toExponential(1)).toBe('2.3e-6');
  });
});

describe('straight flows need few steps (chapter 9)', () => {
  // The 1-RF and 2-RF fields of chapter 8 (same setting as claims/rectified-flow.test.ts).
  const M = 128;
  const rng = new Rng(1);
  const data = sampleDataset('moons', 8, rng.fork());
  const start = sampleDataset('normal', M, rng.fork());
  const f1 = gaussianToDataField(data, 8, d);
  const rounds = reflowRounds(data, 8, start, start, d, rng.fork(), { rounds: 2, sigma: 0.1, eulerSteps: [1] });
  const f2 = pairedField(rounds[0].coupling, M, d, 0.1);
  const z0 = rounds[1].coupling.x0;
  const ref1 = integrate(f1, start, { method: 'dopri5', rtol: 1e-10, atol: 1e-10 }).x;
  const ref2 = integrate(f2, z0, { method: 'dopri5', rtol: 1e-10, atol: 1e-10 }).x;
  const err = (m: OdeMethod, k: number) => [
    rmsError(integrateFixed(f1, start, m, k).x, ref1, M, d),
    rmsError(integrateFixed(f2, z0, m, k).x, ref2, M, d),
  ];

  it('"With 4 NFE, the RMS endpoint error of Euler is 1.27 for the 1-RF and 0.067 for the 2-RF, nineteen times smaller"', () => {
    const [e1, e2] = err('euler', 4);
    expect(e1.toFixed(2)).toBe('1.27');
    expect(e2.toFixed(3)).toBe('0.067');
    expect(Math.round(e1 / e2)).toBe(19);
  });

  it('"With 16 NFE of RK4 it is 0.062 against 0.0055"', () => {
    expect(fixedStepNfe('rk4', 4)).toBe(16);
    const [e1, e2] = err('rk4', 4);
    expect(e1.toFixed(3)).toBe('0.062');
    expect(e2.toFixed(4)).toBe('0.0055');
  });

  it('"adaptive Dopri5 at tolerance 10⁻³ spends 86 NFE on the 1-RF but only 26 on the 2-RF"', () => {
    expect(integrate(f1, start, { method: 'dopri5', rtol: 1e-3, atol: 1e-3 }).nfe).toBe(86);
    expect(integrate(f2, z0, { method: 'dopri5', rtol: 1e-3, atol: 1e-3 }).nfe).toBe(26);
  });

  it('Corollary "Zero acceleration, zero error": Euler is exact on a straight constant-speed (shear) field for every step count', () => {
    // u_t(x) = A x + b(t) with A = [[0, 1], [0, 0]], b(t) = b₀ − t A b₀ (Exercise "Acceleration of a linear field").
    const b0 = [0.3, -1.2];
    const shear: VelocityFn = (x, t, out) => {
      for (let q = 0; q < x.length; q += 2) {
        out[q] = x[q + 1] + b0[0] - t * b0[1];
        out[q + 1] = b0[1];
      }
    };
    const x = sampleDataset('normal', 50, new Rng(8));
    const exact = integrate(shear, x, { method: 'dopri5', rtol: 1e-12, atol: 1e-12 }).x;
    for (const k of [1, 2, 3, 7]) expect(rmsError(integrateFixed(shear, x, 'euler', k).x, exact, 50, 2)).toBeLessThan(1e-10);
  });
});

describe('error bound and stability (chapter 9)', () => {
  it('"The claims tests run this with the core\'s Euler solver for K=1,…,64: the bound always holds, and the ratio at K=64 is 4.64"', () => {
    const f: VelocityFn = (x, _t, out) => {
      out[0] = -x[0];
    };
    let ratio = 0;
    for (let k = 1; k <= 64; k++) {
      const e = Math.abs(integrateFixed(f, [1], 'euler', k).x[0] - Math.exp(-1));
      const bound = eulerErrorBound(k, 1, 1);
      expect(e).toBeLessThanOrEqual(bound);
      ratio = bound / e;
    }
    expect(ratio.toFixed(2)).toBe('4.64');
    expect(Math.abs(ratio - Math.E * (Math.E - 1))).toBeLessThan(0.05);
  });

  it('the table: NFE per step of each method (Dopri5: 6 per step plus 1 at the start) is what the core solvers spend', () => {
    const f: VelocityFn = (x, t, out) => {
      for (let i = 0; i < x.length; i++) out[i] = Math.sin(t) - x[i];
    };
    const perStep: Record<OdeMethod, number> = { euler: 1, midpoint: 2, heun: 2, rk4: 4, dopri5: 6 };
    for (const m of Object.keys(perStep) as OdeMethod[])
      for (const k of [1, 5]) {
        const n = integrateFixed(f, [0.5, -1], m, k).nfe;
        expect(n).toBe(fixedStepNfe(m, k));
        expect(n).toBe(perStep[m] * k + (m === 'dopri5' ? 1 : 0));
      }
  });

  it('"the stability interval is [−2,0] for Euler, midpoint and Heun, about [−2.785,0] for RK4 and about [−3.307,0] for Dopri5"', () => {
    for (const m of ['euler', 'midpoint', 'heun'] as OdeMethod[]) expect(realStabilityBoundary(m)).toBeCloseTo(2, 6);
    expect(realStabilityBoundary('rk4').toFixed(3)).toBe('2.785');
    expect(realStabilityBoundary('dopri5').toFixed(3)).toBe('3.307');
  });

  it('stability functions of the core solvers are the stated polynomials (Exercise "Stability function of the two-stage methods")', () => {
    for (const [re, im] of [
      [-0.7, 0.4],
      [-1.9, 1.1],
      [0.3, -2],
    ]) {
      const z = { re, im };
      const pow = (k: number) => {
        let a = 1,
          b = 0;
        for (let i = 0; i < k; i++) [a, b] = [a * z.re - b * z.im, a * z.im + b * z.re];
        return [a, b];
      };
      const poly = (coef: number[]) =>
        coef.reduce(
          (acc, c, k) => {
            const [a, b] = pow(k);
            return [acc[0] + c * a, acc[1] + c * b];
          },
          [0, 0],
        );
      const check = (m: OdeMethod, coef: number[]) => {
        const [a, b] = stabilityFunction(m, re, im);
        const [pa, pb] = poly(coef);
        expect(a).toBeCloseTo(pa, 12);
        expect(b).toBeCloseTo(pb, 12);
      };
      check('euler', [1, 1]);
      check('midpoint', [1, 1, 1 / 2]);
      check('heun', [1, 1, 1 / 2]);
      check('rk4', [1, 1, 1 / 2, 1 / 6, 1 / 24]);
    }
  });

  it('"find the smallest number of uniform steps … Euler and Heun need K≥4, RK4 needs K≥3, Dopri5 … K≥3" (Exercise)', () => {
    const lambda = Math.log(1000);
    const minSteps = (m: OdeMethod) => Math.ceil(lambda / realStabilityBoundary(m));
    expect([minSteps('euler'), minSteps('heun'), minSteps('rk4'), minSteps('dopri5')]).toEqual([4, 4, 3, 3]);
  });
});

describe('stiffness and grids on diffusion-type paths (chapter 9)', () => {
  const M = 64;
  const vp = closedFormSetting('vp', 2, M);
  const T = vp.path.tMax;
  const refVp = integrate(vp.f, vp.x0, { method: 'dopri5', rtol: 1e-10, atol: 1e-10, t1: T, trajectory: true });

  it('"On eight moons points with the source 𝒩(0,σ_max²I), the RMS endpoint error of Euler is 23.1 with 3 steps and 2.80 with 4; that of RK4 is 59.4 with 2 steps and 1.11 with 3"', () => {
    const ve = getPath('ve');
    const f: VelocityFn = (x, t, out) => {
      out.set(marginalVelocity(ve, x, x.length / d, t, vp.data, 8, d));
    };
    const x0 = vp.x0.map((v) => ve.params.sigmaMax * v);
    const ref = integrate(f, x0, { method: 'dopri5', rtol: 1e-10, atol: 1e-10 }).x;
    const e = (m: OdeMethod, k: number) => rmsError(integrateFixed(f, x0, m, k).x, ref, M, d);
    expect(e('euler', 3).toFixed(1)).toBe('23.1');
    expect(e('euler', 4).toFixed(2)).toBe('2.80');
    expect(e('rk4', 2).toFixed(1)).toBe('59.4');
    expect(e('rk4', 3).toFixed(2)).toBe('1.11');
  });

  it('"At the usual end time T=1−10⁻⁵ this is about −5×10⁴" (the Jacobian σ′/σ of the VP field)', () => {
    const { b, db } = vp.path.coefficients(T);
    expect(db / b).toBeLessThan(-4.5e4);
    expect(db / b).toBeGreaterThan(-5.5e4);
    for (const r of [1e-4, 1e-5]) {
      const c = vp.path.coefficients(1 - r);
      expect((c.db / c.b) * 2 * r).toBeCloseTo(-1, 1);
    }
  });

  it('"Heun with 4 uniform steps ends at RMS distance 4400 from the reference, and RK4 with 32 uniform steps (128 NFE) still at 6.0. Euler with 4 steps is stable but inaccurate, at 0.94"', () => {
    const e = (m: OdeMethod, k: number, rho = 1) => rmsError(integrateOnGrid(vp.f, vp.x0, m, powerTimeGrid(k, T, rho)).x, refVp.x, M, d);
    expect(Math.round(e('heun', 4) / 100) * 100).toBe(4400);
    expect(e('rk4', 32).toFixed(1)).toBe('6.0');
    expect(e('euler', 4).toFixed(2)).toBe('0.94');
  });

  it('"RK4 with 32 steps on the grid with ρ=3 reaches an RMS error of 2.1×10⁻⁴, compared with 6.0 on the uniform grid at the same 128 NFE"', () => {
    const r = integrateOnGrid(vp.f, vp.x0, 'rk4', powerTimeGrid(32, T, 3));
    expect(r.nfe).toBe(128);
    expect(rmsError(r.x, refVp.x, M, d).toExponential(1)).toBe('2.1e-4');
  });

  it('"of the 146 steps Dopri5 accepts on this problem at tolerance 10⁻¹⁰, 74 end after t=0.9"', () => {
    expect(refVp.steps).toBe(146);
    expect(refVp.times!.filter((t) => t > 0.9).length).toBe(74);
  });
});
