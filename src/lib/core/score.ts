/**
 * Scores of Gaussian probability paths and the velocity ↔ score conversion (chapter 10).
 *
 * For a path with a Gaussian source, x_t = a(t) x₁ + s(t) ε with ε ~ 𝒩(0, I) independent of
 * x₁ ~ p₁ (one-sided paths: s = b; two-sided paths with x₀ ~ 𝒩(0, I) integrated out:
 * s² = b² + c², s s' = b b' + c c'), let x̂(t, x) = E[x₁ | x_t = x]. Then
 *
 *   score (Tweedie):     ∇log p_t(x) = (a x̂ − x) / s²,
 *   marginal velocity:   u_t(x)      = a' x̂ + (s'/s)(x − a x̂).
 *
 * Eliminating x̂ gives one linear relation valid at every t (also where a = 0, e.g. t = 0 on the
 * OT path):
 *
 *   a u_t(x) − a' x = (a' s² − a s s') ∇log p_t(x),
 *
 * so ∇log p_t = (a u_t − a' x)/(a' s² − a s s') and, where a > 0,
 *    u_t   = (a'/a) x + (a' s²/a − s s') ∇log p_t.
 * The coefficient κ(t) = a' s² − a s s' is positive on the open domain of every path in paths.ts
 * with a Gaussian source (OT: s² + t(1 − σ_min)s; VE: −s s'; VP: a', since a² + s² = 1).
 *
 * For a FINITE target set the marginal velocity is known in closed form (closed-form.ts), and the
 * closed-form score is obtained from it by this conversion: the posterior weights live once, in
 * closed-form.ts. The claims tests check the result against finite differences of log p_t.
 */
import type { ConditionalPath } from './paths.ts';
import { gaussianSourceMoments } from './paths.ts';
import { marginalVelocity } from './closed-form.ts';

/** Coefficients of a u − a' x = κ ∇log p at time t (Gaussian source). */
export interface ScoreConversion { a: number; da: number; kappa: number }

/** a, a' and κ = a' s² − a s s' of the path at time t. Throws where κ ≤ 0 (no conversion). */
export function scoreConversion(path: ConditionalPath, t: number): ScoreConversion {
  const { a, da, s2, ss } = gaussianSourceMoments(path, t);
  const kappa = da * s2 - a * ss;
  if (!(kappa > 0) || !Number.isFinite(kappa)) {
    throw new Error(`score conversion: κ(t) = a' s² − a s s' must be positive (got ${kappa} at t = ${t} on ${path.name})`);
  }
  return { a, da, kappa };
}

/** ∇log p_t at n points (n × d) from the marginal velocity u at the same points. */
export function scoreFromVelocity(path: ConditionalPath, x: ArrayLike<number>, u: ArrayLike<number>, n: number, t: number, d: number): Float64Array {
  const { a, da, kappa } = scoreConversion(path, t);
  const out = new Float64Array(n * d);
  for (let j = 0; j < n * d; j++) out[j] = (a * u[j] - da * x[j]) / kappa;
  return out;
}

/** u_t at n points (n × d) from the score at the same points; needs a(t) > 0. */
export function velocityFromScore(path: ConditionalPath, x: ArrayLike<number>, score: ArrayLike<number>, n: number, t: number, d: number): Float64Array {
  const { a, da, kappa } = scoreConversion(path, t);
  if (!(a > 0)) throw new Error(`velocity from score: a(t) must be positive (got ${a} at t = ${t})`);
  const out = new Float64Array(n * d);
  for (let j = 0; j < n * d; j++) out[j] = (da * x[j] + kappa * score[j]) / a;
  return out;
}

/**
 * The closed-form score ∇log p_t(x) of the marginal path of a finite target set (nTargets × d),
 * Gaussian source, at n points x (n × d).
 */
export function marginalScore(path: ConditionalPath, x: ArrayLike<number>, n: number, t: number, targets: ArrayLike<number>, nTargets: number, d: number): Float64Array {
  const u = marginalVelocity(path, x, n, t, targets, nTargets, d);
  return scoreFromVelocity(path, x, u, n, t, d);
}
