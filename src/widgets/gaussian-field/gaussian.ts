/**
 * DOM-free numbers of the Gaussian-to-Gaussian widget (chapter 5, G8), all from the core: p₀ = 𝒩(0, I),
 * p₁ = 𝒩(m, Σ) in the plane with m = (1.5, 1) and Σ with eigenvalues 3 and 0.3, its long axis at a
 * chosen angle; the straight one-sided path (OT path with σ_min = 0: a = t, b = 1 − t). Three fields at
 * time t: the exact one (gaussian-marginal.ts), the posterior-weighted average over n draws from p₁
 * (closed-form.ts, the minimiser of the CFM loss on those n points), and a trained network (evaluated
 * from its exported weights by mlp-field.ts). Each is scored by its relative error against the exact
 * field over points drawn from p_t.
 */
import { Rng, getPath, marginalVelocity, type VelocityFn } from '../../lib/core/index.ts';
import { gaussianMarginalVelocity, type GaussianLaw } from '../../lib/core/gaussian-marginal.ts';

const MEAN = [1.5, 1] as const;
const EIGENVALUES = [3, 0.3] as const;
/** The straight path of the chapter's example: μ_t = t x₁, σ_t = 1 − t. */
const PATH = getPath('ot', { sigmaMin: 0 });

/** 𝒩(m, Σ) with Σ = R diag(λ) Rᵀ, R the rotation by `angleDeg`; also its symmetric square root Σ^{1/2}. */
type PlaneLaw = GaussianLaw & { mean: number[]; cov: number[]; sqrt: number[] };

export function lawAt(angleDeg: number): PlaneLaw {
  const a = (angleDeg * Math.PI) / 180;
  const c = Math.cos(a);
  const s = Math.sin(a);
  const [l1, l2] = EIGENVALUES;
  const cov = [l1 * c * c + l2 * s * s, (l1 - l2) * c * s, (l1 - l2) * c * s, l1 * s * s + l2 * c * c];
  const [r1, r2] = [Math.sqrt(l1), Math.sqrt(l2)];
  const sqrt = [r1 * c * c + r2 * s * s, (r1 - r2) * c * s, (r1 - r2) * c * s, r1 * s * s + r2 * c * c];
  return { mean: [...MEAN], cov, d: 2, sqrt };
}

/** n draws m + Σ^{1/2} ε from p₁. */
export function sampleLaw(law: PlaneLaw, n: number, rng: Rng): Float64Array {
  const out = new Float64Array(2 * n);
  const [p, q, , r] = law.sqrt;
  for (let i = 0; i < n; i++) {
    const e1 = rng.normal();
    const e2 = rng.normal();
    out[2 * i] = law.mean[0] + p * e1 + q * e2;
    out[2 * i + 1] = law.mean[1] + q * e1 + r * e2;
  }
  return out;
}

/** k points from p_t: t x₁ + (1 − t) x₀ with x₁ ~ p₁, x₀ ~ 𝒩(0, I). */
function sampleMarginal(law: PlaneLaw, t: number, k: number, rng: Rng): Float64Array {
  const x1 = sampleLaw(law, k, rng);
  for (let i = 0; i < 2 * k; i++) x1[i] = t * x1[i] + (1 - t) * rng.normal();
  return x1;
}

export const exactField =
  (law: GaussianLaw): VelocityFn =>
  (x, t, out) =>
    out.set(gaussianMarginalVelocity(PATH, x, x.length / 2, t, law));

/** The posterior-weighted average of the conditional velocities over the n data points `data`. */
export const averagedField =
  (data: Float64Array): VelocityFn =>
  (x, t, out) =>
    out.set(marginalVelocity(PATH, x, x.length / 2, t, data, data.length / 2, 2));

/** √(Σ‖f − u‖² / Σ‖u‖²) over the points x (k × 2) at time t: the relative L² error against the exact field. */
export function relativeError(f: VelocityFn, exact: VelocityFn, x: Float64Array, t: number): number {
  const { squaredError, squaredNorm } = errorSums(f, exact, x, t);
  return Math.sqrt(squaredError / squaredNorm);
}

/** The two sums of the relative error over points x (flat 2D): sums over parts of x add up. */
export function errorSums(f: VelocityFn, exact: VelocityFn, x: Float64Array, t: number): { squaredError: number; squaredNorm: number } {
  const a = new Float64Array(x.length);
  const b = new Float64Array(x.length);
  f(x, t, a);
  exact(x, t, b);
  let squaredError = 0;
  let squaredNorm = 0;
  for (let i = 0; i < x.length; i++) {
    squaredError += (a[i] - b[i]) ** 2;
    squaredNorm += b[i] ** 2;
  }
  return { squaredError, squaredNorm };
}

/** The data of the posterior average for a seed: the first n of one fixed stream, so larger n extends smaller n. */
export function dataFor(law: PlaneLaw, n: number, seed: number): Float64Array {
  return sampleLaw(law, n, new Rng(seed * 7 + 1));
}

/** The points where the errors are measured (fixed per seed and t). */
export function probesFor(law: PlaneLaw, t: number, seed: number, k = 512): Float64Array {
  return sampleMarginal(law, t, k, new Rng(seed * 7 + 3));
}

/** The network's training data (its own stream of the seed). */
export function trainingData(law: PlaneLaw, n: number, seed: number): Float64Array {
  return sampleLaw(law, n, new Rng(seed * 7 + 5));
}
