/**
 * Claims of chapter 6 about the laws at the ends of the I-CFM flow (errata E3, E4): with a constant
 * width σ > 0 the exact marginal field carries the BLURRED source p₀ * 𝒩(0, σ²) to the BLURRED target
 * p₁ * 𝒩(0, σ²), not p₀ to p₁, and in one dimension its endpoint map is the monotone map between the
 * blurred laws, G₁⁻¹ ∘ G₀, whatever the coupling. Computed with the core's closed-form field
 * (empirical source and plan) and RK4; the reference CDFs are Gaussian mixtures evaluated directly.
 */
import { describe, expect, it } from 'vitest';
import { Rng, getPath, integrate, marginalVelocity } from '../../../src/lib/core/index.ts';

/** Φ(z) from the Numerical Recipes approximation of erfc (fractional error below 1.2·10⁻⁷). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
}

/** CDF of (1/n) Σ 𝒩(cᵢ, σ²) and its inverse by bisection. */
const mixtureCdf = (centres: ArrayLike<number>, sigma: number) => (x: number) => {
  let s = 0;
  for (let i = 0; i < centres.length; i++) s += normalCdf((x - centres[i]) / sigma);
  return s / centres.length;
};
function inverse(cdf: (x: number) => number, v: number): number {
  let lo = -50;
  let hi = 50;
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (cdf(mid) < v) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

describe('I-CFM with σ > 0 connects the blurred laws (chapter 6, E3/E4)', () => {
  const n = 4;
  const src = Float64Array.of(-3, -1, 1, 3);
  const tgt = Float64Array.of(-6, -5, 4, 6.5);
  const sigma = 0.3;
  const path = getPath('icfm', { sigma });
  const plans = {
    independent: undefined,
    // A deliberately bad pairing: each source point paired with the target on the "wrong" end.
    bad: Float64Array.from({ length: n * n }, (_, k) => (Math.floor(k / n) + (k % n) === n - 1 ? 1 : 0)),
  };
  const rng = new Rng(12);
  const m = 1500;
  // Particles drawn from the path's law at t = 0: the source points blurred by 𝒩(0, σ²).
  const start = Float64Array.from({ length: m }, (_, q) => src[q % n] + sigma * rng.normal());
  const g0 = mixtureCdf(src, sigma);
  const g1 = mixtureCdf(tgt, sigma);

  for (const [name, plan] of Object.entries(plans)) {
    // Backs: "By Proposition (coupling endpoints) these are the blurred laws p₀ * 𝒩(0, σ²I) and
    // p₁ * 𝒩(0, σ²I), not p₀ and p₁ themselves" and, for d = 1, "the endpoint map is the monotone map
    // between the blurred laws".
    it(`${name} coupling: ψ₁ = G₁⁻¹ ∘ G₀ for the blurred laws, and the end law is p₁ * 𝒩(0, σ²), not p₁`, () => {
      const end = integrate(
        (x, t, out) => {
          out.set(marginalVelocity(path, x, m, t, tgt, n, 1, { source: src, nSource: n, plan }));
        },
        start,
        { method: 'rk4', steps: 300 },
      ).x;
      // The endpoint map, particle by particle.
      let worst = 0;
      for (let q = 0; q < m; q += 7) worst = Math.max(worst, Math.abs(end[q] - inverse(g1, g0(start[q]))));
      expect(worst).toBeLessThan(2e-3);
      // The end law: Kolmogorov–Smirnov distance to the blurred target is at sampling level …
      const sorted = Array.from(end).sort((a, b) => a - b);
      let ks = 0;
      sorted.forEach((x, i) => {
        ks = Math.max(ks, Math.abs(g1(x) - i / m), Math.abs(g1(x) - (i + 1) / m));
      });
      expect(ks).toBeLessThan(1.63 / Math.sqrt(m)); // the 1% critical value
      // … while p₁ itself (point masses) would put every particle on a target: the spread around the
      // nearest target is σ, not 0.
      let s2 = 0;
      for (const x of end) {
        let best = Infinity;
        for (const c of tgt) best = Math.min(best, Math.abs(x - c));
        s2 += best * best;
      }
      expect(Math.sqrt(s2 / m)).toBeGreaterThan(0.8 * sigma);
      expect(Math.sqrt(s2 / m)).toBeLessThan(1.2 * sigma);
    });
  }
});
