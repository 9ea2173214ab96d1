/**
 * The two core modules of Part III checked against independent references:
 * - rectified-flow.ts: the paired field equals the dense closed form of closed-form.ts with a
 *   diagonal plan (the same Theorem-1 formula computed another way); swapGains against a brute
 *   re-pairing of two pairs.
 * - solver-analysis.ts: slope fit on an exact power law, time grids, the Euler bound's limits.
 */
import { describe, expect, it } from 'vitest';
import { Rng, getPath, marginalVelocity, sampleDataset } from '../../../src/lib/core/index.ts';
import { couplingCost, pairedField, swapGains } from '../../../src/lib/core/rectified-flow.ts';
import { eulerErrorBound, fitLogLogSlope, fixedStepNfe, powerTimeGrid } from '../../../src/lib/core/solver-analysis.ts';

describe('rectified-flow core', () => {
  it('pairedField equals the dense closed form with a diagonal plan (I-CFM path, empirical source)', () => {
    const rng = new Rng(11);
    const m = 12;
    const x0 = sampleDataset('normal', m, rng.fork());
    const x1 = sampleDataset('moons', m, rng.fork());
    const plan = new Float64Array(m * m);
    for (let i = 0; i < m; i++) plan[i * m + i] = 1;
    for (const sigma of [0.05, 0.3]) {
      const field = pairedField({ x0, x1 }, m, 2, sigma);
      const path = getPath('icfm', { sigma });
      const q = sampleDataset('normal', 20, rng.fork());
      for (const t of [0, 0.3, 0.77, 1]) {
        const out = new Float64Array(q.length);
        field(q, t, out);
        const ref = marginalVelocity(path, q, 20, t, x1, m, 2, { source: x0, nSource: m, plan });
        for (let i = 0; i < q.length; i++) expect(out[i]).toBeCloseTo(ref[i], 10);
      }
    }
  });

  it('swapGains reports exactly the pairs whose exchange lowers the quadratic cost, by the amount it does', () => {
    const rng = new Rng(2);
    const m = 10;
    const pairs = { x0: sampleDataset('normal', m, rng.fork()), x1: sampleDataset('normal', m, rng.fork()) };
    const gains = swapGains(pairs, m, 2);
    let count = 0;
    for (let i = 0; i < m; i++)
      for (let j = i + 1; j < m; j++) {
        const sub = (a: Float64Array, p: number, b: Float64Array, q: number) =>
          (a[2 * p] - b[2 * q]) ** 2 + (a[2 * p + 1] - b[2 * q + 1]) ** 2;
        const drop =
          sub(pairs.x1, i, pairs.x0, i) + sub(pairs.x1, j, pairs.x0, j) - sub(pairs.x1, j, pairs.x0, i) - sub(pairs.x1, i, pairs.x0, j);
        const g = gains.find((e) => e.i === i && e.j === j);
        if (drop > 1e-12) {
          count++;
          expect(g?.gain).toBeCloseTo(drop, 10);
        } else expect(g).toBeUndefined();
      }
    expect(gains.length).toBe(count);
    expect(count).toBeGreaterThan(0);
    expect(couplingCost(pairs, m, 2, (v) => Math.abs(v[0]))).toBeGreaterThan(0);
  });

  it('pairedField refuses σ = 0', () => {
    expect(() => pairedField({ x0: new Float64Array(2), x1: new Float64Array(2) }, 1, 2, 0)).toThrow();
  });
});

describe('solver-analysis core', () => {
  it('fitLogLogSlope recovers the exponent of an exact power law', () => {
    const x = [3, 10, 40, 200];
    expect(
      fitLogLogSlope(
        x,
        x.map((v) => 7 * v ** -2.5),
      ),
    ).toBeCloseTo(-2.5, 12);
  });
  it('powerTimeGrid: endpoints, monotone, last step T·K^(−ρ)', () => {
    const g = powerTimeGrid(8, 0.99, 3);
    expect(g[0]).toBe(0);
    expect(g[8]).toBe(0.99);
    for (let k = 1; k < g.length; k++) expect(g[k]).toBeGreaterThan(g[k - 1]);
    expect(g[8] - g[7]).toBeCloseTo(0.99 * 8 ** -3, 14);
    expect(powerTimeGrid(4)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });
  it('eulerErrorBound: the L → 0 limit is h M₂ T / 2; NFE of fixed steps', () => {
    expect(eulerErrorBound(10, 2, 1e-9)).toBeCloseTo(0.1, 8);
    expect(eulerErrorBound(10, 2, 0)).toBeCloseTo(0.1, 12);
    expect([fixedStepNfe('euler', 3), fixedStepNfe('heun', 3), fixedStepNfe('rk4', 3), fixedStepNfe('dopri5', 3)]).toEqual([3, 6, 12, 19]);
  });
});
