/**
 * Exact facts of the quantile couplings and reflow pairs that the sampled tests cannot see: a CDF is
 * right-continuous at a point mass (F(a) = P(X ≤ a)), the quantile function is the smallest x with
 * F(x) ≥ u (so on a flat stretch of F it is the left end), the quantile couplings weigh every pair
 * 1/N, and pairsCost normalises weights that do not sum to 1.
 */
import { describe, expect, it } from 'vitest';
import { comonotonePairs, mixtureCdf, mixtureQuantile, quantileNodes } from '../../../src/lib/core/quantile-coupling-1d.ts';
import { pairsCost } from '../../../src/lib/core/reflow-pairs.ts';

const ATOMS = { means: [-2, 2], stds: [0, 0], weights: [1, 1] };

describe('point masses', () => {
  it('the CDF is right-continuous: F(−2) = ½ and F(2) = 1, and 0 / ½ just below', () => {
    expect(mixtureCdf(ATOMS, -2)).toBe(0.5);
    expect(mixtureCdf(ATOMS, 2)).toBe(1);
    expect(mixtureCdf(ATOMS, -2 - 1e-12)).toBe(0);
    expect(mixtureCdf(ATOMS, 2 - 1e-12)).toBe(0.5);
    // A Gaussian component next to an atom: the atom's half jumps in fully at its location.
    const mixed = { means: [0, 1], stds: [1, 0], weights: [3, 1] };
    expect(mixtureCdf(mixed, 1) - mixtureCdf(mixed, 1 - 1e-12)).toBeCloseTo(0.25, 9);
  });

  it('F⁻¹(u) = inf{x : F(x) ≥ u}: on the flat stretch F = ½ between the atoms it is the left atom', () => {
    expect(mixtureQuantile(ATOMS, 0.5)).toBeCloseTo(-2, 9);
    expect(mixtureQuantile(ATOMS, 0.5 + 1e-9)).toBeCloseTo(2, 9);
    // One node: u = ½.
    expect(quantileNodes(ATOMS, 1)[0]).toBeCloseTo(-2, 9);
  });
});

describe('weights', () => {
  it('(counter-)monotone pairs weigh 1/N each', () => {
    const p0 = { means: [0], stds: [1], weights: [1] };
    for (const counter of [false, true]) {
      const pairs = comonotonePairs(p0, ATOMS, 8, counter);
      expect(Array.from(pairs.w)).toEqual(new Array(8).fill(1 / 8));
      expect(pairs.count).toBe(8);
      expect(pairs.d).toBe(1);
    }
  });

  it('pairsCost normalises the weights: (Σ wₖ ‖x₁ − x₀‖²) / Σ wₖ', () => {
    // Two 2D pairs with squared lengths 25 and 1, weights 1 and 3: (25 + 3) / 4 = 7.
    const pairs = {
      x0: Float64Array.from([0, 0, 1, 1]),
      x1: Float64Array.from([3, 4, 1, 2]),
      w: Float64Array.from([1, 3]),
      count: 2,
      d: 2,
    };
    expect(pairsCost(pairs)).toBe(7);
    expect(pairsCost({ ...pairs, w: Float64Array.from([10, 30]) })).toBe(7);
  });
});
