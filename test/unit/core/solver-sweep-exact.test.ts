/**
 * solver-sweep.ts on hand-made curves: fitObservedOrder and nfeForError sort by NFE themselves (a
 * sweep's points arrive in any order, and the caller's array is left as it was), the error floor is
 * exclusive (an error equal to it is noise), a curve needs two distinct NFEs to be fitted, nfeForError
 * interpolates log–log between the runs either side of ε; the jobs' options carry `trajectory` and
 * the defaults of the sweep.
 */
import { describe, expect, it } from 'vitest';
import {
  ERROR_FLOOR,
  fitObservedOrder,
  jobOptions,
  nfeForError,
  referenceOptions,
  REFERENCE_TOL,
  sweepJobs,
  type SweepPoint,
} from '../../../src/lib/core/solver-sweep.ts';

/** error = C · NFE^(−p), shuffled (w2 is not read by the functions under test). */
const curve = (p: number, C = 1): SweepPoint[] => [64, 8, 32, 4, 16].map((nfe) => ({ nfe, error: C * nfe ** -p, w2: 0 }));

describe('solver-sweep on hand-made curves', () => {
  it('fits the slope of the finest points above the floor, sorting a copy by NFE', () => {
    const pts = curve(2);
    const before = pts.map((p) => p.nfe);
    const fit = fitObservedOrder(pts, 1e-12, 3)!;
    expect(fit.slope).toBeCloseTo(-2, 12);
    expect(fit.used.map((p) => p.nfe)).toEqual([16, 32, 64]);
    expect(pts.map((p) => p.nfe)).toEqual(before);
  });

  it('treats an error equal to the floor as noise, and needs two distinct NFEs', () => {
    const pts: SweepPoint[] = [
      { nfe: 4, error: 1e-3, w2: 0 },
      { nfe: 8, error: ERROR_FLOOR, w2: 0 },
    ];
    expect(fitObservedOrder(pts)).toBeNull();
    expect(
      fitObservedOrder([
        { nfe: 8, error: 1e-3, w2: 0 },
        { nfe: 8, error: 1e-4, w2: 0 },
      ]),
    ).toBeNull();
    expect(
      fitObservedOrder([
        { nfe: 4, error: 1e-3, w2: 0 },
        { nfe: 8, error: 2e-10, w2: 0 },
      ])!.slope,
    ).toBeCloseTo(Math.log(2e-7) / Math.log(2), 10);
  });

  it('nfeForError: log–log interpolation between the runs either side of ε, on unsorted input', () => {
    expect(nfeForError(curve(2), 1 / 400)).toBeCloseTo(20, 10); // 400 = 20²
    expect(nfeForError(curve(2), 1)).toBe(4);
    expect(nfeForError(curve(2), 1e-9)).toBeNull();
    const flat: SweepPoint[] = [
      { nfe: 16, error: 1e-3, w2: 0 },
      { nfe: 8, error: 1e-3, w2: 0 },
    ];
    expect(nfeForError(flat, 1e-3)).toBe(8);
  });

  it('job and reference options carry trajectory and the defaults', () => {
    expect(jobOptions({ method: 'rk4', steps: 5 }, 0, 1, true)).toEqual({ method: 'rk4', steps: 5, t0: 0, t1: 1, trajectory: true });
    expect(jobOptions({ method: 'dopri5', tol: 1e-4 })).toEqual({
      method: 'dopri5',
      rtol: 1e-4,
      atol: 1e-4,
      t0: 0,
      t1: 1,
      trajectory: false,
    });
    expect(referenceOptions(0.5, 1, true)).toEqual({
      method: 'dopri5',
      rtol: REFERENCE_TOL,
      atol: REFERENCE_TOL,
      t0: 0.5,
      t1: 1,
      trajectory: true,
    });
    expect(referenceOptions().trajectory).toBe(false);
    expect(sweepJobs('rk4', [2, 4, 8, 9])).toEqual([
      { method: 'rk4', steps: 1 },
      { method: 'rk4', steps: 2 },
    ]);
  });
});
