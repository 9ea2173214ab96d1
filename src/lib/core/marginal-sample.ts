/**
 * Exact samples of the marginal path of a finite data set, and the distance between paired clouds
 * (chapter 10, the SDE vs ODE widget).
 *
 * For a one-sided affine Gaussian path x_t = a(t) x₁ + b(t) x₀ with x₀ ~ 𝒩(0, I) and x₁ uniform on
 * K target points, p_t is the mixture (1/K) Σⱼ 𝒩(a x₁ʲ, b² I). A draw picks j uniformly, then adds
 * b times a standard normal vector: the Monte-Carlo reference against which sampled clouds (ODE or
 * SDE particles) are compared, since two independent exact samples of size n are themselves not at
 * distance zero.
 */
import type { Rng } from './rng.ts';
import type { ConditionalPath } from './paths.ts';

/** n exact draws (n × d) of p_t for the finite target set (nTargets × d), Gaussian source. */
export function sampleMarginal(
  path: ConditionalPath,
  t: number,
  targets: ArrayLike<number>,
  nTargets: number,
  d: number,
  n: number,
  rng: Rng,
): Float64Array {
  if (path.sided !== 'one') throw new Error('sampleMarginal: needs a one-sided path (x₀ ~ 𝒩(0, I) independent of x₁)');
  if (nTargets < 1 || targets.length < nTargets * d) throw new Error('sampleMarginal: needs at least one target point');
  const { a, b } = path.coefficients(t);
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const j = rng.int(nTargets);
    for (let k = 0; k < d; k++) out[i * d + k] = a * targets[j * d + k] + b * rng.normal();
  }
  return out;
}

/** (1/n) Σᵢ ‖aᵢ − bᵢ‖: how far apart particles with the same index are (paths from one start). */
export function meanPairedDistance(a: ArrayLike<number>, b: ArrayLike<number>, n: number, d: number): number {
  if (a.length < n * d || b.length < n * d) throw new Error('meanPairedDistance: both sets must have n points of dimension d');
  if (n === 0) return 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) {
      const r = a[i * d + k] - b[i * d + k];
      s += r * r;
    }
    total += Math.sqrt(s);
  }
  return total / n;
}
