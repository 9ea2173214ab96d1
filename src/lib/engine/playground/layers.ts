/**
 * The optional layers of the 2D view, computed from a scene at one time t (no DOM): field arrows on
 * a grid, streamlines of the frozen field u_t, the density p_t on a grid, and the conditional paths
 * through a probe point with their posterior weights (Theorem 1 at one point).
 */
import { conditionalPathThrough, pairPathThrough, posteriorWeights, timeGrid } from '../../core/index.ts';
import { pairPosterior } from '../../core/pair-field.ts';
import type { Scene2D } from './scene.ts';

type Extent = [number, number, number, number];

/** Points of a G × G grid over the extent (cell centres), row 0 at the top. */
export function gridPoints(extent: Extent, cols: number, rows = cols): Float64Array {
  const [x0, x1, y0, y1] = extent;
  const out = new Float64Array(2 * cols * rows);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      out[2 * i] = x0 + ((x1 - x0) * (c + 0.5)) / cols;
      out[2 * i + 1] = y1 - ((y1 - y0) * (r + 0.5)) / rows;
    }
  return out;
}

/** Field arrows: grid points and the velocity u_t there. */
export function arrowField(scene: Scene2D, t: number, size = 15): { at: Float64Array; v: Float64Array } {
  const at = gridPoints(scene.extent, size);
  return { at, v: scene.velocity(at, size * size, t) };
}

/** p_t on a cols × cols grid (row 0 at the top), scaled to maximum 1. */
export function densityGrid(scene: Scene2D, t: number, cols = 64): Float32Array {
  const pts = gridPoints(scene.extent, cols);
  const logp = scene.logDensity(pts, cols * cols, t);
  let m = -Infinity;
  for (const v of logp) m = Math.max(m, v);
  return Float32Array.from(logp, (v) => (Number.isFinite(m) ? Math.exp(v - m) : 0));
}

/**
 * Streamlines of the frozen field u_t: from a seeds × seeds grid, `length` unit-length steps of
 * 1/60 of the window along u_t/|u_t| (the shape of the field at one instant, not trajectories).
 * Returns one polyline (length + 1 points, flat pairs) per seed.
 */
export function streamlines(scene: Scene2D, t: number, seeds = 11, length = 14): Float64Array[] {
  const h = (scene.extent[1] - scene.extent[0]) / 60;
  const m = seeds * seeds;
  const x = gridPoints(scene.extent, seeds);
  const lines = Array.from({ length: m }, (_, i) => {
    const l = new Float64Array(2 * (length + 1));
    l[0] = x[2 * i];
    l[1] = x[2 * i + 1];
    return l;
  });
  for (let s = 1; s <= length; s++) {
    const v = scene.velocity(x, m, t);
    for (let i = 0; i < m; i++) {
      const norm = Math.hypot(v[2 * i], v[2 * i + 1]) || 1;
      x[2 * i] += (h * v[2 * i]) / norm;
      x[2 * i + 1] += (h * v[2 * i + 1]) / norm;
      lines[i][2 * s] = x[2 * i];
      lines[i][2 * s + 1] = x[2 * i + 1];
    }
  }
  return lines;
}

export interface ProbePath {
  /** Posterior weight of this conditional path at the probe (the weights of all paths sum to 1). */
  weight: number;
  /** The conditional path through the probe at time t, sampled over the path's domain (flat pairs). */
  points: Float64Array;
  /** Its end point x₁ (and start x₀ for a pair). */
  x1: [number, number];
  x0?: [number, number];
}

/** The `top` conditional paths through x at time t with the largest posterior weights, heaviest first. */
export function probePaths(scene: Scene2D, x: [number, number], t: number, top = 8, samples = 41): { paths: ProbePath[]; shown: number } {
  const times = timeGrid(scene.path, samples);
  const xv = Float64Array.from(x);
  const tt = Math.min(scene.path.tMax, Math.max(scene.path.tMin, t));
  if (scene.mode === 'gaussian') {
    const w = posteriorWeights(scene.path, xv, tt, scene.target, scene.n, 2);
    const order = Array.from(w.keys())
      .sort((i, j) => w[j] - w[i])
      .slice(0, top);
    const paths = order.map((j) => {
      const x1 = scene.target.subarray(2 * j, 2 * j + 2);
      return { weight: w[j], points: conditionalPathThrough(scene.path, xv, tt, x1, 2, times), x1: [x1[0], x1[1]] as [number, number] };
    });
    return { paths, shown: paths.reduce((s, p) => s + p.weight, 0) };
  }
  const pairs = scene.pairs!;
  const w = pairPosterior(scene.path, pairs, xv, tt);
  const order = Array.from(w.keys())
    .sort((i, j) => w[j] - w[i])
    .slice(0, top);
  const paths = order.map((k) => {
    const x0 = pairs.x0.subarray(2 * k, 2 * k + 2);
    const x1 = pairs.x1.subarray(2 * k, 2 * k + 2);
    return {
      weight: w[k],
      points: pairPathThrough(scene.path, xv, tt, x0, x1, 2, times),
      x1: [x1[0], x1[1]] as [number, number],
      x0: [x0[0], x0[1]] as [number, number],
    };
  });
  return { paths, shown: paths.reduce((s, p) => s + p.weight, 0) };
}
