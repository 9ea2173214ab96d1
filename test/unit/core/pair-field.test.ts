import { describe, expect, it } from 'vitest';
import {
  Rng,
  couplingPlan,
  getPath,
  marginalLogDensity,
  marginalVelocity,
  posteriorWeights,
  sampleDataset,
} from '../../../src/lib/core/index.ts';
import { pairLogDensity, pairPosterior, pairVelocity, planToPairs } from '../../../src/lib/core/pair-field.ts';

const rng = new Rng(3);
const n = 12;
const x0 = sampleDataset('normal', n, rng);
const x1 = sampleDataset('moons', n, rng);
const xs = sampleDataset('normal', 20, rng);

describe('pair field (sparse weighted pairs)', () => {
  for (const coupling of ['independent', 'exact-ot', 'sinkhorn'] as const) {
    it(`equals closed-form.ts on the dense ${coupling} plan (velocity, density, weights)`, () => {
      const plan = couplingPlan(coupling, x0, x1, n, 2, { epsilon: 0.5 });
      const pairs = planToPairs(plan, x0, x1, n, n, 2, 0);
      if (coupling === 'exact-ot') expect(pairs.count).toBe(n);
      const path = getPath('sb', { sigma: 0.4 });
      for (const t of [0.1, 0.5, 0.9]) {
        const ref = marginalVelocity(path, xs, 20, t, x1, n, 2, { source: x0, nSource: n, plan });
        const got = pairVelocity(path, pairs, xs, 20, t);
        for (let i = 0; i < ref.length; i++) expect(got[i]).toBeCloseTo(ref[i], 9);
        const lref = marginalLogDensity(path, xs, 20, t, x1, n, 2, { source: x0, nSource: n, plan });
        const lgot = pairLogDensity(path, pairs, xs, 20, t);
        for (let i = 0; i < 20; i++) expect(lgot[i]).toBeCloseTo(lref[i], 9);
      }
      const wref = posteriorWeights(path, xs.subarray(0, 2), 0.5, x1, n, 2, { source: x0, nSource: n, plan });
      const wgot = pairPosterior(path, pairs, xs.subarray(0, 2), 0.5);
      let k = 0;
      for (let z = 0; z < n * n; z++) if (plan[z] > 0) expect(wgot[k++]).toBeCloseTo(wref[z], 9);
    });
  }

  it('prunes entries below relTol of the largest weight and refuses a zero-width path', () => {
    const plan = new Float64Array([1, 1e-12, 0, 0.5]);
    const p = planToPairs(plan, [0, 0, 1, 1], [2, 2, 3, 3], 2, 2, 2);
    expect(p.count).toBe(2);
    expect(Array.from(p.w)).toEqual([1, 0.5]);
    expect(Array.from(p.x1)).toEqual([2, 2, 3, 3]);
    expect(() => pairVelocity(getPath('rectified'), p, [0, 0], 1, 0.5)).toThrow(/c\(t\) > 0/);
  });
});

describe('width floor', () => {
  it('raises c to √(c² + f²) with the exact derivative and leaves a and b alone', async () => {
    const { withWidthFloor } = await import('../../../src/lib/core/pair-field.ts');
    const base = getPath('sb', { sigma: 0.5 });
    const p = withWidthFloor(base, 0.1);
    for (const t of [0.05, 0.3, 0.7]) {
      const k = p.coefficients(t);
      const k0 = base.coefficients(t);
      expect(k.c).toBeCloseTo(Math.hypot(k0.c, 0.1), 14);
      expect(k.a).toBe(k0.a);
      expect(k.db).toBe(k0.db);
      const h = 1e-6;
      expect(k.dc).toBeCloseTo((p.coefficients(t + h).c - p.coefficients(t - h).c) / (2 * h), 6);
    }
    expect(withWidthFloor(getPath('rectified'), 0.02).coefficients(0.5).c).toBeCloseTo(0.02, 14);
  });
});
