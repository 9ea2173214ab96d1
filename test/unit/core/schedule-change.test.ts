/**
 * schedule-change.ts against independent references: the pathwise identity x̄_t = k x_r that defines
 * r and k (ā(t) = k a(r), b̄(t) = k b(r)), central differences for r' and k', and, for the marginal
 * fields, the closed-form field of a finite target set (closed-form.ts) of the "to" path computed
 * directly versus carried over from the "from" path.
 */
import { describe, expect, it } from 'vitest';
import { Rng, getPath, marginalVelocity, sampleDataset, type ConditionalPath } from '../../../src/lib/core/index.ts';
import { changedScheduleVelocity, scheduleChange } from '../../../src/lib/core/schedule-change.ts';

const pairs: [string, ConditionalPath, ConditionalPath][] = [
  ['VP → OT', getPath('vp'), getPath('ot', { sigmaMin: 0.01 })],
  ['OT → VP', getPath('ot', { sigmaMin: 0.001 }), getPath('vp')],
  ['VE → OT', getPath('ve', { sigmaMin: 0.01, sigmaMax: 20 }), getPath('ot', { sigmaMin: 0.2 })],
  ['OT → OT (other σ_min)', getPath('ot', { sigmaMin: 0.001 }), getPath('ot', { sigmaMin: 0.3 })],
];
const TIMES = [0.1, 0.25, 0.4, 0.55, 0.7, 0.85];

describe('scheduleChange', () => {
  for (const [name, from, to] of pairs) {
    it(`${name}: ā(t) = k a(r) and b̄(t) = k b(r), with r inside the "from" domain`, () => {
      for (const t of TIMES) {
        const s = scheduleChange(from, to, t);
        const f = from.coefficients(s.r),
          g = to.coefficients(t);
        expect(s.r).toBeGreaterThanOrEqual(from.tMin);
        expect(s.r).toBeLessThanOrEqual(from.tMax);
        expect(s.k * f.a).toBeCloseTo(g.a, 10);
        expect(s.k * f.b).toBeCloseTo(g.b, 10);
      }
    });

    it(`${name}: r' and k' are the derivatives of r and k (central differences)`, () => {
      const h = 1e-5;
      for (const t of TIMES) {
        const s = scheduleChange(from, to, t);
        const p = scheduleChange(from, to, t + h),
          m = scheduleChange(from, to, t - h);
        const dr = (p.r - m.r) / (2 * h),
          dk = (p.k - m.k) / (2 * h);
        expect(Math.abs(s.dr - dr)).toBeLessThan(1e-5 * Math.max(1, Math.abs(dr)));
        expect(Math.abs(s.dk - dk)).toBeLessThan(1e-5 * Math.max(1, Math.abs(dk)));
      }
    });
  }

  it('accepts ratios at the ends of the range (r = t when both paths are the same) and refuses ones below it', () => {
    const vp = getPath('vp');
    for (const t of [vp.tMin, vp.tMax, 0.5]) {
      const s = scheduleChange(vp, vp, t);
      expect(s.r).toBeCloseTo(t, 9);
      expect(s.k).toBeCloseTo(1, 9);
    }
    // VE with σ_max = 20 has ρ ≥ 1/20; OT's ρ(0.01) ≈ 0.0101 lies below that range.
    expect(() => scheduleChange(getPath('ve', { sigmaMin: 0.01, sigmaMax: 20 }), getPath('ot', { sigmaMin: 0.01 }), 0.01)).toThrow(
      /outside the range/,
    );
  });

  it('refuses a "from" schedule whose b vanishes or whose signal-to-noise ratio does not increase', () => {
    const ot = getPath('ot', { sigmaMin: 0.1 });
    const fake = (coefficients: ConditionalPath['coefficients']): ConditionalPath => ({ ...ot, coefficients });
    // b(t) = 1 − t reaches 0 at t = 1.
    const vanishing = fake((t) => ({ a: t, b: 1 - t, c: 0, da: 1, db: -1, dc: 0 }));
    expect(() => scheduleChange(vanishing, ot, 0.5)).toThrow(/is not positive/);
    // ρ = (1 − t)/(1 + t) decreases.
    const decreasing = fake((t) => ({ a: 1 - t, b: 1 + t, c: 0, da: -1, db: 1, dc: 0 }));
    expect(() => scheduleChange(decreasing, ot, 0.5)).toThrow(/not increasing/);
    // A one-sided path with an ε term is not an affine schedule of x₀ and x₁ alone.
    const noisy = fake((t) => ({ a: t, b: 2 - t, c: 0.1, da: 1, db: -1, dc: 0 }));
    expect(() => scheduleChange(noisy, ot, 0.5)).toThrow(/without ε term/);
  });

  it('bisection converges to machine precision on both sides of the target', () => {
    // OT with σ_min = 0 (ρ = t/(1 − t)) onto OT with σ_min = 0.5 (ρ̄ = t/(1 − t/2)): r = ρ̄/(1 + ρ̄).
    const from = getPath('ot', { sigmaMin: 0 }),
      to = getPath('ot', { sigmaMin: 0.5 });
    for (const t of [0.05, 0.3, 0.9]) {
      const rho = t / (1 - t / 2);
      const s = scheduleChange(from, to, t);
      expect(s.r).toBeCloseTo(rho / (1 + rho), 14);
      expect(s.k).toBeCloseTo((1 - t / 2) / (1 - s.r), 12);
    }
  });
});

describe('changedScheduleVelocity', () => {
  const d = 2,
    K = 5;
  const targets = (): Float64Array => sampleDataset('8gaussians', K, new Rng(3));
  for (const [name, from, to] of pairs) {
    it(`${name}: the carried-over closed-form field equals the "to" path's own closed-form field`, () => {
      const tg = targets();
      const rng = new Rng(11);
      const n = 6;
      const x = Float64Array.from({ length: n * d }, () => 2 * rng.normal());
      for (const t of TIMES) {
        const direct = marginalVelocity(to, x, n, t, tg, K, d);
        const carried = changedScheduleVelocity(from, to, t, x, (y, r) => marginalVelocity(from, y, n, r, tg, K, d));
        for (let i = 0; i < n * d; i++) expect(Math.abs(carried[i] - direct[i])).toBeLessThan(1e-7 * Math.max(1, Math.abs(direct[i])));
      }
    });
  }
});
