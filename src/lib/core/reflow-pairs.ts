/**
 * Reflow as a coupling (Liu et al. 2023), for any conditional path and dimension: round 0 is a
 * given field (the marginal field of the independent coupling, exact), and round k couples each
 * source point x₀ with the end point ψ₁(x₀) of the ODE of round k − 1's field, started at x₀:
 *
 *   Π_k = (1/N) Σᵢ δ_(x₀ⁱ, ψ⁽ᵏ⁻¹⁾₁(x₀ⁱ)),   u⁽ᵏ⁾ = the marginal field of Π_k (pair-field.ts).
 *
 * So round 1 is x₀ paired with where the independent-coupling flow takes it, round 2 re-flows those
 * pairs' own field, and so on. With the straight path and an exact solver the transport cost
 * E c(x₁ − x₀) of Π_k never increases with k for convex c (the reflow theorem of the rectified-flow
 * chapter); on the line every ODE flow is monotone, so Π₁ is already the comonotone (optimal)
 * coupling and later rounds keep it (quantile-coupling-1d.ts).
 */
import { integrate, type FixedStepMethod } from './ode.ts';
import type { ConditionalPath } from './paths.ts';
import { pairVelocity, type WeightedPairs } from './pair-field.ts';

/** A field evaluated at n points (n × d) at time t. */
export type PointsField = (x: Float64Array, n: number, t: number) => Float64Array;

export interface ReflowPairs {
  /** Π_k: N pairs (x₀ⁱ, end point of round k − 1), weight 1/N each. */
  pairs: WeightedPairs;
  /** E‖x₁ − x₀‖² of Π_1 … Π_k. */
  costs: number[];
}

/** E‖x₁ − x₀‖² under weighted pairs (weights normalised here). */
export function pairsCost(p: WeightedPairs): number {
  let cost = 0;
  let w = 0;
  for (let k = 0; k < p.count; k++) {
    let s = 0;
    for (let q = 0; q < p.d; q++) s += (p.x1[k * p.d + q] - p.x0[k * p.d + q]) ** 2;
    cost += p.w[k] * s;
    w += p.w[k];
  }
  return cost / w;
}

/**
 * Π_rounds for the source points x0 (N × d): `firstField` is round 0's field; the ODE runs over the
 * path's time domain with the given fixed-step solver.
 */
export function reflowPairs(
  path: ConditionalPath,
  x0: Float64Array,
  d: number,
  rounds: number,
  firstField: PointsField,
  opts: { method: FixedStepMethod; steps: number },
): ReflowPairs {
  const N = x0.length / d;
  let field = firstField;
  let pairs: WeightedPairs | null = null;
  const costs: number[] = [];
  for (let r = 1; r <= Math.max(1, rounds); r++) {
    const f = field;
    const end = integrate((x, t, out) => out.set(f(x, N, t)), x0, {
      method: opts.method,
      steps: opts.steps,
      t0: path.tMin,
      t1: path.tMax,
      d,
    }).x;
    const next: WeightedPairs = { x0: Float64Array.from(x0), x1: Float64Array.from(end), w: new Float64Array(N).fill(1 / N), count: N, d };
    pairs = next;
    costs.push(pairsCost(next));
    field = (x, n, t) => pairVelocity(path, next, x, n, t);
  }
  return { pairs: pairs!, costs };
}
