/**
 * Small summaries the figures print, on inputs small enough to do by hand: summariseLikelihoods'
 * means, standard errors (n − 1 in the variance) and edge cases (one point: no standard error; none:
 * no mean), sizeGrid's inclusive end, dataScale's refusal of a single point, nearestSummary's median
 * (of an empty set: NaN) and training-set size read with the dimension.
 */
import { describe, expect, it } from 'vitest';
import { summariseLikelihoods } from '../../../src/lib/core/likelihood-comparison.ts';
import { dataScale, nearestSummary, sizeGrid } from '../../../src/lib/core/memorisation-curve.ts';

describe('summariseLikelihoods by hand', () => {
  it('means and standard errors with n − 1, the difference’s sd, bits per dimension', () => {
    const exact = [1, 2, 4];
    const hutch = [1.5, 2, 3];
    const s = summariseLikelihoods(exact, hutch, 2);
    const sd = (v: number[]) => {
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
    };
    expect(s.count).toBe(3);
    expect(s.exact.mean).toBeCloseTo(7 / 3, 14);
    expect(s.exact.se).toBeCloseTo(sd(exact) / Math.sqrt(3), 14);
    expect(s.hutchinson.se).toBeCloseTo(sd(hutch) / Math.sqrt(3), 14);
    expect(s.difference.mean).toBeCloseTo(-0.5 / 3, 14);
    expect(s.difference.sd).toBeCloseTo(sd([0.5, 0, -1]), 14);
    expect(s.bitsPerDim).toBeCloseTo(-7 / 3 / (2 * Math.LN2), 14);
  });

  it('one finite point has a mean but no standard error; none has neither', () => {
    const one = summariseLikelihoods([2, -Infinity], [3, 1], 1);
    expect(one.count).toBe(1);
    expect(one.infinite).toBe(1);
    expect(one.exact.mean).toBe(2);
    expect(one.exact.se).toBeNaN();
    const none = summariseLikelihoods([NaN], [1], 1);
    expect(none.exact.mean).toBeNaN();
    expect(none.exact.se).toBeNaN();
  });
});

describe('memorisation-curve helpers by hand', () => {
  it('sizeGrid includes nMax when it is on the grid, and appends it when it is not', () => {
    expect(sizeGrid(4, 64)).toEqual([4, 16, 64]);
    expect(sizeGrid(4, 100)).toEqual([4, 16, 64, 100]);
  });

  it('dataScale is 0 for fewer than two points, else √(tr Σ̂ / d)', () => {
    expect(dataScale([3, 4], 2)).toBe(0);
    expect(dataScale([0, 0, 2, 4], 2)).toBeCloseTo(Math.sqrt((1 + 4) / 2), 14);
  });

  it('nearestSummary: fraction and median of the nearest distances, with n = length / d', () => {
    const train = [0, 0, 10, 0, 0, 10];
    const pts = [1, 0, 10, 2, 0, 7, 4, 4];
    const r = nearestSummary(pts, train, 2, 2);
    expect(r.fractionWithin).toBe(0.5); // distances 1, 2, 3, √32
    expect(r.medianNearest).toBeCloseTo(2.5, 14);
    expect(nearestSummary([], train, 2, 1).medianNearest).toBeNaN();
  });
});
