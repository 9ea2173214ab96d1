/**
 * metrics.ts exactly, where the sampled tests only bound it:
 * - slicedW2 replayed: its directions are the given generator's (or seed's) normals, normalised,
 *   L of them, and W₂² on a line of equal-size sets is the mean squared gap of the sorted projections;
 * - slicedW2 between sets of different sizes on the line (θ = ±1, so it is exact 1D W₂): by hand,
 *   and against ∫₀¹ (F_a⁻¹(u) − F_b⁻¹(u))² du by a fine midpoint rule;
 * - the energy distance of two small 2D sets by hand.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/lib/core/rng.ts';
import { energyDistance, slicedW2 } from '../../../src/lib/core/metrics.ts';

/** Sliced W₂ recomputed from the same directions (equal sizes). */
function slicedReference(a: number[], b: number[], n: number, d: number, L: number, rng: Rng): number {
  let total = 0;
  for (let l = 0; l < L; l++) {
    const th = Array.from({ length: d }, () => rng.normal());
    const nrm = Math.hypot(...th);
    const proj = (x: number[]) =>
      Array.from({ length: n }, (_, i) => th.reduce((s, t, k) => s + t * x[i * d + k], 0) / nrm).sort((p, q) => p - q);
    const pa = proj(a);
    const pb = proj(b);
    total += pa.reduce((s, v, i) => s + (v - pb[i]) ** 2, 0) / n;
  }
  return Math.sqrt(total / L);
}

/** ∫₀¹ (F_a⁻¹(u) − F_b⁻¹(u))² du for two 1D empirical measures, midpoint rule with K cells. */
function quantileIntegral(a: number[], b: number[], K: number): number {
  const sa = [...a].sort((p, q) => p - q);
  const sb = [...b].sort((p, q) => p - q);
  let s = 0;
  for (let k = 0; k < K; k++) {
    const u = (k + 0.5) / K;
    s += (sa[Math.floor(u * sa.length)] - sb[Math.floor(u * sb.length)]) ** 2;
  }
  return s / K;
}

describe('slicedW2, replayed', () => {
  const rng = new Rng(5);
  const n = 7;
  const a = Array.from({ length: 2 * n }, () => rng.normal() * 2);
  const b = Array.from({ length: 2 * n }, (_, i) => rng.normal() + (i % 2 ? 1 : -0.5));

  it('uses L directions drawn from the given generator, normalised', () => {
    for (const L of [1, 3]) {
      expect(slicedW2(a, b, n, 2, { projections: L, rng: new Rng(8) })).toBeCloseTo(slicedReference(a, b, n, 2, L, new Rng(8)), 12);
    }
  });

  it('a seed stands for new Rng(seed), and the default is seed 0 with 128 directions', () => {
    expect(slicedW2(a, b, n, 2, { seed: 4, projections: 5 })).toBe(slicedW2(a, b, n, 2, { rng: new Rng(4), projections: 5 }));
    expect(slicedW2(a, b, n, 2, { seed: 4, projections: 5 })).not.toBe(slicedW2(a, b, n, 2, { projections: 5 }));
    expect(slicedW2(a, b, n, 2)).toBeCloseTo(slicedReference(a, b, n, 2, 128, new Rng(0)), 12);
  });
});

describe('slicedW2 between sets of different sizes (on the line: exact W₂)', () => {
  it('by hand: {0, 1, 5} against {0, 2} gives W₂² = 1/6 + 1/6 + 3 − … = 10/3', () => {
    // Quantiles: a is 0 | 1 | 5 on thirds, b is 0 | 2 on halves: (1 − 0)²/6 + (1 − 2)²/6 + (5 − 2)²/3.
    expect(slicedW2([5, 0, 1], [2, 0], 3, 1, { projections: 4 })).toBeCloseTo(Math.sqrt(10 / 3), 12);
    expect(slicedW2([2, 0], [5, 0, 1], 2, 1, { projections: 4 })).toBeCloseTo(Math.sqrt(10 / 3), 12);
  });

  it('matches ∫ (F_a⁻¹ − F_b⁻¹)² du for sizes 4 vs 6 and 5 vs 3', () => {
    const rng = new Rng(12);
    for (const [n, m] of [
      [4, 6],
      [5, 3],
    ]) {
      const a = Array.from({ length: n }, () => rng.normal());
      const b = Array.from({ length: m }, () => rng.normal() * 1.5 + 0.7);
      const w = slicedW2(a, b, n, 1, { projections: 2 });
      // Cells of width 1/(60·K) align with every breakpoint k/n, k/m, so the midpoint rule is exact.
      expect(w * w).toBeCloseTo(quantileIntegral(a, b, 60 * 7), 12);
    }
  });
});

describe('energyDistance by hand', () => {
  it('a = {(0, 0), (3, 4)}, b = {(1, 0)}: 2·E‖X − Y‖ − E‖X − X′‖ = (1 + √20) − 5', () => {
    expect(energyDistance([0, 0, 3, 4], [1, 0], 2, 2)).toBeCloseTo(1 + Math.sqrt(20) - 5, 12);
    // Swapped roles: b has two points, a one.
    expect(energyDistance([1, 0], [0, 0, 3, 4], 1, 2)).toBeCloseTo(1 + Math.sqrt(20) - 5, 12);
  });
});
