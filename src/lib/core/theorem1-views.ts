/**
 * Theorem 1, piece by piece, and the grids the explorers draw (the Theorem 1 explorer, the path
 * explorer and the Theorem 2 check share them).
 *
 * Theorem 1 in its posterior-weight form: with targets x₁¹…x₁ᴷ (an empirical p₁) and a Gaussian
 * conditional path p_t(x | x₁) = 𝒩(μ_t(x₁), σ_t² I),
 *     u_t(x) = Σᵢ wᵢ(x, t) u_t(x | x₁ⁱ),   wᵢ(x, t) = p_t(x | x₁ⁱ) / Σⱼ p_t(x | x₁ʲ).
 * `explainPoint` computes the right-hand side from its pieces — the posterior weights and the
 * conditional velocity of each target — and puts it next to the closed-form marginal velocity
 * (an independent code path), so a reader sees the two numbers agree.
 */
import { Rng } from './rng.ts';
import { sampleDataset, type DatasetName } from './datasets.ts';
import { targetConditionalFlow, targetConditionalVelocity, type ConditionalPath } from './paths.ts';
import { marginalLogDensity, marginalVelocity, posteriorWeights, type ClosedFormOptions } from './closed-form.ts';

/**
 * A handful of 1D targets from a two-component mixture ½𝒩(−2, 0.5²) + ½𝒩(1.5, 0.7²), seeded,
 * sorted so colours and bars follow the x axis.
 */
export function sampleMixture1D(k: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const out = new Float64Array(k);
  for (let i = 0; i < k; i++) out[i] = rng.uniform() < 0.5 ? -2 + 0.5 * rng.normal() : 1.5 + 0.7 * rng.normal();
  return out.sort();
}

/** The 2D target sets the explorers offer (small sets whose Theorem 1 pieces are easy to see). */
export const EXPLORER_TARGET_SETS = [
  '8gaussians',
  'moons',
  'circles',
  'checkerboard',
  'swissroll',
] as const satisfies readonly DatasetName[];

/** A small 2D target set from one of the datasets (seeded; the explorers' convention: seed + 7919). */
export function sampleTargets2D(name: DatasetName, n: number, seed: number): Float64Array {
  return sampleDataset(name, n, new Rng(seed + 7919));
}

export interface PointExplanation {
  /** Posterior weights wᵢ(x, t) of the targets (sum 1). */
  weights: Float64Array;
  /** Conditional velocities u_t(x | x₁ⁱ), K × d. */
  conditional: Float64Array;
  /** Σᵢ wᵢ u_t(x | x₁ⁱ), computed here from the pieces. */
  weightedMean: Float64Array;
  /** u_t(x) from the core's closed form. */
  closedForm: Float64Array;
  /** max |weightedMean − closedForm|. */
  maxDiff: number;
}

/** Everything Theorem 1 says about one point (x, t). */
export function explainPoint(
  path: ConditionalPath,
  x: Float64Array,
  t: number,
  targets: Float64Array,
  k: number,
  d: number,
): PointExplanation {
  const weights = posteriorWeights(path, x, t, targets, k, d);
  const conditional = new Float64Array(k * d);
  const weightedMean = new Float64Array(d);
  for (let i = 0; i < k; i++) {
    const ui = targetConditionalVelocity(path, x, t, targets.subarray(i * d, (i + 1) * d), d);
    for (let j = 0; j < d; j++) {
      conditional[i * d + j] = ui[j];
      weightedMean[j] += weights[i] * ui[j];
    }
  }
  const closedForm = marginalVelocity(path, x, 1, t, targets, k, d);
  let maxDiff = 0;
  for (let j = 0; j < d; j++) maxDiff = Math.max(maxDiff, Math.abs(weightedMean[j] - closedForm[j]));
  return { weights, conditional, weightedMean, closedForm, maxDiff };
}

/**
 * The conditional path of target x₁ that passes through x at time t, sampled at `times`
 * (times.length × d): the affine conditional flow ψ_s applied to the noise that puts it at x at t.
 */
export function conditionalPathThrough(
  path: ConditionalPath,
  x: Float64Array,
  t: number,
  x1: Float64Array,
  d: number,
  times: ArrayLike<number>,
): Float64Array {
  const out = new Float64Array(times.length * d);
  for (let s = 0; s < times.length; s++) {
    const y = targetConditionalFlow(path, x, t, times[s], x1, d);
    out.set(y, s * d);
  }
  return out;
}

/** Evenly spaced times covering the family's domain. */
export function timeGrid(path: ConditionalPath, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = path.tMin + ((path.tMax - path.tMin) * i) / (n - 1);
  return out;
}

/**
 * Space-time density grid for 1D targets: `rows` values of x (top = xMax) × `cols` times;
 * each column is scaled to its own maximum (so the shape at every t is visible).
 */
export function spaceTimeDensity(
  path: ConditionalPath,
  targets: Float64Array,
  k: number,
  xRange: [number, number],
  cols: number,
  rows: number,
): Float32Array {
  const xs = new Float64Array(rows);
  for (let r = 0; r < rows; r++) xs[r] = xRange[1] - ((xRange[1] - xRange[0]) * (r + 0.5)) / rows;
  const out = new Float32Array(rows * cols);
  for (let c = 0; c < cols; c++) {
    const t = path.tMin + ((path.tMax - path.tMin) * (c + 0.5)) / cols;
    const logp = marginalLogDensity(path, xs, rows, t, targets, k, 1);
    let m = -Infinity;
    for (let r = 0; r < rows; r++) m = Math.max(m, logp[r]);
    for (let r = 0; r < rows; r++) out[r * cols + c] = Math.exp(logp[r] - m);
  }
  return out;
}

/**
 * 2D density at time t on a grid (row 0 = top = yMax), scaled to max 1. With `opts` (an empirical
 * source and a plan), the density of the coupled path instead of the Gaussian-source one.
 */
export function planeDensity(
  path: ConditionalPath,
  t: number,
  targets: Float64Array,
  k: number,
  box: { x: [number, number]; y: [number, number] },
  cols: number,
  rows: number,
  opts?: ClosedFormOptions,
): Float32Array {
  const pts = new Float64Array(rows * cols * 2);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      pts[2 * i] = box.x[0] + ((box.x[1] - box.x[0]) * (c + 0.5)) / cols;
      pts[2 * i + 1] = box.y[1] - ((box.y[1] - box.y[0]) * (r + 0.5)) / rows;
    }
  }
  const logp = marginalLogDensity(path, pts, rows * cols, t, targets, k, 2, opts);
  let m = -Infinity;
  for (let i = 0; i < logp.length; i++) m = Math.max(m, logp[i]);
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < logp.length; i++) out[i] = Math.exp(logp[i] - m);
  return out;
}
