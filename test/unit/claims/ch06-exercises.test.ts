/**
 * Numeric answers of the exercises of chapter 6 (design-choices), computed with the core.
 */
import { describe, expect, it } from 'vitest';
import { Rng, getPath, integrate, marginalVelocity } from '../../../src/lib/core/index.ts';

describe('exercises of chapter 6', () => {
  // Backs (exercise "How long are the conditional paths?"): "E‖x₁ − x₀‖² = 16 + 2·2·0.0025 = 16.01",
  // "= 32.01" under the bad plan, and "½(16.01 + 32.01) = 24.01" for the independent coupling —
  // by Monte Carlo from the population two-blob law (core Rng), within three standard errors.
  it('two-blob conditional energies: 16.01 (good), 32.01 (bad), 24.01 (independent)', () => {
    const rng = new Rng(17);
    const spread = 0.05;
    const n = 200000;
    const draw = (plan: 'good' | 'bad' | 'independent') => {
      let s = 0;
      let s2 = 0;
      for (let q = 0; q < n; q++) {
        const left = rng.uniform() < 0.5 ? -1 : 1; // source blob (x-centre ±2, y-centre −2)
        const targetSide = plan === 'good' ? left : plan === 'bad' ? -left : rng.uniform() < 0.5 ? -1 : 1;
        const dx = 2 * targetSide + spread * rng.normal() - (2 * left + spread * rng.normal());
        const dy = 2 + spread * rng.normal() - (-2 + spread * rng.normal());
        const e = dx * dx + dy * dy;
        s += e;
        s2 += e * e;
      }
      const mean = s / n;
      return { mean, se: Math.sqrt((s2 / n - mean * mean) / n) };
    };
    const exact = { good: 16 + 4 * spread ** 2, bad: 32 + 4 * spread ** 2, independent: 24 + 4 * spread ** 2 };
    expect(exact).toEqual({ good: 16.01, bad: 32.01, independent: 24.01 });
    for (const plan of ['good', 'bad', 'independent'] as const) {
      const got = draw(plan);
      expect(Math.abs(got.mean - exact[plan]), plan).toBeLessThan(3 * got.se + 1e-3);
    }
  });

  // Backs (exercise "A memoriser with two training points"): the closed-form field is odd, positive
  // starting points end at +1 and negative ones at −1, so each training point receives mass 1/2.
  it('two training points ±1: the flow of the closed-form field sends x₀ > 0 to +1 and x₀ < 0 to −1', () => {
    const path = getPath('ot', { sigmaMin: 0 });
    const targets = Float64Array.of(-1, 1);
    const rng = new Rng(4);
    const m = 400;
    const x0 = Float64Array.from({ length: m }, () => rng.normal());
    for (const t of [0.2, 0.6, 0.9]) {
      const u = marginalVelocity(path, Float64Array.of(0.7, -0.7), 2, t, targets, 2, 1);
      expect(u[1]).toBeCloseTo(-u[0], 12);
    }
    const end = integrate(
      (x, t, out) => {
        out.set(marginalVelocity(path, x, m, t, targets, 2, 1));
      },
      x0,
      { method: 'rk4', steps: 400, t1: 1 - 1e-6 },
    ).x;
    let positive = 0;
    for (let q = 0; q < m; q++) {
      expect(end[q]).toBeCloseTo(Math.sign(x0[q]), 3);
      if (x0[q] > 0) positive++;
    }
    expect(Math.abs(positive / m - 0.5)).toBeLessThan(3 * Math.sqrt(0.25 / m));
  });
});
