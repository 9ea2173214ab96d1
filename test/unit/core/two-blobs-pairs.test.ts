/**
 * The two-blob example of chapter 6 in the core: each cluster plan is a coupling of the two empirical
 * measures with the stated support; and Theorem 1 at one point for a coupling (theorem1-pairs): the
 * posterior-weighted mean of the pairs' conditional velocities equals the closed form with the same
 * source and plan, and the pair path through a point passes through it.
 */
import { describe, expect, it } from 'vitest';
import {
  CLUSTER_PLAN_NAMES,
  Rng,
  blobStarts,
  clusterPlan,
  explainPairPoint,
  getPath,
  pairPathThrough,
  sameSideFraction,
  twoBlobs,
} from '../../../src/lib/core/index.ts';

describe('twoBlobs and clusterPlan', () => {
  const ex = twoBlobs(7);
  it('puts m points around each centre, with the side of each index', () => {
    expect(ex.n).toBe(16);
    for (let i = 0; i < ex.n; i++) {
      expect(Math.abs(ex.src[2 * i] - 2 * ex.side(i))).toBeLessThan(0.3);
      expect(Math.abs(ex.src[2 * i + 1] + 2)).toBeLessThan(0.3);
      expect(Math.abs(ex.tgt[2 * i] - 2 * ex.side(i))).toBeLessThan(0.3);
      expect(Math.abs(ex.tgt[2 * i + 1] - 2)).toBeLessThan(0.3);
    }
  });
  for (const name of CLUSTER_PLAN_NAMES) {
    it(`${name}: rows and columns carry 1/n; the support is as named`, () => {
      const p = clusterPlan(ex, name);
      const n = ex.n;
      for (let i = 0; i < n; i++) {
        let r = 0;
        let c = 0;
        for (let j = 0; j < n; j++) {
          r += p[i * n + j];
          c += p[j * n + i];
          const same = ex.side(i) === ex.side(j);
          const expected = name === 'independent' || (name === 'good' ? same : !same);
          expect(p[i * n + j] > 0, `${i},${j}`).toBe(expected);
        }
        expect(r).toBeCloseTo(1 / n, 14);
        expect(c).toBeCloseTo(1 / n, 14);
      }
    });
  }
  it('start points: one per source point in turn, blurred by σ; the same-side count', () => {
    const s = blobStarts(ex, 0.1, 32, new Rng(1));
    for (let q = 0; q < 32; q++)
      expect(Math.hypot(s[2 * q] - ex.src[2 * (q % 16)], s[2 * q + 1] - ex.src[2 * (q % 16) + 1])).toBeLessThan(0.6);
    const end = Float64Array.from(s);
    end[0] = -end[0];
    expect(sameSideFraction(s, end, 32)).toBeCloseTo(31 / 32, 14);
  });
});

describe('explainPairPoint', () => {
  const ex = twoBlobs(5);
  for (const pathName of ['icfm', 'sb'] as const) {
    it(`${pathName}: weighted mean of the pairs equals the closed form; only the plan's pairs are kept`, () => {
      const path = getPath(pathName, { sigma: 0.3 });
      for (const plan of CLUSTER_PLAN_NAMES) {
        const p = clusterPlan(ex, plan);
        for (const [x, y, t] of [
          [0, 0, 0.5],
          [0.7, -0.4, 0.3],
          [-1.5, 1.2, 0.85],
        ]) {
          const e = explainPairPoint(path, Float64Array.of(x, y), t, ex.src, ex.n, ex.tgt, ex.n, 2, p);
          expect(e.pairs.length).toBe(plan === 'independent' ? 256 : 128);
          expect(e.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
          expect(e.maxDiff).toBeLessThan(1e-10);
        }
      }
    });
  }
  it('at the crossing point of the bad plan the mean points up: left- and right-going pairs cancel sideways', () => {
    const e = explainPairPoint(
      getPath('icfm', { sigma: 0.3 }),
      Float64Array.of(0, 0),
      0.5,
      ex.src,
      ex.n,
      ex.tgt,
      ex.n,
      2,
      clusterPlan(ex, 'bad'),
    );
    expect(Math.abs(e.weightedMean[0])).toBeLessThan(0.5);
    expect(e.weightedMean[1]).toBeGreaterThan(3.5);
    let left = 0;
    for (let q = 0; q < e.pairs.length; q++) if (e.conditional[2 * q] < 0) left += e.weights[q];
    expect(left).toBeGreaterThan(0.3);
    expect(left).toBeLessThan(0.7);
  });
  it('the pair path through (x, t) passes through x at t and carries the same noise', () => {
    const path = getPath('icfm', { sigma: 0.2 });
    const x0 = Float64Array.of(-2, -2);
    const x1 = Float64Array.of(2, 2);
    const x = Float64Array.of(0.1, -0.05);
    const tr = pairPathThrough(path, x, 0.5, x0, x1, 2, [0, 0.5, 1]);
    expect(tr[2]).toBeCloseTo(0.1, 12);
    expect(tr[3]).toBeCloseTo(-0.05, 12);
    // ε = (x − μ_t)/σ = (0.1, −0.05)/0.2: the path is the segment shifted by σε.
    expect(tr[0]).toBeCloseTo(-2 + 0.1, 12);
    expect(tr[5]).toBeCloseTo(2 - 0.05, 12);
  });
});
