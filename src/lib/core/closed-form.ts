/**
 * The marginal velocity and density of a Gaussian conditional path for a FINITE target set
 * p₁ = (1/K) Σᵢ δ_{x₁ⁱ} (Theorem 1 of Lipman et al. in posterior-weight form):
 *
 *   p_t(x) = (1/K) Σᵢ p_t(x | x₁ⁱ),
 *   u_t(x) = Σᵢ wᵢ(x, t) u_t(x | x₁ⁱ),   wᵢ(x, t) = p_t(x | x₁ⁱ) / Σⱼ p_t(x | x₁ʲ).
 *
 * Gaussian source (default): with x₀ ~ 𝒩(0, I) integrated out, every family gives
 * p_t(x | x₁) = 𝒩(a x₁, s² I) with s² = b² + c² (one-sided: s = σ_t = b), and
 * u_t(x | x₁) = a' x₁ + (s s'/s²)(x − a x₁), s s' = b b' + c c'.
 *
 * Empirical source (two-sided paths, `opts.source`): z = (x₀ⁱ, x₁ʲ) runs over all pairs (weights
 * π_ij, uniform by default, or a given plan), p_t(x | z) = 𝒩(a x₁ʲ + b x₀ⁱ, c² I), and
 * u_t(x | z) = a' x₁ʲ + b' x₀ⁱ + (c'/c)(x − μ_ij); this needs c(t) > 0.
 *
 * Stability: weights are computed as softmax of log-weights (log-sum-exp), so they stay exact when
 * every Gaussian factor underflows (t → 1, narrow paths) or x is far from all targets. Where the
 * width vanishes exactly (s = 0 at the end of a σ = 0 path) the formulas are evaluated at
 * s² = 10⁻²⁴, the limit from inside the domain.
 */
import type { ConditionalPath } from './paths.ts';
import { logSumExp } from './distributions.ts';

const S2_FLOOR = 1e-24;
const LOG_2PI = Math.log(2 * Math.PI);

export interface ClosedFormOptions {
  /** Empirical source points (nSource × d); two-sided paths with c(t) > 0 only. */
  source?: ArrayLike<number>;
  nSource?: number;
  /** Coupling weights π (nSource × nTargets, row-major, any positive scale); default uniform. */
  plan?: ArrayLike<number>;
}

interface Mixture {
  /** Component means (M × d). */
  mu: Float64Array;
  /** Component velocity offset: u(x | z) = slope·x + offset. */
  offset: Float64Array;
  slope: number;
  /** Log prior weight of each component (unnormalised). */
  logPrior: Float64Array;
  /** Common variance of the components. */
  s2: number;
  m: number;
}

/** The Gaussian mixture p_t = Σ_z π(z) 𝒩(μ_z, s² I) and its affine conditional velocities at time t. */
function mixtureAt(
  path: ConditionalPath,
  t: number,
  targets: ArrayLike<number>,
  nTargets: number,
  d: number,
  opts?: ClosedFormOptions,
): Mixture {
  const { a, b, c, da, db, dc } = path.coefficients(t);
  if (opts?.source) {
    if (path.sided !== 'two') throw new Error('closed form: an empirical source needs a two-sided path');
    const ns = opts.nSource ?? Math.floor(opts.source.length / d);
    const s2 = c * c;
    if (!(s2 > 0)) throw new Error('closed form: an empirical source needs c(t) > 0 (e.g. I-CFM with σ > 0)');
    const m = ns * nTargets;
    const mu = new Float64Array(m * d);
    const offset = new Float64Array(m * d);
    const logPrior = new Float64Array(m);
    const slope = dc / c;
    const src = opts.source;
    for (let i = 0; i < ns; i++) {
      for (let j = 0; j < nTargets; j++) {
        const z = i * nTargets + j;
        logPrior[z] = opts.plan ? Math.log(Math.max(0, opts.plan[z])) : 0;
        for (let k = 0; k < d; k++) {
          const mk = a * targets[j * d + k] + b * src[i * d + k];
          mu[z * d + k] = mk;
          offset[z * d + k] = da * targets[j * d + k] + db * src[i * d + k] - slope * mk;
        }
      }
    }
    return { mu, offset, slope, logPrior, s2, m };
  }
  const s2 = Math.max(b * b + c * c, S2_FLOOR);
  const slope = (b * db + c * dc) / s2;
  const mu = new Float64Array(nTargets * d);
  const offset = new Float64Array(nTargets * d);
  for (let j = 0; j < nTargets * d; j++) {
    mu[j] = a * targets[j];
    offset[j] = da * targets[j] - slope * mu[j];
  }
  return { mu, offset, slope, logPrior: new Float64Array(nTargets), s2, m: nTargets };
}

/**
 * Normalised posterior weights of one point (written into `out`), computed as
 * exp(ℓ_z − max ℓ) / Σ exp(ℓ − max ℓ) with ℓ_z = log π_z − ‖x − μ_z‖²/(2s²); subtracting the max
 * exactly (rather than the full log-sum-exp) keeps the dominant weight exact even when |ℓ| ~ 10¹⁴.
 * Returns log Σ_z exp(ℓ_z).
 */
function weightsInto(mix: Mixture, x: ArrayLike<number>, xo: number, d: number, out: Float64Array): number {
  const inv = 1 / (2 * mix.s2);
  let mx = -Infinity;
  for (let z = 0; z < mix.m; z++) {
    let s = 0;
    for (let k = 0; k < d; k++) {
      const r = x[xo + k] - mix.mu[z * d + k];
      s += r * r;
    }
    const v = mix.logPrior[z] - s * inv;
    out[z] = v;
    if (v > mx) mx = v;
  }
  if (mx === -Infinity) {
    out.fill(1 / mix.m);
    return -Infinity;
  }
  let sum = 0;
  for (let z = 0; z < mix.m; z++) {
    const e = Math.exp(out[z] - mx);
    out[z] = e;
    sum += e;
  }
  for (let z = 0; z < mix.m; z++) out[z] /= sum;
  return mx + Math.log(sum);
}

/**
 * Posterior weights wᵢ(x, t) of the targets (or of the source–target pairs, nSource × nTargets,
 * with an empirical source) at ONE point x (length d). They sum to 1.
 */
export function posteriorWeights(
  path: ConditionalPath,
  x: ArrayLike<number>,
  t: number,
  targets: ArrayLike<number>,
  nTargets: number,
  d: number,
  opts?: ClosedFormOptions,
): Float64Array {
  const mix = mixtureAt(path, t, targets, nTargets, d, opts);
  const w = new Float64Array(mix.m);
  weightsInto(mix, x, 0, d, w);
  return w;
}

/** The marginal velocity u_t(x) at n points x (n × d), Theorem 1 with log-sum-exp weights. */
export function marginalVelocity(
  path: ConditionalPath,
  x: ArrayLike<number>,
  n: number,
  t: number,
  targets: ArrayLike<number>,
  nTargets: number,
  d: number,
  opts?: ClosedFormOptions,
): Float64Array {
  const mix = mixtureAt(path, t, targets, nTargets, d, opts);
  const { mu, offset, logPrior, m, slope } = mix;
  const inv = 1 / (2 * mix.s2);
  const out = new Float64Array(n * d);
  const lw = new Float64Array(m);
  const acc = new Float64Array(d);
  for (let q = 0; q < n; q++) {
    const xo = q * d;
    // Pass 1: log-weights and their maximum.
    let mx = -Infinity;
    for (let z = 0; z < m; z++) {
      let s2 = 0;
      const zo = z * d;
      for (let k = 0; k < d; k++) {
        const r = x[xo + k] - mu[zo + k];
        s2 += r * r;
      }
      const v = logPrior[z] - s2 * inv;
      lw[z] = v;
      if (v > mx) mx = v;
    }
    // Pass 2: Σ exp(ℓ − max) · offset and Σ exp(ℓ − max), normalised once at the end.
    acc.fill(0);
    let sum = 0;
    if (mx === -Infinity) {
      for (let z = 0; z < m; z++) {
        sum += 1;
        for (let k = 0; k < d; k++) acc[k] += offset[z * d + k];
      }
    } else {
      for (let z = 0; z < m; z++) {
        const e = lw[z] - mx;
        // A term below e⁻⁵⁰ ≈ 2·10⁻²² of the largest cannot change the sums in double precision
        // unless there are more than 10⁶ of them: skip its exponential.
        if (e < -50) continue;
        const w = Math.exp(e);
        sum += w;
        const zo = z * d;
        for (let k = 0; k < d; k++) acc[k] += w * offset[zo + k];
      }
    }
    for (let k = 0; k < d; k++) out[xo + k] = slope * x[xo + k] + acc[k] / sum;
  }
  return out;
}

/** log p_t(x) of the marginal at n points x (n × d). */
export function marginalLogDensity(
  path: ConditionalPath,
  x: ArrayLike<number>,
  n: number,
  t: number,
  targets: ArrayLike<number>,
  nTargets: number,
  d: number,
  opts?: ClosedFormOptions,
): Float64Array {
  const mix = mixtureAt(path, t, targets, nTargets, d, opts);
  const priorLse = logSumExp(mix.logPrior, mix.m);
  const norm = -priorLse - 0.5 * d * (LOG_2PI + Math.log(mix.s2));
  const out = new Float64Array(n);
  const lw = new Float64Array(mix.m);
  for (let q = 0; q < n; q++) out[q] = weightsInto(mix, x, q * d, d, lw) + norm;
  return out;
}
