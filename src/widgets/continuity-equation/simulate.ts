/**
 * Everything the continuity-equation widget shows, computed once per setting (pure TypeScript):
 * particles x₀ ~ 𝒩(0, 1) pushed along the field by the core's RK4 solver (one snapshot per frame),
 * the finite-volume solution of ∂_t p + ∂_x(p u) = 0 on the same frames, the exact density, and
 * the L¹ distances that the widget reports (histogram vs grid solution, grid solution vs exact).
 */
import { integrate, integrateAsync, Rng } from '../../lib/core/index.ts';
import { densityHistogram } from '../../lib/core/index.ts';
import { continuityFrames, l1Distance, solveContinuity, type FiniteVolumeResult } from './finite-volume.ts';
import { sourceDensity, type FieldSpec } from './fields.ts';

export interface Simulation {
  frames: number;
  times: Float64Array;
  /** Particle positions per frame (n each). */
  particles: Float64Array[];
  fv: FiniteVolumeResult;
  /** Exact density at the cell centres, per frame. */
  exact: Float64Array[];
  /** Histogram bins: count, and the grid cells per bin (cells = bins × perBin). */
  bins: number;
  perBin: number;
  /** Per frame: L¹(particle histogram, grid solution on the same bins) and L¹(grid solution, exact). */
  l1Particles: Float64Array;
  l1Exact: Float64Array;
}

export const FRAMES = 100;

/** Aggregates fine cells (perBin per bin) into bin averages. */
function aggregate(fine: ArrayLike<number>, perBin: number): Float64Array {
  const bins = Math.floor(fine.length / perBin);
  const out = new Float64Array(bins);
  for (let i = 0; i < bins * perBin; i++) out[Math.floor(i / perBin)] += fine[i] / perBin;
  return out;
}

export function simulate(field: FieldSpec, n: number, seed: number, bins = 60, perBin = 8): Simulation {
  const traj = integrate(field.velocity, startPoints(n, seed), { method: 'rk4', steps: FRAMES, trajectory: true, d: 1 });
  const fv = solveContinuity(field.velocity, sourceDensity, fvOptions(field, bins, perBin));
  const frames = compare(field, traj.trajectory ?? [traj.x], fv, bins, perBin);
  for (let r = frames.next(); ; r = frames.next()) if (r.done) return r.value;
}

/**
 * The same simulation (the same numbers) with `await pause()` after every evaluation of the field,
 * every frame of the grid solution and every frame of the comparison with the exact density: the widget runs it on the page's thread in slices (in one
 * piece it was a task of a quarter of a second at load on this machine).
 */
export async function simulateInSlices(
  field: FieldSpec,
  n: number,
  seed: number,
  pause: () => Promise<void>,
  bins = 60,
  perBin = 8,
): Promise<Simulation> {
  const velocity = async (x: Float64Array, t: number, out: Float64Array) => {
    field.velocity(x, t, out);
    await pause();
  };
  const traj = await integrateAsync(velocity, startPoints(n, seed), { method: 'rk4', steps: FRAMES, trajectory: true, d: 1 });
  const grid = continuityFrames(field.velocity, sourceDensity, fvOptions(field, bins, perBin));
  let g = grid.next();
  for (; !g.done; g = grid.next()) await pause();
  const frames = compare(field, traj.trajectory ?? [traj.x], g.value, bins, perBin);
  for (let r = frames.next(); ; r = frames.next()) {
    if (r.done) return r.value;
    await pause();
  }
}

/** x₀ ~ 𝒩(0, 1), n particles of the seed. */
function startPoints(n: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const x0 = new Float64Array(n);
  for (let i = 0; i < n; i++) x0[i] = rng.normal();
  return x0;
}

const fvOptions = (field: FieldSpec, bins: number, perBin: number) => ({
  lo: field.window[0],
  hi: field.window[1],
  cells: bins * perBin,
  frames: FRAMES,
});

/** The exact density on the grid's frames, and the two L¹ distances per frame (yielding after each frame). */
function* compare(
  field: FieldSpec,
  particles: Float64Array[],
  fv: FiniteVolumeResult,
  bins: number,
  perBin: number,
): Generator<number, Simulation> {
  const [lo, hi] = field.window;
  const cells = bins * perBin;
  const exact: Float64Array[] = [];
  const l1Particles = new Float64Array(FRAMES + 1);
  const l1Exact = new Float64Array(FRAMES + 1);
  const binWidth = (hi - lo) / bins;
  for (let f = 0; f <= FRAMES; f++) {
    const t = fv.times[f];
    const ex = new Float64Array(cells);
    for (let i = 0; i < cells; i++) ex[i] = field.density(fv.centres[i], t);
    exact.push(ex);
    l1Exact[f] = l1Distance(fv.densities[f], ex, fv.dx);
    const hist = densityHistogram(particles[f], lo, hi, bins);
    l1Particles[f] = l1Distance(hist, aggregate(fv.densities[f], perBin), binWidth);
    yield f;
  }
  return { frames: FRAMES, times: fv.times, particles, fv, exact, bins, perBin, l1Particles, l1Exact };
}
