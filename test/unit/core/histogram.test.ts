/** densityHistogram: a density (area = fraction of values inside the window), values outside ignored. */
import { describe, expect, it } from 'vitest';
import { Rng, densityHistogram } from '../../../src/lib/core/index.ts';

describe('densityHistogram', () => {
  it('counts per bin divided by n · bin width; values outside [lo, hi) are left out of the area', () => {
    const h = densityHistogram([0.1, 0.2, 0.6, 1.5, -0.5, 1], 0, 1, 2);
    // 6 values, bin width ½: bin 0 has 2, bin 1 has 1 (1.5, −0.5 and 1 are outside [0, 1)).
    expect(Array.from(h)).toEqual([2 / 3, 1 / 3]);
    expect((h[0] + h[1]) * 0.5).toBeCloseTo(3 / 6, 15);
  });

  it('is all zeros for no values, and approaches the density for many samples', () => {
    expect(Array.from(densityHistogram([], -1, 1, 4))).toEqual([0, 0, 0, 0]);
    const rng = new Rng(4);
    const xs = Float64Array.from({ length: 200000 }, () => rng.uniform() * 2);
    const h = densityHistogram(xs, 0, 2, 8);
    for (const v of h) expect(Math.abs(v - 0.5)).toBeLessThan(0.02);
  });
});
