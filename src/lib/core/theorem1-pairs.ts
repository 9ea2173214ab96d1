/**
 * Theorem 1 at one point for a coupling: z = (x₀ⁱ, x₁ʲ) runs over the pairs of a plan π on two point
 * sets, and the conditional path of a pair is p_t(x | z) = 𝒩(a x₁ʲ + b x₀ⁱ, c² I) (a two-sided path
 * with c(t) > 0: I-CFM, Schrödinger bridge). In posterior form,
 *
 *     u_t(x) = Σ_z w_z(x, t) u_t(x | z),   w_z ∝ π_z p_t(x | z).
 *
 * `explainPairPoint` computes the right-hand side from its pieces, keeping the pairs the plan gives
 * weight to, next to the core's closed form with the same source and plan (an independent code
 * path), as `explainPoint` does for a Gaussian source.
 */
import type { ConditionalPath } from './paths.ts';
import { conditionalVelocity } from './paths.ts';
import { marginalVelocity, posteriorWeights } from './closed-form.ts';

export interface PairPointExplanation {
  /** Plan index z = i · nTargets + j of each pair kept (π_z > 0). */
  pairs: Int32Array;
  /** Posterior weight of each kept pair (sum 1). */
  weights: Float64Array;
  /** u_t(x | z) of each kept pair (kept × d). */
  conditional: Float64Array;
  weightedMean: Float64Array;
  closedForm: Float64Array;
  maxDiff: number;
}

export function explainPairPoint(
  path: ConditionalPath,
  x: Float64Array,
  t: number,
  source: Float64Array,
  nSource: number,
  targets: Float64Array,
  nTargets: number,
  d: number,
  plan: ArrayLike<number>,
): PairPointExplanation {
  const opts = { source, nSource, plan };
  const all = posteriorWeights(path, x, t, targets, nTargets, d, opts);
  const kept: number[] = [];
  for (let z = 0; z < nSource * nTargets; z++) if (plan[z] > 0) kept.push(z);
  const pairs = Int32Array.from(kept);
  const m = pairs.length;
  const x0 = new Float64Array(m * d);
  const x1 = new Float64Array(m * d);
  const xs = new Float64Array(m * d);
  for (let q = 0; q < m; q++) {
    const i = Math.floor(pairs[q] / nTargets);
    const j = pairs[q] - i * nTargets;
    for (let k = 0; k < d; k++) {
      x0[q * d + k] = source[i * d + k];
      x1[q * d + k] = targets[j * d + k];
      xs[q * d + k] = x[k];
    }
  }
  const conditional = conditionalVelocity(path, xs, m, t, x0, x1, d);
  const weights = new Float64Array(m);
  const weightedMean = new Float64Array(d);
  for (let q = 0; q < m; q++) {
    weights[q] = all[pairs[q]];
    for (let k = 0; k < d; k++) weightedMean[k] += weights[q] * conditional[q * d + k];
  }
  const closedForm = marginalVelocity(path, x, 1, t, targets, nTargets, d, opts);
  let maxDiff = 0;
  for (let k = 0; k < d; k++) maxDiff = Math.max(maxDiff, Math.abs(weightedMean[k] - closedForm[k]));
  return { pairs, weights, conditional, weightedMean, closedForm, maxDiff };
}

/**
 * The conditional path of pair (x₀, x₁) that passes through x at time t, sampled at `times`
 * (times.length × d): the same noise ε = (x − a x₁ − b x₀)/c carried to every time s.
 */
export function pairPathThrough(
  path: ConditionalPath,
  x: ArrayLike<number>,
  t: number,
  x0: ArrayLike<number>,
  x1: ArrayLike<number>,
  d: number,
  times: ArrayLike<number>,
): Float64Array {
  const ct = path.coefficients(t);
  const out = new Float64Array(times.length * d);
  for (let s = 0; s < times.length; s++) {
    const cs = path.coefficients(times[s]);
    for (let k = 0; k < d; k++) {
      const e = ct.c > 0 ? (x[k] - ct.a * x1[k] - ct.b * x0[k]) / ct.c : 0;
      out[s * d + k] = cs.a * x1[k] + cs.b * x0[k] + cs.c * e;
    }
  }
  return out;
}
