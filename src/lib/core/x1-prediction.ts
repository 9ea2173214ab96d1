/**
 * The network's guess of the end point: the posterior mean x̂₁(x, t) = E[x₁ | x_t = x] implied by a
 * velocity field u_t(x), for conditional paths without an ε term (c ≡ 0):
 *
 *     x_t = a(t) x₁ + b(t) x₀,      (x₀, x₁) ~ π, any coupling of p₀ and p₁,
 *
 * whose CFM regression target is u = a'(t) x₁ + b'(t) x₀ (paths.ts).
 *
 * Derivation. The minimiser of the CFM loss is the conditional expectation of the target given x_t
 * (Theorem 2: L_CFM and L_FM differ by a constant, and the L² minimiser of E‖v(x_t) − u‖² is
 * E[u | x_t]), so
 *
 *     u_t(x) = a' E[x₁ | x_t = x] + b' E[x₀ | x_t = x]                        (linearity).
 *
 * x_t is a function of itself, so E[x_t | x_t = x] = x, and linearity again gives
 *
 *     x = a E[x₁ | x_t = x] + b E[x₀ | x_t = x].
 *
 * Two linear equations in m₁ = E[x₁ | x_t = x] and m₀ = E[x₀ | x_t = x], with determinant
 * W = a' b − a b'. Where W ≠ 0 Cramer's rule gives
 *
 *     m₁ = (b u_t(x) − b' x) / W,       m₀ = (a' x − a u_t(x)) / W,
 *
 * i.e. x̂₁ = α x + β u_t(x) with α = −b'/W and β = b/W. Nothing about the coupling or the source was
 * used beyond linearity of expectation, so this holds for one-sided paths (x₀ Gaussian noise) and for
 * two-sided ones with independent or minibatch-OT pairs alike.
 *
 * Examples. Lipman's OT path, a = t, b = 1 − s t with s = 1 − σ_min: W = (1 − s t) + s t = 1, so
 * x̂₁ = s x + (1 − s t) u_t(x); with σ_min = 0 (also rectified flow and I-CFM with σ = 0)
 * x̂₁ = x + (1 − t) u_t(x), the point an Euler step of length 1 − t would reach. At t = 1 the weight
 * on u vanishes when b(1) = 0: the guess is x itself. Trigonometric: W = π/2, x̂₁ = sin(πt/2) x +
 * (2/π) cos(πt/2) u_t(x).
 *
 * Applied to a learned field u^θ the same map gives the network's implied guess (exact when u^θ is the
 * marginal velocity); applied to a classifier-free-guided field it gives the guided guess.
 *
 * Refused: paths with an ε term (c not identically 0: I-CFM or SB with σ > 0). Then x_t = a x₁ + b x₀
 * + c ε has a third unknown E[ε | x_t] and the velocity alone does not determine m₁ (with an OT
 * coupling not even under a Gaussian source). Also refused: times where a coefficient is not finite
 * (VP at t = 1) or W = 0.
 */
import type { ConditionalPath } from './paths.ts';

/** x̂₁(x, t) = alpha·x + beta·u_t(x) at one time. */
export interface X1PredictionCoefficients { alpha: number; beta: number }

/**
 * The coefficients of x̂₁ = α x + β u_t(x) for `path` at time t. Throws (with the reason) for paths
 * with an ε term, non-finite coefficients at t, or a vanishing determinant.
 */
export function x1PredictionCoefficients(path: ConditionalPath, t: number): X1PredictionCoefficients {
  if (path.stochastic) {
    throw new Error(
      `x̂₁ from the velocity needs a path without noise term (c ≡ 0); "${path.name}" with σ = ${path.params.sigma} has one, ` +
      'so E[x₁ | x_t] is not determined by u_t alone',
    );
  }
  if (!Number.isFinite(t)) throw new RangeError(`x̂₁: t = ${t} is not a number`);
  const { a, b, c, da, db } = path.coefficients(t);
  if (c !== 0) throw new Error(`x̂₁: path "${path.name}" has c(${t}) = ${c} ≠ 0`);
  if (![a, b, da, db].every(Number.isFinite)) {
    throw new RangeError(`x̂₁: the coefficients of path "${path.name}" are not finite at t = ${t}`);
  }
  const w = da * b - a * db;
  if (!(Math.abs(w) > 1e-300)) throw new RangeError(`x̂₁: a'b − ab' = 0 for path "${path.name}" at t = ${t}`);
  // −0 would print oddly and is the same weight.
  return { alpha: -db / w + 0, beta: b / w + 0 };
}

/**
 * x̂₁ = E[x₁ | x_t = x] for n points x (n·d, row-major) given the velocity u (n·d) evaluated at them and
 * time t. Writes into `out` (default a new Float64Array) and returns it.
 */
export function predictX1(
  path: ConditionalPath, x: ArrayLike<number>, u: ArrayLike<number>, t: number,
  out: Float64Array | Float32Array = new Float64Array(x.length),
): Float64Array | Float32Array {
  if (u.length !== x.length || out.length !== x.length) {
    throw new RangeError(`predictX1: x, u and out must have the same length (${x.length}, ${u.length}, ${out.length})`);
  }
  const { alpha, beta } = x1PredictionCoefficients(path, t);
  for (let i = 0; i < x.length; i++) out[i] = alpha * x[i] + beta * u[i];
  return out;
}
