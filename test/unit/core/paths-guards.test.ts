/**
 * paths.ts details the law-level tests of paths.test.ts cannot see (mutation survivors): the VE
 * path's σ_max guard, the VP path's b' at t = 1, which widths make a path stochastic, and the exact
 * draws of samplePathBatch (one normal per coordinate, added with the sign of c).
 */
import { describe, expect, it } from 'vitest';
import { Rng, getPath, samplePathBatch } from '../../../src/lib/core/index.ts';

describe('getPath guards', () => {
  it('VE: σ_max below σ_min is raised just above σ_min (the log ratio stays positive and finite)', () => {
    const p = getPath('ve', { sigmaMin: 2, sigmaMax: 0.5 });
    expect(p.params.sigmaMin).toBe(2);
    expect(p.params.sigmaMax).toBe(2 * (1 + 1e-9));
    const { b, db } = p.coefficients(0.5);
    expect(b).toBeGreaterThan(2);
    expect(db).toBeLessThan(0);
    expect(Number.isFinite(db)).toBe(true);
  });

  it('VP: at t = 1 (b = 0) the derivative b′ is −∞, also when β_min = 0 (no 0/0)', () => {
    expect(getPath('vp').coefficients(1).db).toBe(-Infinity);
    const flat = getPath('vp', { betaMin: 0 }).coefficients(1);
    expect(flat.b).toBe(0);
    expect(flat.db).toBe(-Infinity);
    expect(getPath('vp').coefficients(0.5).db).toBeLessThan(0);
  });

  it('I-CFM and SB are stochastic only for σ > 0', () => {
    for (const name of ['icfm', 'sb'] as const) {
      expect(getPath(name, { sigma: 0 }).stochastic, name).toBe(false);
      expect(getPath(name, { sigma: 0.2 }).stochastic, name).toBe(true);
    }
  });
});

describe('samplePathBatch draws', () => {
  it('x_t = a x₁ + b x₀ + c ε and u_t = a′x₁ + b′x₀ + c′ε with one ε per coordinate, in order', () => {
    const d = 3,
      n = 4;
    const seed = new Rng(11);
    const x0 = Float64Array.from({ length: n * d }, () => seed.normal());
    const x1 = Float64Array.from({ length: n * d }, () => 2 + seed.normal());
    const t = [0.1, 0.35, 0.6, 0.9];
    for (const name of ['icfm', 'sb'] as const) {
      const path = getPath(name, { sigma: 0.7 });
      const { xt, ut } = samplePathBatch(path, x0, x1, t, d, new Rng(5));
      const eps = new Rng(5);
      for (let i = 0; i < n; i++) {
        const { a, b, c, da, db, dc } = path.coefficients(t[i]);
        for (let k = 0; k < d; k++) {
          const j = i * d + k;
          const e = eps.normal();
          expect(xt[j], `${name} x_t[${j}]`).toBeCloseTo(a * x1[j] + b * x0[j] + c * e, 12);
          expect(ut[j], `${name} u_t[${j}]`).toBeCloseTo(da * x1[j] + db * x0[j] + dc * e, 12);
        }
      }
    }
  });
});
