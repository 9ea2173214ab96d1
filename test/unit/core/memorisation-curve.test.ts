/**
 * memorisation-curve.ts: the size grid, the data scale (against the closed-form standard deviations of
 * the uniform square and of 𝒩(0, I)) and the per-n statistics (against hand-computed configurations).
 */
import { describe, expect, it } from 'vitest';
import { Rng, sampleDataset } from '../../../src/lib/core/index.ts';
import { dataScale, memorisationStats, sizeGrid } from '../../../src/lib/core/memorisation-curve.ts';

describe('sizeGrid', () => {
  it('is the geometric grid from nMin, with nMax appended when off the grid', () => {
    expect(sizeGrid(8, 2048)).toEqual([8, 32, 128, 512, 2048]);
    expect(sizeGrid(8, 4096)).toEqual([8, 32, 128, 512, 2048, 4096]);
    expect(sizeGrid(8, 64, 2)).toEqual([8, 16, 32, 64]);
    expect(sizeGrid(8, 8)).toEqual([8]);
  });
  it('orders swapped bounds and clamps the factor and the sizes', () => {
    expect(sizeGrid(32, 8)).toEqual([8, 32]);
    expect(sizeGrid(3, 12, 1)).toEqual([3, 6, 12]);
    expect(sizeGrid(0, 1)).toEqual([1]);
  });
});

describe('dataScale', () => {
  it('is 1 for 𝒩(0, I) and for the uniform square of variance 1 (large samples)', () => {
    expect(dataScale(sampleDataset('normal', 20000, new Rng(1)), 2)).toBeCloseTo(1, 1);
    expect(dataScale(sampleDataset('uniform', 20000, new Rng(2)), 2)).toBeCloseTo(1, 1);
  });
  it('is √(tr Σ̂ / d) with the biased covariance: points (±a, 0) and (0, ±b)', () => {
    // x has variance a²/2, y has variance b²/2 (population covariance of the four points)
    const a = 3,
      b = 1;
    expect(dataScale([a, 0, -a, 0, 0, b, 0, -b], 2)).toBeCloseTo(Math.sqrt((a * a + b * b) / 4), 12);
    expect(dataScale([1, 2], 2)).toBe(0);
  });
  it('scales with the data and ignores translations', () => {
    const p = sampleDataset('moons', 500, new Rng(3));
    const q = p.map((v, i) => 2.5 * v + (i % 2 ? 7 : -4));
    expect(dataScale(q, 2)).toBeCloseTo(2.5 * dataScale(p, 2), 10);
  });
});

describe('memorisationStats', () => {
  it('counts the points within δ, takes the median nearest distance and the exact W₂ to fresh data', () => {
    const train = [0, 0, 10, 0];
    // nearest distances 0.1, 0.3, 0.05, 2 → within δ = 0.2: 2 of 4; median (0.1 + 0.3)/2
    const generated = [0.1, 0, 0, 0.3, 10.05, 0, 12, 0];
    const fresh = [0.1, 0, 0, 0.3, 10.05, 0, 12, 0];
    const s = memorisationStats(generated, train, fresh, 2, 0.2);
    expect(s.fractionWithin).toBe(0.5);
    expect(s.medianNearest).toBeCloseTo(0.2, 12);
    expect(s.w2).toBeCloseTo(0, 12);
    // shifting every fresh point by (0, 1) gives W₂ = 1 exactly
    const shifted = fresh.map((v, i) => (i % 2 ? v + 1 : v));
    expect(memorisationStats(generated, train, shifted, 2, 0.2).w2).toBeCloseTo(1, 12);
    // an odd count takes the middle value
    expect(memorisationStats([0.1, 0, 0, 0.3, 12, 0], train, [0, 0, 0, 0, 0, 0], 2, 0.2).medianNearest).toBeCloseTo(0.3, 12);
  });
  it('refuses a fresh sample of another size', () => {
    expect(() => memorisationStats([0, 0], [0, 0], [0, 0, 1, 1], 2, 0.1)).toThrow(/as large/);
  });
});
