/**
 * Memorisation as a function of the training-set size n (chapter 12, widget memorisation-vs-n):
 * the grid of sizes, the data scale that δ is measured in, and the three numbers reported per n
 * for a set of generated points. Everything is built on memorisation.ts (nearest training point,
 * share within δ) and metrics.ts (exact W₂); nothing here trains or samples.
 *
 * - `sizeGrid(nMin, nMax, factor)`: nMin, nMin·factor, nMin·factor², … up to nMax, with nMax
 *   appended when it is not on the grid (8, 32, 128, 512, 2048, 4096 for 8…4096 with factor 4).
 * - `dataScale(points)`: the root-mean-square standard deviation per coordinate,
 *   s = √(tr Σ̂ / d), with Σ̂ the (biased) sample covariance. δ is set as a multiple of s, so one
 *   default means the same thing on every data set.
 * - `nearestSummary(points, train, δ)`: the first two of those numbers alone (for fresh data: the
 *   baseline a generator that does not copy would score).
 * - `memorisationStats(generated, train, fresh, δ)`: the share of generated points within δ of a
 *   training point, the median nearest-training-point distance, and the exact W₂ between the
 *   generated points and an equally large sample of fresh data.
 */
import { fractionWithin, nearestDistances } from './memorisation.ts';
import { w2Exact } from './metrics.ts';
import type { BidScanFor } from './assignment.ts';

/** Sizes nMin·factor^k ≤ nMax (integers ≥ 1, factor ≥ 2), with nMax appended when it is off the grid. */
export function sizeGrid(nMin: number, nMax: number, factor = 4): number[] {
  const lo = Math.max(1, Math.round(Math.min(nMin, nMax)));
  const hi = Math.max(1, Math.round(Math.max(nMin, nMax)));
  const f = Math.max(2, Math.round(factor));
  const out: number[] = [];
  for (let n = lo; n <= hi; n *= f) out.push(n);
  if (out[out.length - 1] !== hi) out.push(hi);
  return out;
}

/** √(tr Σ̂ / d) of m points (m × d, flat): the RMS per-coordinate standard deviation. */
export function dataScale(points: ArrayLike<number>, d: number): number {
  const m = Math.floor(points.length / d);
  if (m < 2) return 0;
  let total = 0;
  for (let k = 0; k < d; k++) {
    let mean = 0;
    for (let i = 0; i < m; i++) mean += points[i * d + k];
    mean /= m;
    let v = 0;
    for (let i = 0; i < m; i++) v += (points[i * d + k] - mean) ** 2;
    total += v / m;
  }
  return Math.sqrt(total / d);
}

export interface MemorisationStats {
  /** Share of the generated points within δ of some training point. */
  fractionWithin: number;
  /** Median distance from a generated point to its nearest training point. */
  medianNearest: number;
  /** Exact W₂ between the generated points and the fresh sample (same size). */
  w2: number;
}

/** Median of a list of numbers (the mean of the two middle values for an even count). */
function median(values: ArrayLike<number>): number {
  const v = Float64Array.from(values).sort();
  if (v.length === 0) return NaN;
  const h = v.length >> 1;
  return v.length % 2 ? v[h] : 0.5 * (v[h - 1] + v[h]);
}

/** Share within δ of a training point and median nearest-training-point distance of m points (m × d). */
export function nearestSummary(
  points: ArrayLike<number>,
  train: ArrayLike<number>,
  d: number,
  delta: number,
): Pick<MemorisationStats, 'fractionWithin' | 'medianNearest'> {
  const m = Math.floor(points.length / d);
  const n = Math.floor(train.length / d);
  return { fractionWithin: fractionWithin(points, m, train, n, d, delta), medianNearest: median(nearestDistances(points, m, train, n, d)) };
}

/**
 * The per-n readouts for m generated points (m × d) against the n training points and m fresh
 * points from the data distribution (m × d), at threshold δ.
 */
export function memorisationStats(
  generated: ArrayLike<number>,
  train: ArrayLike<number>,
  fresh: ArrayLike<number>,
  d: number,
  delta: number,
  bidScan?: BidScanFor,
): MemorisationStats {
  const m = Math.floor(generated.length / d);
  if (fresh.length !== m * d) throw new Error('memorisationStats: the fresh sample must be as large as the generated one');
  return { ...nearestSummary(generated, train, d, delta), w2: w2Exact(generated, fresh, m, d, bidScan) };
}
