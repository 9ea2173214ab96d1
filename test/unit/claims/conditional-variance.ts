/**
 * Test helper for the claims about couplings: the constant C = E‖u_t(x | z) − u_t(x)‖² of Theorem 2
 * for the coupled I-CFM path in 2D, by Monte Carlo with a fixed seed. Pairs (i, j) are drawn from
 * `plan` (nSource × nTarget, any positive scale), t ~ U[0, 1], x = x_t(z) with its ε; the marginal
 * field is the core's closed form with the empirical source and the same plan.
 */
import { Rng, getPath, marginalVelocity } from '../../../src/lib/core/index.ts';

export function conditionalVarianceMC(
  src: Float64Array,
  tgt: Float64Array,
  n: number,
  plan: ArrayLike<number>,
  sigma: number,
  samples: number,
  seed = 77,
): number {
  const path = getPath('icfm', { sigma });
  const r = new Rng(seed);
  let s = 0;
  for (let q = 0; q < samples; q++) {
    const k = r.categorical(plan);
    const i = Math.floor(k / n);
    const j = k % n;
    const t = r.uniform();
    const { a, b, c, da, db } = path.coefficients(t);
    const x = new Float64Array(2);
    const cond = new Float64Array(2);
    for (let d = 0; d < 2; d++) {
      x[d] = a * tgt[2 * j + d] + b * src[2 * i + d] + c * r.normal();
      cond[d] = da * tgt[2 * j + d] + db * src[2 * i + d];
    }
    const u = marginalVelocity(path, x, 1, t, tgt, n, 2, { source: src, nSource: n, plan });
    s += (cond[0] - u[0]) ** 2 + (cond[1] - u[1]) ** 2;
  }
  return s / samples;
}
