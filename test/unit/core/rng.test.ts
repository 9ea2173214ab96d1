import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/lib/core/index.ts';

describe('Rng', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = new Rng(42),
      b = new Rng(42),
      c = new Rng(43);
    const xa = Array.from({ length: 20 }, () => a.uniform());
    const xb = Array.from({ length: 20 }, () => b.uniform());
    const xc = Array.from({ length: 20 }, () => c.uniform());
    expect(xa).toEqual(xb);
    expect(xa).not.toEqual(xc);
    expect(new Rng(2 ** 40 + 5).uniform()).not.toBe(new Rng(5).uniform());
  });

  it('uniform has mean 1/2 and variance 1/12, in [0, 1)', () => {
    const r = new Rng(1);
    const n = 200_000;
    let s = 0,
      s2 = 0,
      lo = 1,
      hi = 0;
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      s += u;
      s2 += u * u;
      lo = Math.min(lo, u);
      hi = Math.max(hi, u);
    }
    const m = s / n;
    expect(Math.abs(m - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(s2 / n - m * m - 1 / 12)).toBeLessThan(0.002);
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
  });

  it('normal has the moments of 𝒩(0, 1) (mean, variance, skew, kurtosis) and a Gaussian tail', () => {
    const r = new Rng(2);
    const n = 200_000;
    let m1 = 0,
      m2 = 0,
      m3 = 0,
      m4 = 0,
      tail = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      m1 += z;
      m2 += z * z;
      m3 += z ** 3;
      m4 += z ** 4;
      if (z > 1.96) tail++;
    }
    expect(Math.abs(m1 / n)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(m2 / n - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
    expect(Math.abs(m3 / n)).toBeLessThan(4 * Math.sqrt(15 / n));
    expect(Math.abs(m4 / n - 3)).toBeLessThan(4 * Math.sqrt(96 / n));
    expect(Math.abs(tail / n - 0.025)).toBeLessThan(4 * Math.sqrt((0.025 * 0.975) / n));
  });

  it('int and categorical hit each value with the right frequency', () => {
    const r = new Rng(3);
    const n = 60_000;
    const counts = new Array(6).fill(0);
    for (let i = 0; i < n; i++) counts[r.int(6)]++;
    for (const c of counts) expect(Math.abs(c / n - 1 / 6)).toBeLessThan(4 * Math.sqrt(((1 / 6) * (5 / 6)) / n));
    const p = [0.1, 0, 0.6, 0.3];
    const cc = new Array(4).fill(0);
    for (let i = 0; i < n; i++) cc[r.categorical(p)]++;
    expect(cc[1]).toBe(0);
    for (const k of [0, 2, 3]) expect(Math.abs(cc[k] / n - p[k])).toBeLessThan(4 * Math.sqrt((p[k] * (1 - p[k])) / n));
    // Unnormalised weights are fine.
    expect(new Rng(9).categorical([0, 0, 5])).toBe(2);
  });

  it('fork gives reproducible streams that are uncorrelated with the parent', () => {
    const a = new Rng(10),
      b = new Rng(10);
    const fa = a.fork(),
      fb = b.fork();
    expect(fa.uniform()).toBe(fb.uniform());
    const n = 20_000;
    let sxy = 0;
    for (let i = 0; i < n; i++) sxy += a.normal() * fa.normal();
    expect(Math.abs(sxy / n)).toBeLessThan(4 / Math.sqrt(n));
  });

  it('permutation is a permutation', () => {
    const p = new Rng(4).permutation(50);
    expect(Array.from(p).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
