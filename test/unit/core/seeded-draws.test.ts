/**
 * The exact draws of the core's seeded samplers, replayed from a twin generator. The book's numbers
 * (chapter 6's two-blob example, the marginal samples of the path figures) come from these draws, and
 * their statistical tests pass for any draw with the right law: flipping the sign of a Gaussian's
 * noise, or swapping the order of two draws, leaves the law unchanged and every number in the text
 * different. The header of each function states its draw order; these tests hold it to it.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/lib/core/rng.ts';
import { blobStarts, twoBlobs } from '../../../src/lib/core/two-blobs.ts';
import { meanPairedDistance, sampleMarginal } from '../../../src/lib/core/marginal-sample.ts';
import { getPath } from '../../../src/lib/core/paths.ts';

describe('twoBlobs: source i, then target i, x before y', () => {
  it('replays: (±2, −2) and (±2, 2) plus spread · ε in that order, left for i < m', () => {
    const m = 5;
    const spread = 0.3;
    const ex = twoBlobs(17, m, spread);
    const twin = new Rng(17);
    expect(ex.n).toBe(2 * m);
    for (let i = 0; i < 2 * m; i++) {
      const s = i < m ? -1 : 1;
      expect(ex.side(i)).toBe(s);
      expect(ex.src[2 * i]).toBe(2 * s + spread * twin.normal());
      expect(ex.src[2 * i + 1]).toBe(-2 + spread * twin.normal());
      expect(ex.tgt[2 * i]).toBe(2 * s + spread * twin.normal());
      expect(ex.tgt[2 * i + 1]).toBe(2 + spread * twin.normal());
    }
  });

  it('blobStarts: particle q starts at source q mod n plus σ ε, x before y', () => {
    const ex = twoBlobs(3, 4, 0.05);
    const sigma = 0.2;
    const starts = blobStarts(ex, sigma, 19, new Rng(8));
    const twin = new Rng(8);
    for (let q = 0; q < 19; q++) {
      const i = q % ex.n;
      expect(starts[2 * q]).toBe(ex.src[2 * i] + sigma * twin.normal());
      expect(starts[2 * q + 1]).toBe(ex.src[2 * i + 1] + sigma * twin.normal());
    }
  });
});

describe('sampleMarginal: pick j uniformly, then a x₁ʲ + b ε coordinate by coordinate', () => {
  const path = getPath('vp', {});
  const d = 3;
  const targets = [1, 2, 3, -1, 0.5, 4, 0, 0, -2];

  it('replays the draws exactly', () => {
    const t = 0.6;
    const { a, b } = path.coefficients(t);
    const out = sampleMarginal(path, t, targets, 3, d, 11, new Rng(4));
    const twin = new Rng(4);
    for (let i = 0; i < 11; i++) {
      const j = twin.int(3);
      for (let k = 0; k < d; k++) expect(out[i * d + k]).toBe(a * targets[j * d + k] + b * twin.normal());
    }
  });

  it('refuses an empty or short target set, and a two-sided path', () => {
    const rng = new Rng(1);
    expect(() => sampleMarginal(path, 0.5, targets, 0, d, 2, rng)).toThrow(/at least one target/);
    expect(() => sampleMarginal(path, 0.5, targets.slice(0, 8), 3, d, 2, rng)).toThrow(/at least one target/);
    expect(sampleMarginal(path, 0.5, targets.slice(0, 3), 1, d, 2, rng)).toHaveLength(2 * d);
    expect(() => sampleMarginal(getPath('icfm', { sigma: 0.1 }), 0.5, targets, 3, d, 2, rng)).toThrow(/one-sided/);
  });
});

describe('meanPairedDistance', () => {
  it('is (1/n) Σ ‖aᵢ − bᵢ‖, 0 for no points, and refuses short sets', () => {
    expect(meanPairedDistance([0, 0, 3, 4], [3, 4, 3, 4], 2, 2)).toBe(2.5);
    expect(meanPairedDistance([], [], 0, 2)).toBe(0);
    expect(() => meanPairedDistance([0, 0, 1], [0, 0, 1, 1], 2, 2)).toThrow(/n points/);
    expect(() => meanPairedDistance([0, 0, 1, 1], [0, 0, 1], 2, 2)).toThrow(/n points/);
  });
});
