/**
 * Couplings of two 1D Gaussian mixtures (mixture-path-1d.ts) through their quantiles.
 *
 * A distribution on the line is the image of the uniform u ∈ (0, 1) under its quantile function
 * F⁻¹, so expectations are integrals over u, which the midpoint rule with N nodes uᵢ = (i + ½)/N
 * approximates deterministically (no sampling): E g(X) ≈ (1/N) Σᵢ g(F⁻¹(uᵢ)). The nodes
 * qᵢ = F⁻¹(uᵢ) are the N "quantile nodes" of the mixture.
 *
 * The comonotone coupling pairs the same u on both sides, x₁ = F₁⁻¹(F₀(x₀)): on the line it is an
 * optimal coupling for every convex cost c(x₁ − x₀), in particular W₂ (e.g. Villani 2003, Thm 2.18);
 * `comonotonePairs` is its quantile-node version (N pairs of weight 1/N). The counter-monotone
 * coupling x₁ = F₁⁻¹(1 − F₀(x₀)) is the worst one for those costs.
 *
 * Φ is computed from erfc by the Chebyshev fit of Numerical Recipes (§6.2, fractional error below
 * 1.2·10⁻⁷ everywhere); quantiles by bisection on the mixture's CDF to 10⁻¹⁰.
 */
import type { Mixture1D } from './mixture-path-1d.ts';
import type { WeightedPairs } from './pair-field.ts';

/** erfc(x) (fractional error < 1.2·10⁻⁷). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** The standard normal CDF Φ(z). */
export const normalCdf = (z: number): number => 0.5 * erfc(-z / Math.SQRT2);

/** The mixture's CDF at x (a zero-width component is a point mass: its CDF steps at its mean). */
export function mixtureCdf(mix: Mixture1D, x: number): number {
  const total = mix.weights.reduce((s, w) => s + w, 0);
  let F = 0;
  for (let k = 0; k < mix.means.length; k++) {
    const s = mix.stds[k];
    const Fk = s > 0 ? normalCdf((x - mix.means[k]) / s) : x >= mix.means[k] ? 1 : 0;
    F += (mix.weights[k] / total) * Fk;
  }
  return F;
}

/** F⁻¹(u) = inf{x : F(x) ≥ u} for u ∈ (0, 1), by bisection. */
export function mixtureQuantile(mix: Mixture1D, u: number): number {
  let lo = Math.min(...mix.means.map((m, k) => m - 12 * mix.stds[k])) - 1;
  let hi = Math.max(...mix.means.map((m, k) => m + 12 * mix.stds[k])) + 1;
  while (hi - lo > 1e-10) {
    const mid = 0.5 * (lo + hi);
    if (mixtureCdf(mix, mid) >= u) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The N quantile nodes F⁻¹((i + ½)/N), increasing. */
export function quantileNodes(mix: Mixture1D, N: number): Float64Array {
  return Float64Array.from({ length: N }, (_, i) => mixtureQuantile(mix, (i + 0.5) / N));
}

/**
 * The (counter-)monotone coupling of p₀ and p₁ on N quantile nodes: pair i joins the i-th node of
 * p₀ with the i-th (or, counter-monotone, the (N−1−i)-th) node of p₁, each with weight 1/N.
 */
export function comonotonePairs(p0: Mixture1D, p1: Mixture1D, N: number, counter = false): WeightedPairs {
  const x0 = quantileNodes(p0, N);
  const q1 = quantileNodes(p1, N);
  const x1 = counter ? q1.reverse() : q1;
  return { x0, x1, w: new Float64Array(N).fill(1 / N), count: N, d: 1 };
}
