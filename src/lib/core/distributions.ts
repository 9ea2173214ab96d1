/**
 * Basic distributions on ℝᵈ as samplers with densities: the standard normal, a box-uniform,
 * isotropic Gaussian mixtures, and empirical distributions (a finite point set, e.g. points a
 * reader draws). Points are flat row-major arrays: point i, coordinate k is `x[i * d + k]`.
 */
import type { Rng } from './rng.ts';

/** A distribution on ℝᵈ: a sampler and, where it has one in closed form, a log-density. */
export interface Distribution {
  /** Dimension of the points. */
  d: number;
  /** n points, n × d row-major. */
  sample(n: number, rng: Rng): Float64Array;
  /** log p(xᵢ) for the n points of x (n × d); absent when there is no closed form. */
  logDensity?: (x: Float64Array, n: number) => Float64Array;
}

/** A distribution whose log-density is known in closed form (callers need not check for it). */
type DistributionWithDensity = Distribution & Required<Pick<Distribution, 'logDensity'>>;

const LOG_2PI = Math.log(2 * Math.PI);

/** Numerically stable log Σᵢ exp(vᵢ) over v[0..n). */
export function logSumExp(v: ArrayLike<number>, n = v.length): number {
  let m = -Infinity;
  for (let i = 0; i < n; i++) if (v[i] > m) m = v[i];
  if (m === -Infinity) return -Infinity;
  if (m === Infinity) return Infinity;
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.exp(v[i] - m);
  return m + Math.log(s);
}

/** The standard normal 𝒩(0, I_d). */
export function standardNormal(d: number): DistributionWithDensity {
  return {
    d,
    sample(n, rng) {
      const out = new Float64Array(n * d);
      for (let i = 0; i < n * d; i++) out[i] = rng.normal();
      return out;
    },
    logDensity(x, n) {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += x[i * d + k] * x[i * d + k];
        out[i] = -0.5 * s - 0.5 * d * LOG_2PI;
      }
      return out;
    },
  };
}

/** Uniform on the box [lo, hi]ᵈ. */
export function uniformBox(d: number, lo: number, hi: number): DistributionWithDensity {
  const logVol = d * Math.log(hi - lo);
  return {
    d,
    sample(n, rng) {
      const out = new Float64Array(n * d);
      for (let i = 0; i < n * d; i++) out[i] = lo + (hi - lo) * rng.uniform();
      return out;
    },
    logDensity(x, n) {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let inside = true;
        for (let k = 0; k < d; k++) {
          const v = x[i * d + k];
          if (v < lo || v > hi) inside = false;
        }
        out[i] = inside ? -logVol : -Infinity;
      }
      return out;
    },
  };
}

/** Σⱼ wⱼ 𝒩(mⱼ, sⱼ² I): `means` is K × d, `stds` and `weights` have length K (weights normalised here). */
export function gaussianMixture(
  means: ArrayLike<number>,
  stds: ArrayLike<number>,
  weights: ArrayLike<number>,
  d: number,
): DistributionWithDensity {
  const k = stds.length;
  let wsum = 0;
  for (let j = 0; j < k; j++) wsum += weights[j];
  const w = Float64Array.from({ length: k }, (_, j) => weights[j] / wsum);
  const logw = w.map(Math.log);
  return {
    d,
    sample(n, rng) {
      const out = new Float64Array(n * d);
      for (let i = 0; i < n; i++) {
        const j = rng.categorical(w);
        for (let c = 0; c < d; c++) out[i * d + c] = means[j * d + c] + stds[j] * rng.normal();
      }
      return out;
    },
    logDensity(x, n) {
      const out = new Float64Array(n);
      const terms = new Float64Array(k);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < k; j++) {
          let s = 0;
          for (let c = 0; c < d; c++) {
            const r = x[i * d + c] - means[j * d + c];
            s += r * r;
          }
          const v = stds[j] * stds[j];
          terms[j] = logw[j] - s / (2 * v) - 0.5 * d * Math.log(2 * Math.PI * v);
        }
        out[i] = logSumExp(terms, k);
      }
      return out;
    },
  };
}

/**
 * The empirical distribution (1/N) Σᵢ δ_{pᵢ} of a finite point set (N × d): sampling draws points
 * uniformly with replacement. With `bandwidth` h > 0 it is the kernel density estimate
 * (1/N) Σᵢ 𝒩(pᵢ, h² I) instead (samples jittered by h, and a log-density).
 */
export function empiricalDataset(points: ArrayLike<number>, d = 2, bandwidth = 0): Distribution & { points: Float64Array; count: number } {
  const pts = Float64Array.from(points);
  const count = Math.floor(pts.length / d);
  if (count < 1) throw new Error('empiricalDataset: need at least one point');
  const base = {
    d,
    points: pts,
    count,
    sample(n: number, rng: Rng): Float64Array {
      const out = new Float64Array(n * d);
      for (let i = 0; i < n; i++) {
        const j = rng.int(count);
        for (let c = 0; c < d; c++) out[i * d + c] = pts[j * d + c] + (bandwidth > 0 ? bandwidth * rng.normal() : 0);
      }
      return out;
    },
  };
  if (!(bandwidth > 0)) return base;
  const kde = gaussianMixture(pts, new Float64Array(count).fill(bandwidth), new Float64Array(count).fill(1), d);
  return { ...base, logDensity: kde.logDensity };
}

/**
 * Gaussian mixtures on the line shared by Part I's 1D distributions and the playground's 1D
 * mixtures (mixture-path-1d.ts): label and parameters, the one list of them.
 */
export const GAUSSIAN_MIXTURES_1D = {
  normal: { label: '𝒩(0, 1)', means: [0], stds: [1], weights: [1] },
  bimodal: { label: '½𝒩(−2, 0.5²) + ½𝒩(1.5, 0.7²)', means: [-2, 1.5], stds: [0.5, 0.7], weights: [0.5, 0.5] },
  trimodal: { label: '⅓𝒩(−3, 0.4²) + ⅓𝒩(0, 0.4²) + ⅓𝒩(3, 0.4²)', means: [-3, 0, 3], stds: [0.4, 0.4, 0.4], weights: [1, 1, 1] },
} as const;

const mixture1d = (m: { means: readonly number[]; stds: readonly number[]; weights: readonly number[] }) =>
  gaussianMixture(m.means, m.stds, m.weights, 1);

/** 1D distributions the book uses in Part I (change of variables, 1D flows). d = 1. */
export const DISTRIBUTIONS_1D = {
  normal: { label: GAUSSIAN_MIXTURES_1D.normal.label, dist: standardNormal(1) },
  uniform: { label: 'U[−√3, √3] (variance 1)', dist: uniformBox(1, -Math.sqrt(3), Math.sqrt(3)) },
  bimodal: { label: GAUSSIAN_MIXTURES_1D.bimodal.label, dist: mixture1d(GAUSSIAN_MIXTURES_1D.bimodal) },
  trimodal: { label: GAUSSIAN_MIXTURES_1D.trimodal.label, dist: mixture1d(GAUSSIAN_MIXTURES_1D.trimodal) },
} as const satisfies Record<string, { label: string; dist: Distribution }>;

/** @public The names of DISTRIBUTIONS_1D, for a setting that picks one (re-exported by index.ts). */
export type Distribution1DName = keyof typeof DISTRIBUTIONS_1D;
