/**
 * The solver lab's sweep protocol (core/solver-sweep.ts): its jobs, the fit of the observed order and
 * the NFE read off for an accuracy, checked against closed forms (power laws, the test equation).
 */
import { describe, expect, it } from 'vitest';
import { ODE_METHOD_NAMES, type VelocityFn } from '../../../src/lib/core/index.ts';
import {
  ERROR_FLOOR,
  FIT_POINTS,
  REFERENCE_TOL,
  SWEEP_NFE,
  SWEEP_TOLERANCES,
  fitObservedOrder,
  jobOptions,
  measureRun,
  nfeForError,
  referenceOptions,
  runSweep,
  sweepJobs,
  type SweepPoint,
} from '../../../src/lib/core/solver-sweep.ts';

const powerLaw = (c: number, p: number, nfes: number[]): SweepPoint[] => nfes.map((nfe) => ({ nfe, error: c * nfe ** -p, w2: 0 }));

describe('sweep jobs', () => {
  it('buys ⌊NFE/s⌋ steps at each budget a fixed-step method can afford, once per step count', () => {
    expect(sweepJobs('euler').map((j) => j.steps)).toEqual([...SWEEP_NFE]);
    expect(sweepJobs('heun').map((j) => j.steps)).toEqual(SWEEP_NFE.map((n) => n / 2));
    expect(sweepJobs('rk4').map((j) => j.steps)).toEqual(SWEEP_NFE.map((n) => n / 4));
    expect(sweepJobs('rk4', [2, 4, 5, 8, 9]).map((j) => j.steps)).toEqual([1, 2]);
  });

  it('runs adaptive Dopri5 at the sweep tolerances with rtol = atol', () => {
    const jobs = sweepJobs('dopri5');
    expect(jobs.map((j) => j.tol)).toEqual([...SWEEP_TOLERANCES]);
    expect(jobOptions(jobs[0], 0, 0.5)).toMatchObject({ method: 'dopri5', rtol: 1e-2, atol: 1e-2, t0: 0, t1: 0.5 });
    expect(referenceOptions()).toMatchObject({ method: 'dopri5', rtol: REFERENCE_TOL, atol: REFERENCE_TOL });
  });
});

describe('observed order and budgets', () => {
  it('recovers the exponent of an exact power law from its finest points above the floor', () => {
    const pts = powerLaw(3, 2.5, [4, 8, 16, 32, 64, 128]);
    const fit = fitObservedOrder(pts)!;
    expect(fit.slope).toBeCloseTo(-2.5, 12);
    expect(fit.used.map((p) => p.nfe)).toEqual([16, 32, 64, 128]);
    expect(fit.used).toHaveLength(FIT_POINTS);
  });

  it('leaves out points at or below the floor, and gives up with fewer than two', () => {
    const pts = [...powerLaw(1, 1, [4, 8, 16]), { nfe: 32, error: ERROR_FLOOR / 2, w2: 0 }];
    expect(fitObservedOrder(pts)!.used.map((p) => p.nfe)).toEqual([4, 8, 16]);
    expect(fitObservedOrder(powerLaw(1, 1, [4]))).toBeNull();
  });

  it('reads off the NFE for an accuracy exactly on a power law, and null when never reached', () => {
    const pts = powerLaw(1, 2, [4, 8, 16, 32]);
    // error = NFE⁻², so error 1/100 is reached at NFE 10, between the runs at 8 and 16.
    expect(nfeForError(pts, 1e-2)).toBeCloseTo(10, 10);
    expect(nfeForError(pts, 1)).toBe(4);
    expect(nfeForError(pts, 1e-4)).toBeNull();
  });
});

describe('a sweep on the test equation y′ = −y', () => {
  const decay: VelocityFn = (x, _t, out) => {
    for (let i = 0; i < x.length; i++) out[i] = -x[i];
  };
  const x0 = [1, -2, 0.5, 3];
  const s = runSweep(decay, x0, 2, 2, ODE_METHOD_NAMES);

  it('has the exact solution e⁻¹x₀ as its reference', () => {
    for (let i = 0; i < 4; i++) expect(s.reference[i]).toBeCloseTo(x0[i] * Math.exp(-1), 10);
  });

  it('measures Euler against (1 − 1/K)^K exactly, with W₂ ≤ RMS error', () => {
    const norm = Math.sqrt((1 + 4 + 0.25 + 9) / 2);
    for (const p of s.curves.euler!) {
      expect(p.error).toBeCloseTo(norm * Math.abs((1 - 1 / p.steps!) ** p.steps! - Math.exp(-1)), 9);
      expect(p.w2).toBeLessThanOrEqual(p.error + 1e-15);
    }
  });

  it('finds the orders 1, 2, 2, 4 of the fixed-step methods', () => {
    const slope = (m: 'euler' | 'midpoint' | 'heun' | 'rk4') => fitObservedOrder(s.curves[m]!)!.slope;
    expect(slope('euler')).toBeCloseTo(-1, 1);
    expect(slope('midpoint')).toBeCloseTo(-2, 1);
    expect(slope('heun')).toBeCloseTo(-2, 1);
    expect(slope('rk4')).toBeCloseTo(-4, 0);
  });

  it('records the step count or tolerance of each run', () => {
    const p = measureRun({ method: 'dopri5', tol: 1e-3 }, [1, 1], 7, [1, 2], 1, 2);
    expect(p).toEqual({ nfe: 7, error: 1, w2: 1, tol: 1e-3 });
    const blown = measureRun({ method: 'euler', steps: 1 }, [Infinity, 0], 1, [1, 2], 1, 2);
    expect([blown.error, blown.w2, blown.steps]).toEqual([Infinity, Infinity, 1]);
  });
});
