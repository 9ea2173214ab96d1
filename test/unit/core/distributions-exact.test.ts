/**
 * distributions.ts, exactly: samplers replayed draw for draw from a twin generator (a flipped noise
 * sign keeps the law and passed the statistical tests), an empirical set without bandwidth draws no
 * normals at all, a single point is a valid empirical set, the uniform box's density includes its
 * faces, and the mixture's log-density is checked in closed form at a point away from the means
 * in 2D (where x − m and x + m differ).
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/lib/core/rng.ts';
import { empiricalDataset, gaussianMixture, uniformBox } from '../../../src/lib/core/distributions.ts';

describe('distributions, exactly', () => {
  it('gaussianMixture: samples replay (component, then mean + std · ε per coordinate); density in closed form', () => {
    const means = [1, -2, -3, 0.5];
    const stds = [0.5, 2];
    const mix = gaussianMixture(means, stds, [1, 3], 2);
    const got = mix.sample(7, new Rng(5));
    const twin = new Rng(5);
    for (let i = 0; i < 7; i++) {
      const j = twin.categorical([0.25, 0.75]);
      for (let c = 0; c < 2; c++) expect(got[2 * i + c]).toBe(means[2 * j + c] + stds[j] * twin.normal());
    }
    const x = [0.3, 1.1];
    const comp = (j: number) => {
      const s = (x[0] - means[2 * j]) ** 2 + (x[1] - means[2 * j + 1]) ** 2;
      return Math.exp(-s / (2 * stds[j] ** 2)) / (2 * Math.PI * stds[j] ** 2);
    };
    expect(mix.logDensity(Float64Array.from(x), 1)[0]).toBeCloseTo(Math.log(0.25 * comp(0) + 0.75 * comp(1)), 12);
  });

  it('empiricalDataset: uniform index, plus h · ε only when h > 0 (no draws otherwise); one point is enough', () => {
    const pts = [0, 1, 2, 3, 4, 5];
    const kde = empiricalDataset(pts, 2, 0.3).sample(6, new Rng(8));
    const twin = new Rng(8);
    for (let i = 0; i < 6; i++) {
      const j = twin.int(3);
      for (let c = 0; c < 2; c++) expect(kde[2 * i + c]).toBe(pts[2 * j + c] + 0.3 * twin.normal());
    }
    const rng = new Rng(2);
    const plain = empiricalDataset(pts, 2).sample(5, rng);
    const twin2 = new Rng(2);
    for (let i = 0; i < 5; i++) {
      const j = twin2.int(3);
      expect([plain[2 * i], plain[2 * i + 1]]).toEqual([pts[2 * j], pts[2 * j + 1]]);
    }
    expect(rng.uniform()).toBe(twin2.uniform()); // only the indices were drawn
    expect(empiricalDataset([7, 8], 2).count).toBe(1);
    expect(() => empiricalDataset([7], 2)).toThrow(/at least one point/);
  });

  it('uniformBox: the faces belong to the box', () => {
    const box = uniformBox(2, -1, 3);
    const logp = box.logDensity(Float64Array.of(-1, 3, 3, -1, 3.0001, 0, 0, -1.0001), 4);
    expect(logp[0]).toBeCloseTo(-Math.log(16), 14);
    expect(logp[1]).toBeCloseTo(-Math.log(16), 14);
    expect(logp[2]).toBe(-Infinity);
    expect(logp[3]).toBe(-Infinity);
  });
});
