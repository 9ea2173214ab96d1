/**
 * DOM-free computations behind the path explorer: one conditional Gaussian (mean path ± σ band,
 * conditional velocity field), and ODE trajectories of the marginal field with their straightness
 * and path energy — all from the core (paths, closed form, ODE solvers, metrics).
 */
import {
  Rng,
  gaussianSourceMoments,
  integrate,
  marginalVelocity,
  samplePathBatch,
  straightness,
  normalisedPathEnergy,
  pathEnergy,
  conditionalVelocity,
  type ConditionalPath,
  type FixedStepMethod,
  type VelocityFn,
} from '../../lib/core/index.ts';

/**
 * Mean and standard deviation of p_t(x | z) for z = (x₀, x₁): x_t = a x₁ + b x₀ + c ε. One-sided
 * families condition on x₁ only (x₀ is the Gaussian noise), so the mean is a x₁ and the std
 * √(b² + c²); two-sided families condition on both, mean a x₁ + b x₀ and std c.
 */
export function conditionalBand(path: ConditionalPath, x0: number, x1: number, t: number): { mean: number; std: number } {
  const { a, b, c } = path.coefficients(t);
  if (path.sided === 'one') return { mean: a * x1, std: Math.hypot(b, c) };
  return { mean: a * x1 + b * x0, std: Math.abs(c) };
}

/** u_t(x | z) on a batch of 1D points at one time, from the core's conditional velocity. */
export function conditionalField(path: ConditionalPath, xs: Float64Array, t: number, x0: number, x1: number): Float64Array {
  const n = xs.length;
  return conditionalVelocity(path, xs, n, t, new Float64Array(n).fill(x0), new Float64Array(n).fill(x1), 1);
}

/**
 * Where trajectories stop. The closed-form field of a finite target set is singular at the end of a
 * path whose Gaussian-source width s_t = √(b² + c²) vanishes there (rectified, trigonometric, SB,
 * VP near t = 1): its slope s′/s blows up as every conditional Gaussian shrinks onto its data point,
 * and a fixed-step solver's last stage would step through a field of slope ~1/s. For such paths the
 * integration stops at t = tMax − 0.02, where the slope is about 50 and RK4 with the default steps is
 * stable; others run to tMax.
 */
export function trajectoryEnd(path: ConditionalPath): number {
  const { s2 } = gaussianSourceMoments(path, path.tMax);
  return s2 < 1e-4 ? path.tMax - 0.02 : path.tMax;
}

export interface TrajectoryResult {
  /** steps+1 snapshots × n points (d = 1), row-major by time. */
  trajectory: Float64Array[];
  times: number[];
  nfe: number;
  straightness: number;
  energy: number;
  normalisedEnergy: number;
}

/**
 * Starts n points from the marginal at t = tMin (sampled through the core's path sampler: a
 * random target, Gaussian noise) and integrates the closed-form marginal field to tMax.
 */
export function marginalTrajectories(
  path: ConditionalPath,
  targets: Float64Array,
  k: number,
  d: number,
  n: number,
  seed: number,
  method: FixedStepMethod,
  steps: number,
): TrajectoryResult {
  const rng = new Rng(seed * 31 + 5);
  const x0 = new Float64Array(n * d);
  const x1 = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) x0[i * d + j] = rng.normal();
    const pick = rng.int(k);
    for (let j = 0; j < d; j++) x1[i * d + j] = targets[pick * d + j];
  }
  const tStart = new Float64Array(n).fill(path.tMin);
  const start = samplePathBatch(path, x0, x1, tStart, d, rng).xt;
  const f: VelocityFn = (x, t, out) => {
    out.set(marginalVelocity(path, x, n, t, targets, k, d));
  };
  const res = integrate(f, start, { method, steps, t0: path.tMin, t1: trajectoryEnd(path), trajectory: true, d });
  const trajectory = res.trajectory!;
  const times = res.times!;
  return {
    trajectory,
    times,
    nfe: res.nfe,
    straightness: straightness(trajectory, n, d, times),
    energy: pathEnergy(trajectory, n, d, times),
    normalisedEnergy: normalisedPathEnergy(trajectory, n, d, times),
  };
}
