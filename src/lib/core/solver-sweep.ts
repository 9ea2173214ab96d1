/**
 * An error–NFE sweep of the ODE solvers, as the solver lab runs it: which runs make up a sweep, what
 * each measures, and what is read off the measurements. The solvers are those of ode.ts and the
 * measurements those of solver-analysis.ts and metrics.ts; this module only fixes the protocol, so
 * the widget (which runs the jobs in slices to keep the page responsive), the engine (which runs
 * them on a network) and the claims tests all measure the same thing.
 *
 * - Jobs. A fixed-step method of s evaluations per step is run at every budget of `SWEEP_NFE` it
 *   can afford, with K = ⌊NFE/s⌋ steps (so NFE = sK, `stepsForBudget`); budgets that buy the same K
 *   are run once. Adaptive Dopri5 has no step count; it is run at the tolerances
 *   `SWEEP_TOLERANCES` (rtol = atol = tol), and its NFE is whatever error control spends.
 * - Measurements per run, against a reference solve of the same field from the same n starting
 *   points (Dopri5 at `REFERENCE_TOL`): the RMS endpoint error √((1/n) Σ‖xᵢ − x̄ᵢ‖²) and the exact
 *   W₂ between the endpoints and the reference endpoints as two point sets. The identity pairing is
 *   one coupling of the two sets, so W₂ ≤ RMS error always; W₂ is what a sampler's user sees (the
 *   distribution), the RMS error what the theory bounds (each trajectory).
 * - Observed order. If error ≈ C·NFE^(−p), p is minus the least-squares slope of log error against
 *   log NFE (`fitLogLogSlope`). Coarse budgets are not yet in the asymptotic regime and errors below
 *   the reference's own accuracy are noise, so the fit uses the last `FIT_POINTS` points of a curve
 *   whose error is above `floor` (default `ERROR_FLOOR`).
 * - Budget for an accuracy. `nfeForError` reads off the NFE at which a curve first reaches ε,
 *   interpolating linearly in log NFE – log error between the two bracketing runs (an estimate; the
 *   exact minimal step count is `stepsToTolerance` in solver-analysis.ts).
 */
import { integrate, ODE_METHODS, stepsForBudget, type IntegrateOptions, type OdeMethod, type VelocityFn } from './ode.ts';
import { fitLogLogSlope, rmsError } from './solver-analysis.ts';
import { w2Exact } from './metrics.ts';
import type { BidScanFor } from './assignment.ts';

/** The NFE budgets of a sweep (powers of two, 4 to 1024). */
export const SWEEP_NFE: readonly number[] = [4, 8, 16, 32, 64, 128, 256, 512, 1024];

/** The tolerances at which adaptive Dopri5 is run in a sweep. */
export const SWEEP_TOLERANCES: readonly number[] = [1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8];

/** Tolerance (rtol = atol) of the reference solve. */
export const REFERENCE_TOL = 1e-12;

/** Points of each curve used for the fitted slope (the finest ones above the floor). */
export const FIT_POINTS = 4;

/** Errors at or below this are treated as the reference's own noise (REFERENCE_TOL = 10⁻¹²). */
export const ERROR_FLOOR = 1e-10;

/** One run of a sweep: a fixed-step method with `steps` steps, or adaptive Dopri5 at `tol`. */
export type SweepJob = { method: OdeMethod; steps: number; tol?: undefined } | { method: 'dopri5'; tol: number; steps?: undefined };

/** One measured run: its cost and its errors against the reference. */
export interface SweepPoint {
  nfe: number;
  /** RMS endpoint error against the reference. */
  error: number;
  /** Exact W₂ between the endpoints and the reference endpoints (≤ error). */
  w2: number;
  /** The step count (fixed-step methods) or tolerance (adaptive Dopri5) of the run. */
  steps?: number;
  tol?: number;
}

/** The runs of one method in a sweep (budgets from `nfeGrid`, or the tolerances for Dopri5). */
export function sweepJobs(
  method: OdeMethod,
  nfeGrid: readonly number[] = SWEEP_NFE,
  tolerances: readonly number[] = SWEEP_TOLERANCES,
): SweepJob[] {
  if (method === 'dopri5') return tolerances.map((tol) => ({ method, tol }));
  const s = ODE_METHODS[method].evalsPerStep;
  const steps = [...new Set(nfeGrid.filter((n) => n >= s).map((n) => stepsForBudget(n, method)))];
  return steps.map((k) => ({ method, steps: k }));
}

/** The core solver options of a job on [t0, t1] (with `trajectory` when asked). */
export function jobOptions(job: SweepJob, t0 = 0, t1 = 1, trajectory = false): IntegrateOptions {
  if (job.tol !== undefined) return { method: 'dopri5', rtol: job.tol, atol: job.tol, t0, t1, trajectory };
  return { method: job.method, steps: job.steps, t0, t1, trajectory };
}

/** The reference solve's options on [t0, t1] (a float32 network needs a looser `tol`). */
export function referenceOptions(t0 = 0, t1 = 1, trajectory = false, tol = REFERENCE_TOL): IntegrateOptions {
  return { method: 'dopri5', rtol: tol, atol: tol, t0, t1, trajectory };
}

/** Measures the endpoints `x` of a run that cost `nfe` against the reference endpoints (n × d). */
export function measureRun(
  job: SweepJob,
  x: ArrayLike<number>,
  nfe: number,
  reference: ArrayLike<number>,
  n: number,
  d: number,
  bidScan?: BidScanFor,
): SweepPoint {
  const error = rmsError(x, reference, n, d);
  // A run that blew up (overflow to ∞ or NaN) has no meaningful W₂; the assignment is not attempted.
  const point: SweepPoint = { nfe, error, w2: Number.isFinite(error) ? w2Exact(x, reference, n, d, bidScan) : Infinity };
  if (job.tol !== undefined) point.tol = job.tol;
  else point.steps = job.steps;
  return point;
}

/**
 * The fitted slope of log error against log NFE over the last FIT_POINTS points whose error is above
 * `floor` (null with fewer than two such points), and which points were used. A method of order p
 * gives about −p.
 */
export function fitObservedOrder(
  points: readonly SweepPoint[],
  floor = ERROR_FLOOR,
  count = FIT_POINTS,
): { slope: number; used: SweepPoint[] } | null {
  const sorted = [...points].sort((a, b) => a.nfe - b.nfe);
  const above = sorted.filter((p) => p.error > floor && Number.isFinite(p.error));
  const used = above.slice(-count);
  if (used.length < 2 || used[0].nfe === used[used.length - 1].nfe) return null;
  return {
    slope: fitLogLogSlope(
      used.map((p) => p.nfe),
      used.map((p) => p.error),
    ),
    used,
  };
}

/**
 * The NFE at which a curve first reaches error ε: the first run (by NFE) with error ≤ ε, log–log
 * interpolated against the run before it; null when no run reaches ε.
 */
export function nfeForError(points: readonly SweepPoint[], eps: number): number | null {
  const sorted = [...points].sort((a, b) => a.nfe - b.nfe);
  const i = sorted.findIndex((p) => p.error <= eps);
  if (i < 0) return null;
  if (i === 0) return sorted[0].nfe;
  const a = sorted[i - 1],
    b = sorted[i];
  const la = Math.log(a.error),
    lb = Math.log(b.error);
  if (!(la > lb)) return b.nfe;
  const s = (Math.log(eps) - la) / (lb - la);
  return Math.exp(Math.log(a.nfe) + s * (Math.log(b.nfe) - Math.log(a.nfe)));
}

/**
 * A whole sweep with a synchronous field, run at once (tests, claims, Node). The widget runs the
 * same jobs one at a time between frames; the numbers are identical.
 */
export function runSweep(
  f: VelocityFn,
  x0: ArrayLike<number>,
  n: number,
  d: number,
  methods: readonly OdeMethod[],
  t0 = 0,
  t1 = 1,
): { reference: Float64Array; referenceNfe: number; curves: Partial<Record<OdeMethod, SweepPoint[]>> } {
  const ref = integrate(f, x0, referenceOptions(t0, t1));
  const curves: Partial<Record<OdeMethod, SweepPoint[]>> = {};
  for (const m of methods) {
    curves[m] = sweepJobs(m).map((job) => {
      const r = integrate(f, x0, jobOptions(job, t0, t1));
      return measureRun(job, r.x, r.nfe, ref.x, n, d);
    });
  }
  return { reference: ref.x, referenceNfe: ref.nfe, curves };
}
