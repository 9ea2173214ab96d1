/**
 * The closed-form score of the marginal path of a finite data set (chapter 10).
 *
 * For a one-sided affine Gaussian path x_t = a(t) x₁ + b(t) x₀ with x₀ ~ 𝒩(0, I) independent of
 * x₁, let x̂(t, x) = E[x₁ | x_t = x]. Then
 *
 *   score (Tweedie):     ∇log p_t(x) = (a x̂ − x) / b²,
 *   marginal velocity:   u_t(x)      = a' x̂ + (b'/b)(x − a x̂).
 *
 * Eliminating x̂ gives one linear relation between velocity and score, valid at every t where
 * b > 0 (also where a = 0, e.g. t = 0 on the OT path):
 *
 *   a u_t(x) − a' x = κ(t) ∇log p_t(x),     κ = a' b² − a b b' = b (a' b − a b'),
 *
 * which is the 'velocity' ↔ 'score' case of parametrisations.ts (W = a' b − a b'), where the
 * conversion lives. κ > 0 on the open domain of the one-sided paths of paths.ts (OT:
 * b² + t(1 − σ_min) b; VE: −b b'; VP: a', since a² + b² = 1).
 *
 * For a FINITE target set the marginal velocity is known in closed form (closed-form.ts); the
 * closed-form score is obtained from it by that conversion, so the posterior weights live once, in
 * closed-form.ts. The claims tests check the result against finite differences of log p_t.
 */
import type { ConditionalPath } from './paths.ts';
import { marginalVelocity } from './closed-form.ts';
import { convertPrediction } from './parametrisations.ts';

/**
 * ∇log p_t at n points x (n × d) from the marginal velocity u at the same points (Gaussian source;
 * one-sided paths, or two-sided ones whose x₀ is 𝒩(0, I) independent of x₁, without ε term).
 */
export function scoreFromVelocity(path: ConditionalPath, x: ArrayLike<number>, u: ArrayLike<number>, t: number): Float64Array {
  return convertPrediction(path, t, 'velocity', 'score', x, u, { gaussianSource: true }, new Float64Array(x.length)) as Float64Array;
}

/**
 * The closed-form score ∇log p_t(x) of the marginal path of a finite target set (nTargets × d),
 * Gaussian source, at n points x (n × d).
 */
export function marginalScore(
  path: ConditionalPath,
  x: ArrayLike<number>,
  n: number,
  t: number,
  targets: ArrayLike<number>,
  nTargets: number,
  d: number,
): Float64Array {
  return scoreFromVelocity(path, x, marginalVelocity(path, x, n, t, targets, nTargets, d), t);
}
