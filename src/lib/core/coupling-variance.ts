/**
 * Theorem 2's constant C for a two-sided path on a coupling of two point sets:
 *
 *     C = ∫₀¹ V(t) dt,   V(t) = E‖Y_t − u_t(x_t)‖²,   (i, j) ~ π,  ε ~ 𝒩(0, I),
 *     x_t = a x₁ʲ + b x₀ⁱ + c ε,   Y_t = u_t(x_t | z) = a' x₁ʲ + b' x₀ⁱ + c' ε,
 *
 * with u_t the exact marginal field of the same plan π (closed-form.ts with an empirical source),
 * which needs c(t) > 0 inside (0, 1) (I-CFM, Schrödinger bridge). For I-CFM, c' = 0 and the target
 * is x₁ − x₀: C measures how much the regression targets of the coupling disagree where paths meet.
 *
 * Estimator: t is stratified, one stratum [k/T, (k+1)/T) per time with a uniform draw inside it, and
 * `samplesPerTime` draws of (i, j, ε) per stratum; the mean over strata is unbiased for C, and the
 * standard error is √(Σ_k s_k² / M) / T with s_k² the sample variance in stratum k.
 */
import type { ConditionalPath } from './paths.ts';
import type { Rng } from './rng.ts';
import { marginalVelocity } from './closed-form.ts';
import { samplePlanPairs } from './couplings.ts';

export interface CouplingVariance {
  /** The estimate of C. */
  mean: number;
  se: number;
  /** The stratum times and V at each (a noisy curve of the conditional variance). */
  times: Float64Array;
  curve: Float64Array;
}

/**
 * The same estimate, one stratum at a time: yields k after stratum k, returns the result. A page
 * pauses between strata (one long estimate would block it for tens of milliseconds); the draws come
 * in the same order, so the result equals couplingVariance's bit for bit. Like any generator, it
 * checks its arguments (and throws) at the first `next()`, not when it is called.
 */
export function* couplingVarianceStrata(
  path: ConditionalPath,
  source: ArrayLike<number>,
  nSource: number,
  targets: ArrayLike<number>,
  nTargets: number,
  d: number,
  plan: ArrayLike<number>,
  strata: number,
  samplesPerTime: number,
  rng: Rng,
): Generator<number, CouplingVariance, void> {
  if (path.sided !== 'two') throw new Error('couplingVariance: needs a two-sided path');
  if (!(strata >= 1 && samplesPerTime >= 2)) throw new RangeError('couplingVariance: needs ≥ 1 stratum and ≥ 2 samples per time');
  const M = samplesPerTime;
  const times = new Float64Array(strata);
  const curve = new Float64Array(strata);
  const x = new Float64Array(M * d);
  const y = new Float64Array(M * d);
  let varSum = 0;
  for (let k = 0; k < strata; k++) {
    const t = (k + rng.uniform()) / strata;
    times[k] = t;
    const { a, b, c, da, db, dc } = path.coefficients(t);
    const { rows, cols } = samplePlanPairs(plan, nSource, nTargets, M, rng);
    for (let q = 0; q < M; q++) {
      for (let m = 0; m < d; m++) {
        const e = rng.normal();
        const x1 = targets[cols[q] * d + m];
        const x0 = source[rows[q] * d + m];
        x[q * d + m] = a * x1 + b * x0 + c * e;
        y[q * d + m] = da * x1 + db * x0 + dc * e;
      }
    }
    const u = marginalVelocity(path, x, M, t, targets, nTargets, d, { source, nSource, plan });
    let s = 0;
    let s2 = 0;
    for (let q = 0; q < M; q++) {
      let r = 0;
      for (let m = 0; m < d; m++) r += (y[q * d + m] - u[q * d + m]) ** 2;
      s += r;
      s2 += r * r;
    }
    const mean = s / M;
    curve[k] = mean;
    varSum += Math.max(0, (s2 - M * mean * mean) / (M - 1)) / M;
    yield k;
  }
  let total = 0;
  for (let k = 0; k < strata; k++) total += curve[k];
  return { mean: total / strata, se: Math.sqrt(varSum) / strata, times, curve };
}

/** Theorem 2's constant C of a coupling, estimated in one go (see couplingVarianceStrata). */
export function couplingVariance(...args: Parameters<typeof couplingVarianceStrata>): CouplingVariance {
  const strata = couplingVarianceStrata(...args);
  for (;;) {
    const step = strata.next();
    if (step.done) return step.value;
  }
}
