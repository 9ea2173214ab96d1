/**
 * The marginal path and field of a two-sided conditional path for a coupling given as a SPARSE list
 * of weighted pairs z_k = (x₀ᵏ, x₁ᵏ) with weights π_k (Theorem 1, posterior-weight form):
 *
 *   p_t(x) = Σ_k π_k 𝒩(x | μ_k(t), c(t)² I),          μ_k(t) = a(t) x₁ᵏ + b(t) x₀ᵏ,
 *   u_t(x) = Σ_k w_k(x, t) [a' x₁ᵏ + b' x₀ᵏ + (c'/c)(x − μ_k)],   w_k ∝ π_k 𝒩(x | μ_k, c² I).
 *
 * closed-form.ts computes the same field from a dense n × m plan over all source–target pairs; here
 * only the pairs with positive weight are visited, which makes an exact-OT plan (n pairs instead of
 * n²) or a pruned entropic plan cheap enough to integrate hundreds of particles interactively.
 * The path must have c(t) > 0 (I-CFM or Schrödinger bridge with σ > 0, or a width floor).
 */
import type { ConditionalPath } from './paths.ts';

const LOG_2PI = Math.log(2 * Math.PI);

/** A coupling as a list of weighted pairs (x₀ᵏ, x₁ᵏ), k < count, points count × d. */
export interface WeightedPairs {
  x0: Float64Array;
  x1: Float64Array;
  /** Weights π_k (any positive scale; normalised where used). */
  w: Float64Array;
  count: number;
  d: number;
}

/**
 * The pairs of a dense plan (n × m, rows sources, columns targets) whose weight exceeds `relTol`
 * times the largest weight (a pruned entry is below the largest by that factor, so for Sinkhorn's
 * exponentially small entries nothing visible is lost).
 */
export function planToPairs(
  plan: ArrayLike<number>,
  x0: ArrayLike<number>,
  x1: ArrayLike<number>,
  n: number,
  m: number,
  d: number,
  relTol = 1e-9,
): WeightedPairs {
  let max = 0;
  for (let k = 0; k < n * m; k++) if (plan[k] > max) max = plan[k];
  const keep: number[] = [];
  for (let k = 0; k < n * m; k++) if (plan[k] > 0 && plan[k] >= relTol * max) keep.push(k);
  const count = keep.length;
  const out: WeightedPairs = { x0: new Float64Array(count * d), x1: new Float64Array(count * d), w: new Float64Array(count), count, d };
  keep.forEach((k, q) => {
    const i = Math.floor(k / m);
    const j = k - i * m;
    out.w[q] = plan[k];
    for (let c = 0; c < d; c++) {
      out.x0[q * d + c] = x0[i * d + c];
      out.x1[q * d + c] = x1[j * d + c];
    }
  });
  return out;
}

interface PairMixture {
  mu: Float64Array;
  offset: Float64Array;
  slope: number;
  logPrior: Float64Array;
  c2: number;
}

function mixture(path: ConditionalPath, pairs: WeightedPairs, t: number): PairMixture {
  const { a, b, c, da, db, dc } = path.coefficients(t);
  const c2 = c * c;
  if (!(c2 > 0)) throw new Error('pair field: the path needs c(t) > 0');
  const { count, d } = pairs;
  const slope = dc / c;
  const mu = new Float64Array(count * d);
  const offset = new Float64Array(count * d);
  const logPrior = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    logPrior[k] = Math.log(pairs.w[k]);
    for (let q = 0; q < d; q++) {
      const i = k * d + q;
      mu[i] = a * pairs.x1[i] + b * pairs.x0[i];
      offset[i] = da * pairs.x1[i] + db * pairs.x0[i] - slope * mu[i];
    }
  }
  return { mu, offset, slope, logPrior, c2 };
}

/** Log-weights ℓ_k = log π_k − ‖x − μ_k‖²/(2c²) of one point into `out`; returns max ℓ. */
function logWeights(mix: PairMixture, x: ArrayLike<number>, xo: number, d: number, out: Float64Array): number {
  const inv = 1 / (2 * mix.c2);
  let mx = -Infinity;
  for (let k = 0; k < out.length; k++) {
    let s = 0;
    for (let q = 0; q < d; q++) {
      const r = x[xo + q] - mix.mu[k * d + q];
      s += r * r;
    }
    const v = mix.logPrior[k] - s * inv;
    out[k] = v;
    if (v > mx) mx = v;
  }
  return mx;
}

/** The marginal velocity u_t(x) at n points (n × d). */
export function pairVelocity(path: ConditionalPath, pairs: WeightedPairs, x: ArrayLike<number>, n: number, t: number): Float64Array {
  const mix = mixture(path, pairs, t);
  const { d, count } = pairs;
  const out = new Float64Array(n * d);
  const lw = new Float64Array(count);
  const acc = new Float64Array(d);
  for (let p = 0; p < n; p++) {
    const mx = logWeights(mix, x, p * d, d, lw);
    acc.fill(0);
    let sum = 0;
    for (let k = 0; k < count; k++) {
      const e = lw[k] - mx;
      if (e < -50) continue; // below e⁻⁵⁰ of the largest term: invisible in double precision
      const w = Math.exp(e);
      sum += w;
      for (let q = 0; q < d; q++) acc[q] += w * mix.offset[k * d + q];
    }
    for (let q = 0; q < d; q++) out[p * d + q] = mix.slope * x[p * d + q] + acc[q] / sum;
  }
  return out;
}

/** log p_t(x) at n points (n × d). */
export function pairLogDensity(path: ConditionalPath, pairs: WeightedPairs, x: ArrayLike<number>, n: number, t: number): Float64Array {
  const mix = mixture(path, pairs, t);
  const { d, count } = pairs;
  let wmax = -Infinity;
  for (let k = 0; k < count; k++) wmax = Math.max(wmax, mix.logPrior[k]);
  let wsum = 0;
  for (let k = 0; k < count; k++) wsum += Math.exp(mix.logPrior[k] - wmax);
  const norm = -(wmax + Math.log(wsum)) - 0.5 * d * (LOG_2PI + Math.log(mix.c2));
  const out = new Float64Array(n);
  const lw = new Float64Array(count);
  for (let p = 0; p < n; p++) {
    const mx = logWeights(mix, x, p * d, d, lw);
    let s = 0;
    for (let k = 0; k < count; k++) s += Math.exp(lw[k] - mx);
    out[p] = mx + Math.log(s) + norm;
  }
  return out;
}

/** Posterior weights w_k(x, t) of the pairs at ONE point x (length d); they sum to 1. */
export function pairPosterior(path: ConditionalPath, pairs: WeightedPairs, x: ArrayLike<number>, t: number): Float64Array {
  const mix = mixture(path, pairs, t);
  const w = new Float64Array(pairs.count);
  const mx = logWeights(mix, x, 0, pairs.d, w);
  let s = 0;
  for (let k = 0; k < w.length; k++) {
    w[k] = Math.exp(w[k] - mx);
    s += w[k];
  }
  for (let k = 0; k < w.length; k++) w[k] /= s;
  return w;
}

/**
 * The path with its noise width raised to c̃(t) = √(c(t)² + floor²) (so c̃ > 0 everywhere), with
 * the exact derivative c̃' = c c'/c̃. For zero-width paths (rectified, trigonometric, σ = 0) the
 * exact field of finitely many pairs is singular where paths cross; this is the smallest change
 * that gives a field one can integrate, and it is the one the playground states when it uses it.
 */
export function withWidthFloor(path: ConditionalPath, floor: number): ConditionalPath {
  const f2 = floor * floor;
  return {
    ...path,
    stochastic: true,
    coefficients(t: number) {
      const k = path.coefficients(t);
      const c = Math.sqrt(k.c * k.c + f2);
      return { ...k, c, dc: c > 0 ? (k.c * k.dc) / c : 0 };
    },
  };
}
