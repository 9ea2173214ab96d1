/**
 * theorem1-pairs.ts, exactly: explainPairPoint keeps the pairs with positive mass in plan order and
 * reports maxDiff as the largest |Σ wᵢ uᵢ − u| over the coordinates (the other tests only checked
 * that it is small, which 0 also is); pairPathThrough on a path without noise (c = 0) is the straight
 * segment itself, where the noise ε cannot be recovered and is taken as 0.
 */
import { describe, expect, it } from 'vitest';
import { getPath } from '../../../src/lib/core/paths.ts';
import { explainPairPoint, pairPathThrough } from '../../../src/lib/core/theorem1-pairs.ts';

describe('theorem1-pairs, exactly', () => {
  it('explainPairPoint: the pairs of positive mass, and maxDiff = max over coordinates of the gap', () => {
    const path = getPath('icfm', { sigma: 0.4 });
    const source = Float64Array.of(-1, 0, 1, 0.5, 0, -1);
    const targets = Float64Array.of(2, 1, -2, 1.5, 0.3, 2.2);
    const plan = [0.2, 0, 0.1, 0, 0.3, 0, 0.05, 0.05, 0.3];
    const r = explainPairPoint(path, Float64Array.of(0.4, 0.3), 0.55, source, 3, targets, 3, 2, plan);
    expect(Array.from(r.pairs)).toEqual([0, 2, 4, 6, 7, 8]);
    const gaps = [0, 1].map((k) => Math.abs(r.weightedMean[k] - r.closedForm[k]));
    expect(r.maxDiff).toBe(Math.max(...gaps));
    expect(r.maxDiff).toBeLessThan(1e-12);
  });

  it('pairPathThrough with c = 0 is the segment (1 − s) x₀ + s x₁ at every time s', () => {
    const path = getPath('rectified');
    const x0 = [-1, 2];
    const x1 = [3, 0];
    const times = [0, 0.25, 0.8, 1];
    const out = pairPathThrough(path, [0, 0], 0.5, x0, x1, 2, times);
    times.forEach((s, i) => [0, 1].forEach((k) => expect(out[2 * i + k]).toBeCloseTo((1 - s) * x0[k] + s * x1[k], 14)));
  });
});
