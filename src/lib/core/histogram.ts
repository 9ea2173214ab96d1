/**
 * Histograms of samples drawn as densities, to compare a sampled distribution with an exact density
 * (used by the change-of-variables and continuity-equation widgets and their tests).
 */

/** Histogram of values on [lo, hi) with `bins` equal bins, normalised as a density (area = fraction inside). */
export function densityHistogram(values: ArrayLike<number>, lo: number, hi: number, bins: number): Float64Array {
  const out = new Float64Array(bins);
  const w = (hi - lo) / bins;
  const n = values.length;
  if (n === 0) return out;
  for (let i = 0; i < n; i++) {
    const b = Math.floor((values[i] - lo) / w);
    if (b >= 0 && b < bins) out[b] += 1;
  }
  for (let b = 0; b < bins; b++) out[b] /= n * w;
  return out;
}
