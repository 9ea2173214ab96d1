/**
 * Four ways to parametrise what a network learns on an affine path without an ε term (c ≡ 0),
 *
 *     x_t = a(t) x₁ + b(t) x₀,      (x₀, x₁) ~ π, any coupling of p₀ and p₁,
 *
 * and the exact conversions between them (chapter 5, "Four parametrisations"):
 *
 *   - 'velocity':  u_t(x) = E[a' x₁ + b' x₀ | x_t = x], the marginal field (what CFM regresses);
 *   - 'x1':        x̂₁(x) = E[x₁ | x_t = x], the denoiser (data prediction);
 *   - 'noise':     x̂₀(x) = E[x₀ | x_t = x], the noise prediction ("ε-prediction") when x₀ is noise;
 *   - 'score':     ∇ log p_t(x), which equals −x̂₀(x)/b when x₀ ~ 𝒩(0, I) is independent of x₁.
 *
 * Derivation. By linearity of conditional expectation, u = a' x̂₁ + b' x̂₀, and since x_t is a
 * function of itself, x = a x̂₁ + b x̂₀. With W = a' b − a b' ≠ 0, Cramer's rule gives
 *
 *     x̂₁ = (b u − b' x)/W,        x̂₀ = (a' x − a u)/W.
 *
 * Score: if x₀ ~ 𝒩(0, I) is independent of x₁, then p_t(x | x₁) = 𝒩(x | a x₁, b² I), and differentiating
 * p_t(x) = ∫ p_t(x | x₁) dp₁(x₁) under the integral gives ∇ log p_t(x) = E[−(x − a x₁)/b² | x_t = x]
 * = −x̂₀/b (Tweedie's formula). Hence
 *
 *     ∇ log p_t(x) = (a u − a' x)/(b W),        u = (a'/a) x + (b W/a) ∇ log p_t(x)  (a ≠ 0).
 *
 * Every quantity is therefore affine in (x, u): q(x) = α x + β u_t(x), with
 *
 *     velocity: (0, 1);   x1: (−b'/W, b/W);   noise: (a'/W, −a/W);   score: (−a'/(bW), a/(bW)),
 *
 * and converting from one to another is q_to = (α_to − β_to α_from/β_from) x + (β_to/β_from) q_from,
 * defined when β_from ≠ 0 (e.g. x̂₁ says nothing at t = 1 of a path with b(1) = 0, where x̂₁ = x).
 *
 * Examples. Lipman's OT path with σ_min = 0 (also rectified flow), a = t, b = 1 − t, W = 1:
 * x̂₁ = x + (1 − t) u, x̂₀ = x − t u, ∇ log p_t = (t u − x)/(1 − t). VE (a = 1, b = s): x̂₁ = x + b² ∇ log p_t.
 *
 * Refused (with the reason): paths with an ε term (c ≢ 0: I-CFM and SB with σ > 0), whose velocity
 * leaves E[ε | x_t] undetermined; non-finite coefficients (VP at t = 1); W = 0; the score for a
 * two-sided path unless the caller states that x₀ is standard Gaussian and independent of x₁, and
 * the score where b = 0. Applied to a learned field u^θ the same maps give the network's implied
 * x̂₁, x̂₀ and score (exact when u^θ is the marginal field).
 */
import type { ConditionalPath } from './paths.ts';

export type Parametrisation = 'velocity' | 'x1' | 'noise' | 'score';
export const PARAMETRISATIONS: readonly Parametrisation[] = ['velocity', 'x1', 'noise', 'score'];

/** q(x) = alpha·x + beta·u_t(x) at one time. */
export interface AffineInVelocity {
  alpha: number;
  beta: number;
}

export interface ParametrisationOptions {
  /** The caller asserts x₀ ~ 𝒩(0, I) independent of x₁ (needed for the score of a two-sided path). */
  gaussianSource?: boolean;
}

/** The coefficients (α, β) with q(x) = α x + β u_t(x) for the parametrisation `kind` of `path` at t. */
export function velocityToCoefficients(
  path: ConditionalPath,
  t: number,
  kind: Parametrisation,
  opts: ParametrisationOptions = {},
): AffineInVelocity {
  if (kind === 'velocity') return { alpha: 0, beta: 1 };
  if (path.stochastic) {
    throw new Error(
      `${kind} from the velocity needs a path without noise term (c ≡ 0); "${path.name}" with σ = ${path.params.sigma} has one, ` +
        'so E[x₁ | x_t] is not determined by u_t alone',
    );
  }
  if (!Number.isFinite(t)) throw new RangeError(`${kind}: t = ${t} is not a number`);
  const { a, b, c, da, db } = path.coefficients(t);
  if (c !== 0) throw new Error(`${kind}: path "${path.name}" has c(${t}) = ${c} ≠ 0`);
  if (![a, b, da, db].every(Number.isFinite)) {
    throw new RangeError(`${kind}: the coefficients of path "${path.name}" are not finite at t = ${t}`);
  }
  const w = da * b - a * db;
  if (!(Math.abs(w) > 1e-300)) throw new RangeError(`${kind}: a'b − ab' = 0 for path "${path.name}" at t = ${t}`);
  // `+ 0` turns −0 into 0 (the same weight, printed plainly).
  if (kind === 'x1') return { alpha: -db / w + 0, beta: b / w + 0 };
  if (kind === 'noise') return { alpha: da / w + 0, beta: -a / w + 0 };
  if (path.sided === 'two' && !opts.gaussianSource) {
    throw new Error(
      `score: path "${path.name}" is two-sided; the score formula needs x₀ ~ 𝒩(0, I) independent of x₁ (pass gaussianSource)`,
    );
  }
  if (!(b > 0)) throw new RangeError(`score: b(${t}) = ${b}, p_t(x | x₁) has no density there`);
  return { alpha: -da / (b * w) + 0, beta: a / (b * w) + 0 };
}

/** (α, β) with q_to(x) = α x + β q_from(x). Throws where q_from does not determine u (β_from = 0). */
export function conversionCoefficients(
  path: ConditionalPath,
  t: number,
  from: Parametrisation,
  to: Parametrisation,
  opts: ParametrisationOptions = {},
): AffineInVelocity {
  const f = velocityToCoefficients(path, t, from, opts);
  const g = velocityToCoefficients(path, t, to, opts);
  if (f.beta === 0)
    throw new RangeError(`${from} does not determine the velocity of "${path.name}" at t = ${t} (it equals ${f.alpha}·x there)`);
  return { alpha: g.alpha - (g.beta * f.alpha) / f.beta + 0, beta: g.beta / f.beta };
}

/**
 * Converts a prediction of kind `from` at n points x (n·d, row-major) into kind `to`. Writes into
 * `out` (default a new Float64Array) and returns it.
 */
export function convertPrediction(
  path: ConditionalPath,
  t: number,
  from: Parametrisation,
  to: Parametrisation,
  x: ArrayLike<number>,
  prediction: ArrayLike<number>,
  opts: ParametrisationOptions = {},
  out: Float64Array | Float32Array = new Float64Array(x.length),
): Float64Array | Float32Array {
  if (prediction.length !== x.length || out.length !== x.length) {
    throw new RangeError(
      `convertPrediction: x, prediction and out must have the same length (${x.length}, ${prediction.length}, ${out.length})`,
    );
  }
  const { alpha, beta } = conversionCoefficients(path, t, from, to, opts);
  for (let i = 0; i < x.length; i++) out[i] = alpha * x[i] + beta * prediction[i];
  return out;
}

/** x̂₁(x, t) = alpha·x + beta·u_t(x) at one time: the 'velocity' → 'x1' conversion. */
export type X1PredictionCoefficients = AffineInVelocity;

/**
 * The coefficients of x̂₁ = α x + β u_t(x) for `path` at time t: α = −b'/W, β = b/W with
 * W = a' b − a b'. Throws (with the reason) for paths with an ε term, non-finite coefficients at t,
 * or a vanishing determinant. Applied to a learned velocity it gives the network's guess of the end
 * point (the CIFAR sampler's x̂₁ strip).
 */
export function x1PredictionCoefficients(path: ConditionalPath, t: number): X1PredictionCoefficients {
  return velocityToCoefficients(path, t, 'x1');
}

/**
 * x̂₁ = E[x₁ | x_t = x] for n points x (n·d, row-major) given the velocity u (n·d) evaluated at them and
 * time t. Writes into `out` (default a new Float64Array) and returns it.
 */
export function predictX1(
  path: ConditionalPath,
  x: ArrayLike<number>,
  u: ArrayLike<number>,
  t: number,
  out: Float64Array | Float32Array = new Float64Array(x.length),
): Float64Array | Float32Array {
  if (u.length !== x.length || out.length !== x.length) {
    throw new RangeError(`predictX1: x, u and out must have the same length (${x.length}, ${u.length}, ${out.length})`);
  }
  return convertPrediction(path, t, 'velocity', 'x1', x, u, {}, out);
}
