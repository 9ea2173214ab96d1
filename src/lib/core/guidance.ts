/**
 * Classifier-free guidance (chapter 11, "Classifier-free guidance, derived").
 *
 * Bayes' rule on scores, ∇log p_t(x | y) = ∇log p_t(x) + ∇log p_t(y | x), suggests the guided score
 *
 *     s̃ = ∇log p_t(x) + w ∇log p_t(y | x) = (1 − w) ∇log p_t(x) + w ∇log p_t(x | y).
 *
 * On an affine Gaussian path the velocity is the same affine function of the score for every data
 * distribution, u = α_t x + β_t ∇log p_t (chapter 10, velocity ↔ score), and its coefficients on x
 * and on the score sum under the combination (1 − w) + w = 1, so the guided velocity is the same
 * combination of velocities:
 *
 *     ũ_t(x) = (1 − w) u_t(x | ∅) + w u_t(x | y) = u_t(x | ∅) + w (u_t(x | y) − u_t(x | ∅)).
 *
 * Convention (the book's, training/unet.py's and the CIFAR sampler's): w = 1 is the plain
 * conditional field, w = 0 the unconditional one. Ho & Salimans write ε̃ = (1 + w′) ε(·, y) − w′ ε(·)
 * with w′ = 0 for the plain conditional model, so w = 1 + w′.
 */

import { marginalVelocity } from './closed-form.ts';
import type { VelocityFn } from './ode.ts';
import type { ConditionalPath } from './paths.ts';

/**
 * The guided field u∅ + w (u_y − u∅) at n·d values (any parametrisation affine in the velocity with
 * coefficients independent of the data: velocity, score, x̂₁, noise). Writes into `out` and returns it.
 */
export function guidedField(
  unconditional: ArrayLike<number>,
  conditional: ArrayLike<number>,
  w: number,
  out: Float64Array = new Float64Array(unconditional.length),
): Float64Array {
  if (conditional.length !== unconditional.length || out.length !== unconditional.length) {
    throw new RangeError(
      `guidedField: unconditional, conditional and out must have the same length (${unconditional.length}, ${conditional.length}, ${out.length})`,
    );
  }
  if (!Number.isFinite(w)) throw new RangeError(`guidedField: the guidance weight w = ${w} is not a number`);
  for (let i = 0; i < out.length; i++) out[i] = unconditional[i] + w * (conditional[i] - unconditional[i]);
  return out;
}

/** The book's weight w for Ho & Salimans' w′ (ε̃ = (1 + w′) ε_y − w′ ε_∅): w = 1 + w′. */
export function guidanceWeightFromHoSalimans(wPrime: number): number {
  return 1 + wPrime;
}

/**
 * The exact guided field of a labelled finite data set: the closed-form marginal fields of all
 * targets (the unconditional field, uniform weights) and of one class's targets (n·d, row-major),
 * combined with weight w. A VelocityFn for the core's ODE solvers.
 */
export function guidedClosedFormField(
  path: ConditionalPath,
  allTargets: ArrayLike<number>,
  classTargets: ArrayLike<number>,
  d: number,
  w: number,
): VelocityFn {
  const nAll = Math.floor(allTargets.length / d);
  const nClass = Math.floor(classTargets.length / d);
  return (x, t, out) => {
    const n = Math.floor(x.length / d);
    guidedField(marginalVelocity(path, x, n, t, allTargets, nAll, d), marginalVelocity(path, x, n, t, classTargets, nClass, d), w, out);
  };
}
