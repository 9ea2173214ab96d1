/**
 * Memorisation by the exact minimiser (chapter 12): sampling the closed-form marginal field of a
 * finite training set, and measuring how close samples land to training points.
 *
 * Closed-form sampler. For the OT path μ_t = t x₁, σ_t = 1 − (1 − σ_min) t and training points
 * x⁽¹⁾…x⁽ⁿ⁾, the marginal field u_t(x) = (x̂(t, x) − (1 − σ_min) x)/σ_t (closed-form.ts) has
 * Lipschitz constant ≈ 1/σ_t in x, which reaches 1/σ_min at t = 1: a uniform grid needs
 * O(1/σ_min) steps for stability. The sampler therefore integrates with RK4 on a grid that is
 * uniform in log σ_t: `segments` pieces [t_k, t_{k+1}] on which σ_t shrinks by the same factor,
 * `stepsPerSegment` RK4 steps each, so h/σ_t stays bounded. (For σ_min = 0 it stops at
 * 1 − 10⁻⁵, where σ_t = 10⁻⁵, the end of the conical path's domain in paths.ts.)
 *
 * Nearest training point: for each sample, the Euclidean distance to the closest training point
 * (brute force, O(m n d)). `fractionWithin` is the share of samples at distance ≤ δ.
 *
 * For σ_min > 0 the flow ends exactly at p₁ = (1/n) Σᵢ 𝒩(x⁽ⁱ⁾, σ_min² I), so a sample is
 * x⁽ᴵ⁾ + σ_min ε and its distance to the nearest training point is at most σ_min‖ε‖. In d
 * dimensions ‖ε‖² ~ χ²_d; in d = 2, P(σ_min‖ε‖ ≤ δ) = 1 − exp(−δ²/(2σ_min²)), a lower bound on
 * the fraction within δ (`fractionWithinLowerBound2D`), close to it when the blobs do not overlap.
 */
import { getPath, type ConditionalPath } from './paths.ts';
import { marginalVelocity, posteriorWeights } from './closed-form.ts';
import { Rng } from './rng.ts';
import { integrate } from './ode.ts';

export interface ClosedFormSampleOptions {
  /** σ_min of the OT path (default 0: the conical path, stopped at t = 1 − 10⁻⁵). */
  sigmaMin?: number;
  /** Number of log-uniform segments (default 12) and RK4 steps per segment (default 12). */
  segments?: number;
  stepsPerSegment?: number;
}

/** Times 0 = t₀ < … < t_K = t_end at which σ_t = 1 − (1 − σ_min)t is geometric from 1 to σ_end. */
export function logSigmaGrid(sigmaMin: number, segments: number): number[] {
  const k = 1 - sigmaMin;
  if (!(k > 1e-9)) return Array.from({ length: segments + 1 }, (_, i) => i / segments);
  const sigmaEnd = Math.max(sigmaMin, 1e-5);
  const ts: number[] = [];
  for (let i = 0; i <= segments; i++) {
    const sigma = Math.pow(sigmaEnd, i / segments);
    ts.push(i === segments && sigmaMin > 0 ? 1 : (1 - sigma) / k);
  }
  return ts;
}

/**
 * Samples of the closed-form flow of the OT path to the training set `targets` (n × d), started at
 * the given source points x0 (m × d, normally 𝒩(0, I) draws).
 */
export function sampleClosedForm(
  targets: ArrayLike<number>,
  n: number,
  d: number,
  x0: ArrayLike<number>,
  opts: ClosedFormSampleOptions = {},
): Float64Array {
  const sigmaMin = Math.min(1, Math.max(0, opts.sigmaMin ?? 0));
  const path: ConditionalPath = getPath('ot', { sigmaMin });
  const m = Math.floor(x0.length / d);
  const field = (x: Float64Array, t: number, out: Float64Array) => {
    out.set(marginalVelocity(path, x, m, t, targets, n, d));
  };
  const grid = logSigmaGrid(sigmaMin, opts.segments ?? 12);
  let x: Float64Array = Float64Array.from(x0);
  for (let i = 0; i + 1 < grid.length; i++) {
    x = integrate(field, x, { method: 'rk4', steps: opts.stepsPerSegment ?? 12, t0: grid[i], t1: grid[i + 1], d }).x;
  }
  return x;
}

/** Distance from each of m points (m × d) to the nearest of n reference points (n × d). */
export function nearestDistances(points: ArrayLike<number>, m: number, refs: ArrayLike<number>, n: number, d: number): Float64Array {
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let best = Infinity;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) {
        const r = points[i * d + k] - refs[j * d + k];
        s += r * r;
      }
      if (s < best) best = s;
    }
    out[i] = Math.sqrt(best);
  }
  return out;
}

/** Share of the m points within distance δ of some reference point. */
export function fractionWithin(points: ArrayLike<number>, m: number, refs: ArrayLike<number>, n: number, d: number, delta: number): number {
  const dist = nearestDistances(points, m, refs, n, d);
  let c = 0;
  for (let i = 0; i < m; i++) if (dist[i] <= delta) c++;
  return m > 0 ? c / m : 0;
}

/** P(σ_min ‖ε‖ ≤ δ) for ε ~ 𝒩(0, I₂): the 2D lower bound on `fractionWithin` for σ_min > 0. */
export function fractionWithinLowerBound2D(sigmaMin: number, delta: number): number {
  if (sigmaMin <= 0) return 1;
  return -Math.expm1(-(delta * delta) / (2 * sigmaMin * sigmaMin));
}

/**
 * Onset of the memorising phase of the closed-form flow (conical path, σ_min = 0): the time t* at
 * which the median, over exact draws x ~ p_t (a training point x⁽ʲ⁾, then t x⁽ʲ⁾ + (1 − t) ε), of
 * the largest posterior weight maxᵢ wᵢ(t, x) (closed-form.ts) first reaches `threshold` (default 0.9).
 * Found by bisection on t ∈ (0, 1) (`iterations` halvings, default 20), with the same draws (seeded)
 * at every t. Before t*, a typical point is still shared between several training points; after it,
 * the field steers it to one of them.
 */
export function memorisationOnset(
  targets: ArrayLike<number>,
  n: number,
  d: number,
  opts: { threshold?: number; samples?: number; seed?: number; iterations?: number } = {},
): number {
  const path = getPath('ot', { sigmaMin: 0 });
  const threshold = opts.threshold ?? 0.9;
  const m = Math.max(1, opts.samples ?? 200);
  const medianLargestWeight = (t: number): number => {
    const rng = new Rng(opts.seed ?? 9);
    const largest = new Float64Array(m);
    const x = new Float64Array(d);
    for (let q = 0; q < m; q++) {
      const j = rng.int(n);
      for (let k = 0; k < d; k++) x[k] = t * targets[j * d + k] + (1 - t) * rng.normal();
      const w = posteriorWeights(path, x, t, targets, n, d);
      let best = 0;
      for (const v of w) if (v > best) best = v;
      largest[q] = best;
    }
    largest.sort();
    return largest[Math.floor(m / 2)];
  };
  let lo = 0;
  let hi = 1 - 1e-6;
  for (let it = 0; it < (opts.iterations ?? 20); it++) {
    const mid = 0.5 * (lo + hi);
    if (medianLargestWeight(mid) >= threshold) hi = mid;
    else lo = mid;
  }
  return hi;
}
