/**
 * ODE solvers for dx/dt = f(x, t) over batches of points (all coordinates of all points in one flat
 * array): Euler (order 1), explicit midpoint (2), Heun / explicit trapezoid (2), classical RK4 (4),
 * and adaptive Dormand–Prince 5(4) with error control (order 5, FSAL). Integration runs from t0 to
 * t1 and works backward in time when t1 < t0 (negative steps). The number of evaluations of f
 * (NFE) is counted; trajectories (the state after every step) are returned on request.
 *
 * Each method is written once, as a generator that yields every evaluation it needs
 * ({ x, t, out }: "write f(x, t) into out, then resume me"). Two drivers run it: `integrate` with a
 * synchronous field, and `integrateAsync` with one that must be awaited (a network on a GPU
 * backend, whose results can only be read back asynchronously). Both take the same steps and give
 * bit-identical results for the same field.
 */

/** A batched velocity field: writes f(x, t) into `out` (same length as x). */
export type VelocityFn = (x: Float64Array, t: number, out: Float64Array) => void;

/** The same, for a field whose values arrive asynchronously (it may also return synchronously). */
export type AsyncVelocityFn = (x: Float64Array, t: number, out: Float64Array) => Promise<void> | void;

/** One evaluation a solver asks for: write f(x, t) into `out`, then resume the solver. */
export interface Evaluation {
  x: Float64Array;
  t: number;
  out: Float64Array;
}

type Solver = Generator<Evaluation, IntegrateResult, void>;

/** What a control or a sampler needs to know about a method without running it. */
export interface OdeMethodInfo {
  label: string;
  /** Short name for legends and compact selects. */
  short: string;
  /** Order of accuracy (global error O(hᵖ)). */
  order: number;
  /** Evaluations of f per step (Dopri5: per accepted step after the first, thanks to FSAL). */
  evalsPerStep: number;
  /** Whether the step size is chosen by error control (else `steps` fixed steps). */
  adaptive: boolean;
}

/** The ODE solvers, in display order: the one list of them. */
export const ODE_METHODS = {
  euler: { label: 'Euler (order 1)', short: 'Euler', order: 1, evalsPerStep: 1, adaptive: false },
  midpoint: { label: 'Midpoint (order 2)', short: 'Midpoint', order: 2, evalsPerStep: 2, adaptive: false },
  heun: { label: 'Heun (order 2)', short: 'Heun', order: 2, evalsPerStep: 2, adaptive: false },
  rk4: { label: 'RK4 (order 4)', short: 'RK4', order: 4, evalsPerStep: 4, adaptive: false },
  dopri5: { label: 'Dormand–Prince 5(4), adaptive', short: 'Dopri5 (adaptive)', order: 5, evalsPerStep: 6, adaptive: true },
} as const satisfies Record<string, OdeMethodInfo>;

export type OdeMethod = keyof typeof ODE_METHODS;

/** Names of all methods, in display order. */
export const ODE_METHOD_NAMES = Object.keys(ODE_METHODS) as OdeMethod[];

/** The fixed-step methods (what a sampler with a budget of evaluations offers). */
export type FixedStepMethod = { [K in OdeMethod]: (typeof ODE_METHODS)[K]['adaptive'] extends false ? K : never }[OdeMethod];
export const FIXED_STEP_METHODS = ODE_METHOD_NAMES.filter((m): m is FixedStepMethod => !ODE_METHODS[m].adaptive);

/** Label of each method (for a select's options). */
export const ODE_METHOD_LABELS = Object.fromEntries(ODE_METHOD_NAMES.map((n) => [n, ODE_METHODS[n].label])) as Readonly<
  Record<OdeMethod, string>
>;

/** Short name of each method (for legends and tables). */
export const ODE_METHOD_SHORT_LABELS = Object.fromEntries(ODE_METHOD_NAMES.map((n) => [n, ODE_METHODS[n].short])) as Readonly<
  Record<OdeMethod, string>
>;

/** Fixed steps bought by a budget of `nfe` evaluations of f (at least one). */
export function stepsForBudget(nfe: number, method: FixedStepMethod): number {
  return Math.max(1, Math.floor(nfe / ODE_METHODS[method].evalsPerStep));
}

export interface IntegrateOptions {
  method: OdeMethod;
  /** Number of fixed steps (fixed-step methods; default 100). */
  steps?: number;
  t0?: number;
  t1?: number;
  /** Dopri5 tolerances (defaults 1e-6 and 1e-8). */
  rtol?: number;
  atol?: number;
  /** Dopri5: first step size (default chosen automatically) and step cap (default 100000). */
  h0?: number;
  /** Dopri5 with `adaptive: false` takes `steps` fixed steps of its 5th-order formula (no error control). */
  adaptive?: boolean;
  maxSteps?: number;
  /** Record the state after every (accepted) step, the initial state first. */
  trajectory?: boolean;
  /** Dimension of a point (informational; solvers act coordinate-wise). */
  d?: number;
}

export interface IntegrateResult {
  /** State at t1. */
  x: Float64Array;
  /** Evaluations of f. */
  nfe: number;
  /** Accepted steps. */
  steps: number;
  /** Dopri5: rejected steps. */
  rejected?: number;
  /** Times of the trajectory snapshots (with `trajectory`). */
  times?: number[];
  /** Snapshots of the state (copies), one per entry of `times`. */
  trajectory?: Float64Array[];
}

function toF64(x: ArrayLike<number>): Float64Array {
  return Float64Array.from(x);
}

/** Integrates dx/dt = f(x, t) from t0 (default 0) to t1 (default 1) starting at x0. */
export function integrate(f: VelocityFn, x0: ArrayLike<number>, opts: IntegrateOptions): IntegrateResult {
  const solver = solve(x0, opts);
  for (let r = solver.next(); ; r = solver.next()) {
    if (r.done) return r.value;
    f(r.value.x, r.value.t, r.value.out);
  }
}

/**
 * `integrate` for a field that is awaited at every evaluation: the same method, steps and result,
 * with control returned to the event loop while each evaluation is pending.
 */
export async function integrateAsync(f: AsyncVelocityFn, x0: ArrayLike<number>, opts: IntegrateOptions): Promise<IntegrateResult> {
  const solver = solve(x0, opts);
  for (let r = solver.next(); ; r = solver.next()) {
    if (r.done) return r.value;
    await f(r.value.x, r.value.t, r.value.out);
  }
}

/** The solver named by `opts.method`, as a generator of evaluations. */
function solve(x0: ArrayLike<number>, opts: IntegrateOptions): Solver {
  const t0 = opts.t0 ?? 0;
  const t1 = opts.t1 ?? 1;
  if (opts.method === 'dopri5') return dopri5(x0, t0, t1, opts);
  return fixedStep(x0, t0, t1, opts);
}

function* fixedStep(x0: ArrayLike<number>, t0: number, t1: number, opts: IntegrateOptions): Solver {
  const steps = Math.max(1, Math.floor(opts.steps ?? 100));
  const N = x0.length;
  let x = toF64(x0);
  const k1 = new Float64Array(N);
  const k2 = new Float64Array(N);
  const k3 = new Float64Array(N);
  const k4 = new Float64Array(N);
  const tmp = new Float64Array(N);
  const h = (t1 - t0) / steps;
  const times: number[] = [];
  const traj: Float64Array[] = [];
  if (opts.trajectory) {
    times.push(t0);
    traj.push(x.slice());
  }
  let nfe = 0;
  for (let s = 0; s < steps; s++) {
    const t = t0 + s * h;
    switch (opts.method) {
      case 'euler':
        yield { x, t, out: k1 };
        nfe++;
        for (let i = 0; i < N; i++) x[i] += h * k1[i];
        break;
      case 'midpoint':
        yield { x, t, out: k1 };
        for (let i = 0; i < N; i++) tmp[i] = x[i] + 0.5 * h * k1[i];
        yield { x: tmp, t: t + 0.5 * h, out: k2 };
        nfe += 2;
        for (let i = 0; i < N; i++) x[i] += h * k2[i];
        break;
      case 'heun':
        yield { x, t, out: k1 };
        for (let i = 0; i < N; i++) tmp[i] = x[i] + h * k1[i];
        yield { x: tmp, t: t + h, out: k2 };
        nfe += 2;
        for (let i = 0; i < N; i++) x[i] += 0.5 * h * (k1[i] + k2[i]);
        break;
      case 'rk4':
        yield { x, t, out: k1 };
        for (let i = 0; i < N; i++) tmp[i] = x[i] + 0.5 * h * k1[i];
        yield { x: tmp, t: t + 0.5 * h, out: k2 };
        for (let i = 0; i < N; i++) tmp[i] = x[i] + 0.5 * h * k2[i];
        yield { x: tmp, t: t + 0.5 * h, out: k3 };
        for (let i = 0; i < N; i++) tmp[i] = x[i] + h * k3[i];
        yield { x: tmp, t: t + h, out: k4 };
        nfe += 4;
        for (let i = 0; i < N; i++) x[i] += (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        break;
      default:
        throw new Error(`unknown ODE method "${String(opts.method)}"`);
    }
    if (opts.trajectory) {
      times.push(s === steps - 1 ? t1 : t0 + (s + 1) * h);
      traj.push(x.slice());
    }
  }
  if (!opts.trajectory) return { x, nfe, steps };
  x = traj[traj.length - 1].slice();
  return { x, nfe, steps, times, trajectory: traj };
}

// Dormand–Prince 5(4) tableau (Dormand & Prince 1980; Hairer, Nørsett & Wanner, Table 5.2).
const C2 = 1 / 5,
  C3 = 3 / 10,
  C4 = 4 / 5,
  C5 = 8 / 9;
const A21 = 1 / 5;
const A31 = 3 / 40,
  A32 = 9 / 40;
const A41 = 44 / 45,
  A42 = -56 / 15,
  A43 = 32 / 9;
const A51 = 19372 / 6561,
  A52 = -25360 / 2187,
  A53 = 64448 / 6561,
  A54 = -212 / 729;
const A61 = 9017 / 3168,
  A62 = -355 / 33,
  A63 = 46732 / 5247,
  A64 = 49 / 176,
  A65 = -5103 / 18656;
const B1 = 35 / 384,
  B3 = 500 / 1113,
  B4 = 125 / 192,
  B5 = -2187 / 6784,
  B6 = 11 / 84;
// Error coefficients: 5th-order weights minus the embedded 4th-order weights.
const E1 = 71 / 57600,
  E3 = -71 / 16695,
  E4 = 71 / 1920,
  E5 = -17253 / 339200,
  E6 = 22 / 525,
  E7 = -1 / 40;

function* dopri5(x0: ArrayLike<number>, t0: number, t1: number, opts: IntegrateOptions): Solver {
  const rtol = opts.rtol ?? 1e-6;
  const atol = opts.atol ?? 1e-8;
  const maxSteps = opts.maxSteps ?? 100000;
  const N = x0.length;
  const dir = t1 >= t0 ? 1 : -1;
  const span = Math.abs(t1 - t0);
  const x = toF64(x0);
  const times: number[] = [];
  const traj: Float64Array[] = [];
  if (opts.trajectory) {
    times.push(t0);
    traj.push(x.slice());
  }
  if (span === 0) return { x, nfe: 0, steps: 0, rejected: 0, ...(opts.trajectory ? { times, trajectory: traj } : {}) };
  const k1 = new Float64Array(N),
    k2 = new Float64Array(N),
    k3 = new Float64Array(N),
    k4 = new Float64Array(N);
  const k5 = new Float64Array(N),
    k6 = new Float64Array(N),
    k7 = new Float64Array(N);
  const y = new Float64Array(N),
    xn = new Float64Array(N);
  let nfe = 0;
  yield { x, t: t0, out: k1 };
  nfe++;
  const norm = (v: Float64Array, ref: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < N; i++) {
      const sc = atol + rtol * Math.abs(ref[i]);
      s += (v[i] / sc) ** 2;
    }
    return Math.sqrt(s / Math.max(1, N));
  };
  // Initial step (Hairer, Nørsett & Wanner, II.4): h ~ 0.01 ‖x‖/‖f‖, refined by a second-derivative estimate.
  const fixed = opts.adaptive === false;
  const nFixed = Math.max(1, Math.floor(opts.steps ?? 100));
  let h = fixed ? span / nFixed : (opts.h0 ?? 0);
  if (!(h > 0)) {
    const d0 = norm(x, x),
      d1 = norm(k1, x);
    let hh = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * (d0 / d1);
    hh = Math.min(hh, span);
    for (let i = 0; i < N; i++) y[i] = x[i] + dir * hh * k1[i];
    yield { x: y, t: t0 + dir * hh, out: k2 };
    nfe++;
    for (let i = 0; i < N; i++) k3[i] = (k2[i] - k1[i]) / hh;
    const d2 = norm(k3, x);
    const h1 = Math.max(d1, d2) <= 1e-15 ? Math.max(1e-6, hh * 1e-3) : Math.pow(0.01 / Math.max(d1, d2), 1 / 5);
    h = Math.min(100 * hh, h1, span);
  }
  let t = t0;
  let steps = 0,
    rejected = 0;
  const err = new Float64Array(N);
  while (dir * (t1 - t) > 1e-14 * Math.max(1, Math.abs(t1))) {
    if (steps + rejected >= maxSteps) throw new Error('dopri5: too many steps');
    if (h > Math.abs(t1 - t) * (1 + 1e-12)) h = Math.abs(t1 - t);
    const hs = dir * h;
    for (let i = 0; i < N; i++) y[i] = x[i] + hs * A21 * k1[i];
    yield { x: y, t: t + C2 * hs, out: k2 };
    for (let i = 0; i < N; i++) y[i] = x[i] + hs * (A31 * k1[i] + A32 * k2[i]);
    yield { x: y, t: t + C3 * hs, out: k3 };
    for (let i = 0; i < N; i++) y[i] = x[i] + hs * (A41 * k1[i] + A42 * k2[i] + A43 * k3[i]);
    yield { x: y, t: t + C4 * hs, out: k4 };
    for (let i = 0; i < N; i++) y[i] = x[i] + hs * (A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i]);
    yield { x: y, t: t + C5 * hs, out: k5 };
    for (let i = 0; i < N; i++) y[i] = x[i] + hs * (A61 * k1[i] + A62 * k2[i] + A63 * k3[i] + A64 * k4[i] + A65 * k5[i]);
    yield { x: y, t: t + hs, out: k6 };
    for (let i = 0; i < N; i++) xn[i] = x[i] + hs * (B1 * k1[i] + B3 * k3[i] + B4 * k4[i] + B5 * k5[i] + B6 * k6[i]);
    yield { x: xn, t: t + hs, out: k7 };
    nfe += 6;
    for (let i = 0; i < N; i++) err[i] = hs * (E1 * k1[i] + E3 * k3[i] + E4 * k4[i] + E5 * k5[i] + E6 * k6[i] + E7 * k7[i]);
    let s = 0;
    for (let i = 0; i < N; i++) {
      const sc = atol + rtol * Math.max(Math.abs(x[i]), Math.abs(xn[i]));
      s += (err[i] / sc) ** 2;
    }
    const e = Math.sqrt(s / Math.max(1, N));
    if (fixed || e <= 1 || h < 1e-14 * Math.max(1, Math.abs(t))) {
      // accept (or give up refining a vanishing step)
      if (fixed) t = steps + 1 >= nFixed ? t1 : t0 + dir * (steps + 1) * h;
      else t = Math.abs(t1 - (t + hs)) < 1e-14 * Math.max(1, Math.abs(t1)) ? t1 : t + hs;
      x.set(xn);
      k1.set(k7); // FSAL
      steps++;
      if (opts.trajectory) {
        times.push(t);
        traj.push(x.slice());
      }
      if (!fixed) h *= Math.min(10, Math.max(0.2, 0.9 * Math.pow(Math.max(e, 1e-10), -1 / 5)));
    } else {
      rejected++;
      h *= Math.max(0.1, 0.9 * Math.pow(Number.isFinite(e) ? e : 1e10, -1 / 5));
    }
  }
  return { x, nfe, steps, rejected, ...(opts.trajectory ? { times, trajectory: traj } : {}) };
}
