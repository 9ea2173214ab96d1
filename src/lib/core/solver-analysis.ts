/**
 * Measuring ODE solvers, for the numbers of the solvers chapter: cost (NFE), observed order,
 * stability function, non-uniform time grids, and the curvature bound for Euler.
 *
 * - Cost. A fixed-step s-stage method with K steps costs s·K evaluations of the field (NFE), with
 *   s = ODE_METHODS[method].evalsPerStep (ode.ts, the one list of methods): Euler 1, midpoint and
 *   Heun 2, RK4 4. Dopri5 has 7 stages, but the last one is the first of the next step (FSAL), so
 *   K fixed Dopri5 steps cost 6K + 1.
 * - Observed order. If the global error behaves like C·h^p = C'·NFE^(−p), then
 *   log(error) = log C' − p·log(NFE): p is minus the least-squares slope of log error against
 *   log NFE (`fitLogLogSlope`).
 * - Stability. On the test equation y' = λy one step of any explicit Runge–Kutta method is
 *   y ↦ R(hλ)·y with a polynomial R (Euler 1 + z, the two-stage order-2 methods 1 + z + z²/2,
 *   RK4 Σₖ₌₀⁴ zᵏ/k!). A complex λ = a + ib is the real 2D system y' = [[a, −b], [b, a]] y, so
 *   `stabilityFunction` gets R(z) by running ONE step of the core solver on that system: the
 *   numbers come from the same code that samples.
 * - Grids. `powerTimeGrid` builds t₀ = 0 < t₁ < … < t_K = T, uniform or crowded towards T by
 *   t_k = T(1 − (1 − k/K)^ρ); `integrateOnGrid` runs one step of a method on each interval.
 * - Curvature bound. If ‖ẍ‖ ≤ M₂ along the exact trajectories and the field is L-Lipschitz in x,
 *   K Euler steps of size h = T/K have global error ≤ (h M₂ / 2)·(e^{LT} − 1)/L
 *   (`eulerErrorBound`; the chapter derives it). For straight constant-speed trajectories
 *   M₂ = 0 and Euler is exact.
 */
import { ODE_METHODS, integrate, type OdeMethod, type VelocityFn } from './ode.ts';

/** NFE of K fixed steps (Dopri5: one evaluation at the start, then 6 per step by FSAL). */
export function fixedStepNfe(method: OdeMethod, steps: number): number {
  return ODE_METHODS[method].evalsPerStep * steps + (method === 'dopri5' ? 1 : 0);
}

/** Integrates with K fixed steps of `method` (Dopri5 without error control) on [t0, t1]. */
export function integrateFixed(
  f: VelocityFn,
  x0: ArrayLike<number>,
  method: OdeMethod,
  steps: number,
  t0 = 0,
  t1 = 1,
): { x: Float64Array; nfe: number } {
  const r = integrate(f, x0, method === 'dopri5' ? { method, steps, adaptive: false, t0, t1 } : { method, steps, t0, t1 });
  return { x: r.x, nfe: r.nfe };
}

/** Root-mean-square endpoint error √((1/n) Σᵢ ‖aᵢ − bᵢ‖²) of two n × d point sets. */
export function rmsError(a: ArrayLike<number>, b: ArrayLike<number>, n: number, d: number): number {
  let s = 0;
  for (let j = 0; j < n * d; j++) s += (a[j] - b[j]) ** 2;
  return Math.sqrt(s / n);
}

/** Least-squares slope of log y against log x. */
export function fitLogLogSlope(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0,
    my = 0;
  for (let i = 0; i < n; i++) {
    mx += Math.log(x[i]);
    my += Math.log(y[i]);
  }
  mx /= n;
  my /= n;
  let sxy = 0,
    sxx = 0;
  for (let i = 0; i < n; i++) {
    const dx = Math.log(x[i]) - mx;
    sxy += dx * (Math.log(y[i]) - my);
    sxx += dx * dx;
  }
  return sxy / sxx;
}

/** Endpoint error (RMS against `reference`) and NFE for each step count. */
export function errorCurve(
  f: VelocityFn,
  x0: ArrayLike<number>,
  reference: ArrayLike<number>,
  n: number,
  d: number,
  method: OdeMethod,
  stepCounts: number[],
): { nfe: number[]; error: number[] } {
  const nfe: number[] = [];
  const error: number[] = [];
  for (const k of stepCounts) {
    const r = integrateFixed(f, x0, method, k);
    nfe.push(r.nfe);
    error.push(rmsError(r.x, reference, n, d));
  }
  return { nfe, error };
}

/**
 * The smallest number of fixed steps (scanning 1, 2, …, maxSteps) whose RMS endpoint error is at
 * most `tol`, with its NFE; null when none is.
 */
export function stepsToTolerance(
  f: VelocityFn,
  x0: ArrayLike<number>,
  reference: ArrayLike<number>,
  n: number,
  d: number,
  method: OdeMethod,
  tol: number,
  maxSteps = 1024,
): { steps: number; nfe: number; error: number } | null {
  for (let k = 1; k <= maxSteps; k++) {
    const r = integrateFixed(f, x0, method, k);
    const e = rmsError(r.x, reference, n, d);
    if (e <= tol) return { steps: k, nfe: r.nfe, error: e };
  }
  return null;
}

/**
 * R(z) of one step of `method` on the test equation y' = λy with hλ = z = re + i·im: one step of
 * size 1 of the core solver on the real 2D system for λ = z, from y₀ = 1. Returns [Re R, Im R].
 */
export function stabilityFunction(method: OdeMethod, re: number, im: number): [number, number] {
  const f: VelocityFn = (x, _t, out) => {
    for (let q = 0; q < x.length; q += 2) {
      out[q] = re * x[q] - im * x[q + 1];
      out[q + 1] = im * x[q] + re * x[q + 1];
    }
  };
  const r = integrateFixed(f, [1, 0], method, 1);
  return [r.x[0], r.x[1]];
}

/** |R(z)| for real z = hλ < 0: the method is stable on the test equation iff this is ≤ 1. */
export function amplification(method: OdeMethod, z: number): number {
  const [a, b] = stabilityFunction(method, z, 0);
  return Math.hypot(a, b);
}

/**
 * The stability interval on the negative real axis: the largest x > 0 with |R(−s)| ≤ 1 for all
 * s ∈ [0, x] (bisection on a fine scan; accurate to ~1e-9).
 */
export function realStabilityBoundary(method: OdeMethod): number {
  let lo = 0;
  const step = 1e-3;
  while (amplification(method, -(lo + step)) <= 1 + 1e-12 && lo < 20) lo += step;
  let hi = lo + step;
  for (let i = 0; i < 60; i++) {
    const mid = 0.5 * (lo + hi);
    if (amplification(method, -mid) <= 1 + 1e-12) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Time grid 0 = t₀ < … < t_K = T: uniform (ρ = 1) or crowded towards T, t_k = T(1 − (1 − k/K)^ρ). */
export function powerTimeGrid(steps: number, end = 1, rho = 1): number[] {
  const K = Math.max(1, Math.floor(steps));
  return Array.from({ length: K + 1 }, (_, k) => (k === K ? end : end * (1 - Math.pow(1 - k / K, rho))));
}

/** One step of `method` on each interval of `grid` (Dopri5 without error control). */
export function integrateOnGrid(f: VelocityFn, x0: ArrayLike<number>, method: OdeMethod, grid: number[]): { x: Float64Array; nfe: number } {
  let x: Float64Array = Float64Array.from(x0);
  let nfe = 0;
  for (let k = 0; k + 1 < grid.length; k++) {
    const r = integrateFixed(f, x, method, 1, grid[k], grid[k + 1]);
    x = r.x;
    nfe += r.nfe;
  }
  return { x, nfe };
}

/** The global-error bound of K Euler steps on [0, T]: (h M₂/2)(e^{LT} − 1)/L, h = T/K (L → 0: h M₂ T/2). */
export function eulerErrorBound(steps: number, m2: number, lipschitz: number, span = 1): number {
  const h = span / steps;
  const growth = lipschitz > 0 ? Math.expm1(lipschitz * span) / lipschitz : span;
  return 0.5 * h * m2 * growth;
}
