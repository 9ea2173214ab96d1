/**
 * Exact draws of the marginal path of a finite data set (marginal-sample.ts) against its closed-form
 * moments, the paired distance against a hand computation, and the asynchronous Euler–Maruyama
 * driver of sde.ts against the synchronous one (same steps, same noise, same numbers).
 */
import { describe, expect, it } from 'vitest';
import { Rng, getPath, marginalVelocity, sampleDataset, type VelocityFn } from '../../../src/lib/core/index.ts';
import { meanPairedDistance, sampleMarginal } from '../../../src/lib/core/marginal-sample.ts';
import { extendedDriftFromVelocity, extendedDriftFromVelocityAsync, integrateSde, integrateSdeAsync } from '../../../src/lib/core/sde.ts';

describe('sampleMarginal', () => {
  const targets = Float64Array.of(0, 0, 4, 0, 0, 2);
  const path = getPath('ot', { sigmaMin: 0.1 });
  for (const t of [0, 0.4, 1]) {
    it(`t = ${t}: mean a·x̄₁ and covariance a²·Cov(x₁) + b²·I`, () => {
      const n = 200000;
      const x = sampleMarginal(path, t, targets, 3, 2, n, new Rng(3));
      const { a, b } = path.coefficients(t);
      let mx = 0,
        my = 0;
      for (let i = 0; i < n; i++) {
        mx += x[2 * i];
        my += x[2 * i + 1];
      }
      mx /= n;
      my /= n;
      let vxx = 0,
        vyy = 0,
        vxy = 0;
      for (let i = 0; i < n; i++) {
        const dx = x[2 * i] - mx,
          dy = x[2 * i + 1] - my;
        vxx += dx * dx;
        vyy += dy * dy;
        vxy += dx * dy;
      }
      // targets: mean (4/3, 2/3); Cov = [[32/9, −8/9], [−8/9, 8/9]]
      expect(mx).toBeCloseTo((a * 4) / 3, 1);
      expect(my).toBeCloseTo((a * 2) / 3, 1);
      expect(vxx / n).toBeCloseTo((a * a * 32) / 9 + b * b, 1);
      expect(vyy / n).toBeCloseTo((a * a * 8) / 9 + b * b, 1);
      expect(vxy / n).toBeCloseTo((-a * a * 8) / 9, 1);
    });
  }

  it('is reproducible from its seed and refuses two-sided paths and empty target sets', () => {
    const a = sampleMarginal(path, 0.5, targets, 3, 2, 50, new Rng(9));
    const b = sampleMarginal(path, 0.5, targets, 3, 2, 50, new Rng(9));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(() => sampleMarginal(getPath('icfm'), 0.5, targets, 3, 2, 5, new Rng(1))).toThrow(/one-sided/);
    expect(() => sampleMarginal(path, 0.5, targets, 0, 2, 5, new Rng(1))).toThrow(/target/);
  });
});

describe('meanPairedDistance', () => {
  it('averages the distances between points with the same index', () => {
    expect(meanPairedDistance(Float64Array.of(0, 0, 1, 1), Float64Array.of(3, 4, 1, 2), 2, 2)).toBeCloseTo((5 + 1) / 2, 14);
    expect(meanPairedDistance([], [], 0, 2)).toBe(0);
    expect(() => meanPairedDistance([0, 0], [0], 1, 2)).toThrow(/n points/);
  });
});

describe('integrateSdeAsync', () => {
  it('gives the synchronous result bit for bit, with the drift from a velocity (score by conversion)', async () => {
    const path = getPath('ot', { sigmaMin: 0.1 });
    const data = sampleDataset('moons', 16, new Rng(1));
    const velocity: VelocityFn = (x, t, out) => out.set(marginalVelocity(path, x, x.length / 2, t, data, 16, 2));
    const x0 = sampleMarginal(path, 0, data, 16, 2, 30, new Rng(2));
    const g = (t: number) => 1.5 * (1 - 0.5 * t);
    const sync = integrateSde(extendedDriftFromVelocity(path, velocity, g), g, x0, { steps: 40, rng: new Rng(4), trajectory: true });
    const asyncVelocity = async (x: Float64Array, t: number, out: Float64Array) => {
      await Promise.resolve();
      velocity(x, t, out);
    };
    const res = await integrateSdeAsync(extendedDriftFromVelocityAsync(path, asyncVelocity, g), g, x0, {
      steps: 40,
      rng: new Rng(4),
      trajectory: true,
    });
    expect(Array.from(res.x)).toEqual(Array.from(sync.x));
    expect(res.nfe).toBe(40);
    expect(res.trajectory).toHaveLength(41);
    expect(Array.from(res.trajectory![17])).toEqual(Array.from(sync.trajectory![17]));
  });
});
