/**
 * A conservative finite-volume solver for the 1D continuity equation
 *
 *     ∂_t p_t(x) + ∂_x( p_t(x) u_t(x) ) = 0        on [lo, hi], zero flux through both ends
 *
 * (pure TypeScript, no DOM; used by the continuity-equation widget and its unit tests).
 *
 * Unknowns are cell averages P_i ≈ (1/Δx) ∫_{cell i} p_t. Integrating the equation over cell i
 * gives the exact balance  d/dt (Δx P_i) = F_{i−½} − F_{i+½},  where F = p u is the flux through a
 * cell wall (Chapter 3: mass changes only through the boundary). The scheme keeps that structure:
 * - wall fluxes F_{i+½} = u(x_{i+½}) · p*, with p* the upwind value of a piecewise-linear
 *   reconstruction (MUSCL, slopes limited by minmod so no new extrema are created);
 * - the two outer walls carry zero flux, so Σ_i Δx P_i telescopes to a constant: total mass is
 *   conserved to round-off, whatever the field;
 * - time stepping by Heun's method (the strong-stability-preserving RK2) with a CFL-limited step.
 * The scheme is second order where the solution is smooth.
 */

/** A batched 1D velocity field: writes u_t(x_i) into out[i]. */
export type Field1D = (x: Float64Array, t: number, out: Float64Array) => void;

export interface FiniteVolumeOptions {
  lo: number;
  hi: number;
  /** Number of cells (default 400). */
  cells?: number;
  t0?: number;
  t1?: number;
  /** Number of equal time intervals between saved frames (default 100, so 101 frames). */
  frames?: number;
  /** Courant number (default 0.4, at most 1 for stability with this limiter). */
  cfl?: number;
  /** Hard cap on time steps (default 200 000). */
  maxSteps?: number;
}

export interface FiniteVolumeResult {
  /** Cell centres. */
  centres: Float64Array;
  dx: number;
  /** Frame times t0 + k (t1 − t0)/frames. */
  times: Float64Array;
  /** Cell averages at each frame time. */
  densities: Float64Array[];
  /** Total mass Σ Δx P_i at each frame time. */
  mass: Float64Array;
  /** Time steps taken. */
  steps: number;
}

/** Average of a density over each cell by composite Simpson's rule on 4 sub-intervals. */
export function cellAverages(p0: (x: number) => number, lo: number, dx: number, cells: number): Float64Array {
  const out = new Float64Array(cells);
  for (let i = 0; i < cells; i++) {
    const a = lo + i * dx;
    const h = dx / 4;
    const f = [0, 1, 2, 3, 4].map((j) => p0(a + j * h));
    out[i] = ((h / 3) * (f[0] + 4 * f[1] + 2 * f[2] + 4 * f[3] + f[4])) / dx;
  }
  return out;
}

function minmod(a: number, b: number): number {
  if (a * b <= 0) return 0;
  return Math.abs(a) < Math.abs(b) ? a : b;
}

/** Net flux divergence −(F_{i+½} − F_{i−½})/Δx for cell averages P at time t (zero flux at the ends). */
function rate(
  P: Float64Array,
  t: number,
  walls: Float64Array,
  uWalls: Float64Array,
  field: Field1D,
  dx: number,
  out: Float64Array,
): number {
  const n = P.length;
  field(walls, t, uWalls);
  let umax = 0;
  // Interior walls j = 1 … n−1 sit between cells j−1 and j.
  let fluxLeft = 0;
  for (let i = 0; i < n; i++) {
    let fluxRight = 0;
    if (i < n - 1) {
      const u = uWalls[i + 1];
      if (Math.abs(u) > umax) umax = Math.abs(u);
      if (u >= 0) {
        const slope = minmod(P[i] - (i > 0 ? P[i - 1] : 0), P[i + 1] - P[i]);
        fluxRight = u * (P[i] + 0.5 * slope);
      } else {
        const slope = minmod(P[i + 1] - P[i], (i + 2 < n ? P[i + 2] : 0) - P[i + 1]);
        fluxRight = u * (P[i + 1] - 0.5 * slope);
      }
    }
    out[i] = -(fluxRight - fluxLeft) / dx;
    fluxLeft = fluxRight;
  }
  return umax;
}

/** Largest |u_t| over the walls at time t (used to choose the CFL step). */
function maxSpeed(walls: Float64Array, uWalls: Float64Array, field: Field1D, t: number): number {
  field(walls, t, uWalls);
  let m = 0;
  for (let j = 0; j < uWalls.length; j++) if (Math.abs(uWalls[j]) > m) m = Math.abs(uWalls[j]);
  return m;
}

/** Solves the continuity equation from the initial density p0 and saves `frames + 1` snapshots. */
export function solveContinuity(field: Field1D, p0: (x: number) => number, opts: FiniteVolumeOptions): FiniteVolumeResult {
  const frames = continuityFrames(field, p0, opts);
  for (let r = frames.next(); ; r = frames.next()) if (r.done) return r.value;
}

/**
 * The same solve as a generator that yields after each saved frame (its value: the frame's index),
 * so that a caller on the page's thread can pause between frames.
 */
export function* continuityFrames(
  field: Field1D,
  p0: (x: number) => number,
  opts: FiniteVolumeOptions,
): Generator<number, FiniteVolumeResult> {
  const cells = Math.max(8, Math.floor(opts.cells ?? 400));
  const t0 = opts.t0 ?? 0;
  const t1 = opts.t1 ?? 1;
  const frames = Math.max(1, Math.floor(opts.frames ?? 100));
  const cfl = Math.min(1, Math.max(0.05, opts.cfl ?? 0.4));
  const maxSteps = opts.maxSteps ?? 200_000;
  const { lo, hi } = opts;
  if (!(hi > lo)) throw new Error('solveContinuity: need hi > lo');
  const dx = (hi - lo) / cells;
  const centres = new Float64Array(cells);
  for (let i = 0; i < cells; i++) centres[i] = lo + (i + 0.5) * dx;
  const walls = new Float64Array(cells + 1);
  for (let j = 0; j <= cells; j++) walls[j] = lo + j * dx;
  const uWalls = new Float64Array(cells + 1);

  let P = cellAverages(p0, lo, dx, cells);
  const k1 = new Float64Array(cells);
  const k2 = new Float64Array(cells);
  const stage = new Float64Array(cells);
  const times = new Float64Array(frames + 1);
  const densities: Float64Array[] = [P.slice()];
  const mass = new Float64Array(frames + 1);
  const total = (Q: Float64Array) => {
    let s = 0;
    for (let i = 0; i < Q.length; i++) s += Q[i];
    return s * dx;
  };
  times[0] = t0;
  mass[0] = total(P);
  let t = t0;
  let steps = 0;
  const dir = t1 >= t0 ? 1 : -1;
  for (let f = 1; f <= frames; f++) {
    const target = t0 + ((t1 - t0) * f) / frames;
    while (dir * (target - t) > 1e-14) {
      if (steps >= maxSteps) throw new Error('solveContinuity: too many steps (field too fast for the grid)');
      const speed = Math.max(maxSpeed(walls, uWalls, field, t), 1e-12);
      let h = Math.min(Math.abs(target - t), (cfl * dx) / speed);
      // Guard against a field that speeds up within the step (Heun's second stage).
      h = dir * h;
      rate(P, t, walls, uWalls, field, dx, k1);
      for (let i = 0; i < cells; i++) stage[i] = P[i] + h * k1[i];
      const speed2 = rate(stage, t + h, walls, uWalls, field, dx, k2);
      if (speed2 * Math.abs(h) > dx * Math.min(1, 1.5 * cfl) && Math.abs(h) > 1e-9) {
        // The field at t + h is much faster than at t: retry with a smaller step.
        const hs = (dir * (cfl * dx)) / speed2;
        rate(P, t, walls, uWalls, field, dx, k1);
        for (let i = 0; i < cells; i++) stage[i] = P[i] + hs * k1[i];
        rate(stage, t + hs, walls, uWalls, field, dx, k2);
        h = hs;
      }
      const next = new Float64Array(cells);
      for (let i = 0; i < cells; i++) next[i] = P[i] + 0.5 * h * (k1[i] + k2[i]);
      P = next;
      t = Math.abs(target - (t + h)) < 1e-14 ? target : t + h;
      steps++;
    }
    times[f] = target;
    densities.push(P.slice());
    mass[f] = total(P);
    yield f;
  }
  return { centres, dx, times, densities, mass, steps };
}

/** ∫ |a − b| over the grid (L¹ distance of two piecewise-constant densities on the same cells). */
export function l1Distance(a: ArrayLike<number>, b: ArrayLike<number>, dx: number): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
  return s * dx;
}
