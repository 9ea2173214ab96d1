/**
 * The conditional-field variance as a function of time, for a finite target set and a Gaussian
 * source (x₀ ~ 𝒩(0, I) independent of x₁, the independent coupling):
 *
 *     V(t) = E‖Y − u_t(x_t)‖²,     Y = a'(t) x₁ + b'(t) x₀ + c'(t) ε,   x_t = a x₁ + b x₀ + c ε,
 *
 * where u_t(x) = E[Y | x_t = x] is the marginal field (closed-form.ts). Theorem 2's constant is
 * C = ∫₀¹ V(t) dt: V says *when* the regression targets are noisy, C only how noisy on average.
 *
 * Estimator: for each of `samples` draws (x₁ uniform over the targets, x₀, ε standard normal),
 * the squared distance between Y and the closed-form u_t(x_t). It is unbiased; the returned standard
 * error is the sample standard deviation over √samples.
 *
 * Two checkable values: at t = 0 (where a = 0, b = 1, c = 0 for the straight paths) x_t = x₀ says
 * nothing about x₁, so V(0) = a'² tr Cov(x₁) (the spread of the targets); at t = 1 with b = c = 0,
 * x_t = x₁ determines x₁ and V(1) = (b'² + c'²) d. For 𝒩(m, Σ) targets the exact curve is
 * gaussianConditionalVariance (gaussian-marginal.ts).
 */
import { marginalVelocity } from './closed-form.ts';
import type { ConditionalPath } from './paths.ts';
import type { Rng } from './rng.ts';

export interface VarianceEstimate {
  mean: number;
  se: number;
}

/** Monte-Carlo V(t) at one time for `nTargets` equally weighted targets (nTargets × d). */
export function conditionalVarianceAt(
  path: ConditionalPath,
  t: number,
  targets: ArrayLike<number>,
  nTargets: number,
  d: number,
  samples: number,
  rng: Rng,
): VarianceEstimate {
  if (!(samples >= 2)) throw new RangeError('conditionalVarianceAt: needs at least 2 samples');
  const { a, b, c, da, db, dc } = path.coefficients(t);
  const x = new Float64Array(samples * d);
  const y = new Float64Array(samples * d);
  for (let q = 0; q < samples; q++) {
    const j = rng.int(nTargets);
    for (let k = 0; k < d; k++) {
      const x0 = rng.normal();
      const e = c !== 0 || dc !== 0 ? rng.normal() : 0;
      const x1 = targets[j * d + k];
      x[q * d + k] = a * x1 + b * x0 + c * e;
      y[q * d + k] = da * x1 + db * x0 + dc * e;
    }
  }
  const u = marginalVelocity(path, x, samples, t, targets, nTargets, d);
  let s = 0;
  let s2 = 0;
  for (let q = 0; q < samples; q++) {
    let r = 0;
    for (let k = 0; k < d; k++) r += (y[q * d + k] - u[q * d + k]) ** 2;
    s += r;
    s2 += r * r;
  }
  const mean = s / samples;
  const variance = Math.max(0, (s2 - samples * mean * mean) / (samples - 1));
  return { mean, se: Math.sqrt(variance / samples) };
}

/** V(t) on a grid of times (each with its own draws from `rng`). */
export function conditionalVarianceCurve(
  path: ConditionalPath,
  times: ArrayLike<number>,
  targets: ArrayLike<number>,
  nTargets: number,
  d: number,
  samples: number,
  rng: Rng,
): VarianceEstimate[] {
  return Array.from(times, (t) => conditionalVarianceAt(path, t, targets, nTargets, d, samples, rng));
}
