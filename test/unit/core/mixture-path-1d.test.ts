import { describe, expect, it } from 'vitest';
import { PATH_NAMES, Rng, getPath, marginalLogDensity, marginalVelocity, pathWithWidth } from '../../../src/lib/core/index.ts';
import { MIXTURES_1D, mixturePathLogDensity, mixturePathVelocity, sampleMixture } from '../../../src/lib/core/mixture-path-1d.ts';

const xs = Float64Array.from({ length: 41 }, (_, i) => -5 + i * 0.25);
const p0 = MIXTURES_1D.bimodal.mix;
const p1 = MIXTURES_1D.lopsided.mix;

describe('exact 1D marginal paths between Gaussian mixtures', () => {
  for (const name of PATH_NAMES) {
    it(`${name}: the density integrates to 1 and (p, u) satisfy the continuity equation`, () => {
      const path = pathWithWidth(name, 0.3);
      for (const t of [0.2, 0.5, 0.8]) {
        // ∫ p_t dx by the trapezoid rule on [−80, 80] (VE is wide early on).
        const grid = Float64Array.from({ length: 16001 }, (_, i) => -80 + i * 0.01);
        const p = mixturePathLogDensity(path, t, p0, p1, grid).map(Math.exp);
        let mass = 0;
        for (let i = 1; i < grid.length; i++) mass += 0.005 * (p[i] + p[i - 1]);
        expect(mass).toBeCloseTo(1, 6);
        // ∂_t p + ∂_x (p u) = 0 by central differences.
        const h = 1e-4;
        const pt = (s: number, x: ArrayLike<number>) => mixturePathLogDensity(path, s, p0, p1, x).map(Math.exp);
        const dpdt = pt(t + h, xs).map((v, i) => (v - pt(t - h, xs)[i]) / (2 * h));
        const flux = (x: Float64Array) => {
          const d = pt(t, x);
          const u = mixturePathVelocity(path, t, p0, p1, x);
          return d.map((v, i) => v * u[i]);
        };
        const right = flux(xs.map((x) => x + h));
        const left = flux(xs.map((x) => x - h));
        for (let i = 0; i < xs.length; i++) expect(dpdt[i] + (right[i] - left[i]) / (2 * h)).toBeCloseTo(0, 5);
      }
    });
  }

  it('with point-mass targets and the one-sided OT path, equals the closed form of closed-form.ts', () => {
    const path = getPath('ot', { sigmaMin: 0.05 });
    const targets = new Float64Array([-2, 2]);
    for (const t of [0.1, 0.6, 0.95]) {
      const u = mixturePathVelocity(path, t, MIXTURES_1D.normal.mix, MIXTURES_1D.points.mix, xs);
      const ref = marginalVelocity(path, xs, xs.length, t, targets, 2, 1);
      const lp = mixturePathLogDensity(path, t, MIXTURES_1D.normal.mix, MIXTURES_1D.points.mix, xs);
      const lref = marginalLogDensity(path, xs, xs.length, t, targets, 2, 1);
      for (let i = 0; i < xs.length; i++) {
        expect(u[i]).toBeCloseTo(ref[i], 9);
        expect(lp[i]).toBeCloseTo(lref[i], 9);
      }
    }
  });

  it('the mean and variance of p_t match a Monte-Carlo draw of x_t = a x₁ + b x₀ + c ε', () => {
    const path = pathWithWidth('sb', 0.8);
    const t = 0.4;
    const { a, b, c } = path.coefficients(t);
    const rng = new Rng(9);
    const N = 200000;
    let s = 0;
    let s2 = 0;
    for (let q = 0; q < N; q++) {
      const x = a * sampleMixture(p1, rng.uniform(), rng.normal()) + b * sampleMixture(p0, rng.uniform(), rng.normal()) + c * rng.normal();
      s += x;
      s2 += x * x;
    }
    const grid = Float64Array.from({ length: 4801 }, (_, i) => -12 + i * 0.005);
    const p = mixturePathLogDensity(path, t, p0, p1, grid).map(Math.exp);
    let m1 = 0;
    let m2 = 0;
    for (let i = 0; i < grid.length; i++) {
      m1 += 0.005 * p[i] * grid[i];
      m2 += 0.005 * p[i] * grid[i] ** 2;
    }
    const mean = s / N;
    const variance = s2 / N - mean * mean;
    expect(Math.abs(mean - m1)).toBeLessThan(4 * Math.sqrt(variance / N));
    expect(Math.abs(variance - (m2 - m1 * m1))).toBeLessThan(0.03);
  });
});
