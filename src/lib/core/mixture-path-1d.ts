/**
 * Exact 1D marginal paths between Gaussian mixtures. With x₀ ~ p₀ = Σ_j π_j 𝒩(μ_j, τ_j²),
 * x₁ ~ p₁ = Σ_k ρ_k 𝒩(m_k, s_k²) drawn independently and ε ~ 𝒩(0, 1), every path family of
 * paths.ts, x_t = a x₁ + b x₀ + c ε, has the Gaussian-mixture marginal
 *
 *   p_t(x) = Σ_{j,k} π_j ρ_k 𝒩(x | M_jk, V_jk),   M_jk = a m_k + b μ_j,   V_jk = a² s_k² + b² τ_j² + c²,
 *
 * (one-sided families are the case p₀ = 𝒩(0, 1), c ≡ 0). Its marginal velocity is the posterior
 * mean of the conditional velocity a' x₁ + b' x₀ + c' ε given x_t = x (Theorem 1); inside component
 * (j, k) the four variables are jointly Gaussian, so that mean is affine in x:
 *
 *   u_t(x) = Σ_{j,k} w_jk(x) [M'_jk + (C_jk / V_jk)(x − M_jk)],
 *   M'_jk = a' m_k + b' μ_j,   C_jk = a a' s_k² + b b' τ_j² + c c' (= ½ dV_jk/dt),
 *
 * with w_jk(x) ∝ π_j ρ_k 𝒩(x | M_jk, V_jk). Densities and velocities are exact (no sampling), which
 * is what the playground's 1D space-time view draws. Where V vanishes (a point mass at the end of a
 * zero-width path) it is floored at 10⁻²⁴, the limit from inside the domain.
 */
import type { ConditionalPath } from './paths.ts';
import { GAUSSIAN_MIXTURES_1D } from './distributions.ts';

/** A 1D Gaussian mixture: means, standard deviations (≥ 0) and weights (normalised where used). */
export interface Mixture1D {
  means: readonly number[];
  stds: readonly number[];
  weights: readonly number[];
}

/** The 1D sources and targets the playground offers (the first three are GAUSSIAN_MIXTURES_1D, as in DISTRIBUTIONS_1D). */
export const MIXTURES_1D = {
  normal: { label: GAUSSIAN_MIXTURES_1D.normal.label, mix: GAUSSIAN_MIXTURES_1D.normal },
  bimodal: { label: GAUSSIAN_MIXTURES_1D.bimodal.label, mix: GAUSSIAN_MIXTURES_1D.bimodal },
  trimodal: { label: GAUSSIAN_MIXTURES_1D.trimodal.label, mix: GAUSSIAN_MIXTURES_1D.trimodal },
  lopsided: { label: '0.8𝒩(−1.5, 0.5²) + 0.2𝒩(2.5, 0.3²)', mix: { means: [-1.5, 2.5], stds: [0.5, 0.3], weights: [0.8, 0.2] } },
  narrow: { label: '𝒩(2, 0.2²)', mix: { means: [2], stds: [0.2], weights: [1] } },
  points: { label: 'two points ±2 (½δ₋₂ + ½δ₂)', mix: { means: [-2, 2], stds: [0, 0], weights: [1, 1] } },
} as const satisfies Record<string, { label: string; mix: Mixture1D }>;
export type Mixture1DName = keyof typeof MIXTURES_1D;
export const MIXTURE_1D_NAMES = Object.keys(MIXTURES_1D) as Mixture1DName[];
export const MIXTURE_1D_LABELS = Object.fromEntries(MIXTURE_1D_NAMES.map((k) => [k, MIXTURES_1D[k].label])) as Readonly<
  Record<Mixture1DName, string>
>;

const V_FLOOR = 1e-24;
const LOG_2PI = Math.log(2 * Math.PI);

interface Components {
  logW: Float64Array;
  M: Float64Array;
  V: Float64Array;
  dM: Float64Array;
  C: Float64Array;
}

function components(path: ConditionalPath, t: number, p0: Mixture1D, p1: Mixture1D): Components {
  const { a, b, c, da, db, dc } = path.coefficients(t);
  const one = path.sided === 'one';
  const src: Mixture1D = one ? { means: [0], stds: [1], weights: [1] } : p0;
  const s0 = src.weights.reduce((x, y) => x + y, 0);
  const s1 = p1.weights.reduce((x, y) => x + y, 0);
  const K = src.means.length * p1.means.length;
  const out: Components = {
    logW: new Float64Array(K),
    M: new Float64Array(K),
    V: new Float64Array(K),
    dM: new Float64Array(K),
    C: new Float64Array(K),
  };
  let z = 0;
  for (let j = 0; j < src.means.length; j++)
    for (let k = 0; k < p1.means.length; k++, z++) {
      const tau2 = src.stds[j] ** 2;
      const s2 = p1.stds[k] ** 2;
      out.logW[z] = Math.log(src.weights[j] / s0) + Math.log(p1.weights[k] / s1);
      out.M[z] = a * p1.means[k] + b * src.means[j];
      out.V[z] = Math.max(V_FLOOR, a * a * s2 + b * b * tau2 + c * c);
      out.dM[z] = da * p1.means[k] + db * src.means[j];
      out.C[z] = a * da * s2 + b * db * tau2 + c * dc;
    }
  return out;
}

/** log of π_z 𝒩(x | M_z, V_z) for every component z, into `out`; returns the maximum. */
function logTerms(comp: Components, x: number, out: Float64Array): number {
  let mx = -Infinity;
  for (let z = 0; z < out.length; z++) {
    const r = x - comp.M[z];
    const v = comp.logW[z] - (r * r) / (2 * comp.V[z]) - 0.5 * (LOG_2PI + Math.log(comp.V[z]));
    out[z] = v;
    if (v > mx) mx = v;
  }
  return mx;
}

/** log p_t(x) at the points xs (exact). One-sided paths ignore p0 (their source is 𝒩(0, 1)). */
export function mixturePathLogDensity(path: ConditionalPath, t: number, p0: Mixture1D, p1: Mixture1D, xs: ArrayLike<number>): Float64Array {
  const comp = components(path, t, p0, p1);
  const terms = new Float64Array(comp.M.length);
  const out = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const mx = logTerms(comp, xs[i], terms);
    let s = 0;
    for (const v of terms) s += Math.exp(v - mx);
    out[i] = mx + Math.log(s);
  }
  return out;
}

/** The marginal velocity u_t(x) at the points xs (exact). */
export function mixturePathVelocity(path: ConditionalPath, t: number, p0: Mixture1D, p1: Mixture1D, xs: ArrayLike<number>): Float64Array {
  const comp = components(path, t, p0, p1);
  const terms = new Float64Array(comp.M.length);
  const out = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    const mx = logTerms(comp, x, terms);
    let s = 0;
    let acc = 0;
    for (let z = 0; z < terms.length; z++) {
      const w = Math.exp(terms[z] - mx);
      s += w;
      acc += w * (comp.dM[z] + (comp.C[z] / comp.V[z]) * (x - comp.M[z]));
    }
    out[i] = acc / s;
  }
  return out;
}

/** One draw from the mixture: the uniform u ∈ [0, 1) picks the component, the standard normal draw scales its width. */
export function sampleMixture(mix: Mixture1D, u: number, normal: number): number {
  const total = mix.weights.reduce((x, y) => x + y, 0);
  let acc = 0;
  for (let k = 0; k < mix.means.length; k++) {
    acc += mix.weights[k] / total;
    if (u < acc || k === mix.means.length - 1) return mix.means[k] + mix.stds[k] * normal;
  }
  return mix.means[0];
}
