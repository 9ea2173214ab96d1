/**
 * closed-form.ts details its other tests do not pin (mutation survivors): with an empirical source,
 * `nSource` says how many of the source points count (the rest are ignored) and defaults to all of
 * them; a point whose every component weight underflows to zero (here: a coordinate at infinity) has
 * log-density −∞, not +∞, and uniform posterior weights.
 */
import { describe, expect, it } from 'vitest';
import { getPath, marginalLogDensity, marginalVelocity, posteriorWeights } from '../../../src/lib/core/index.ts';

const d = 2;
const targets = Float64Array.of(1, 1, -1, 2, 0.5, -1.5);
const nTargets = 3;
const source = Float64Array.of(0.2, -0.1, -0.7, 0.4, 0.9, 0.3, 5, 5, -5, 5);
const x = Float64Array.of(0.1, 0.2, -0.5, 1.1, 0.8, -0.4);
const icfm = getPath('icfm', { sigma: 0.4 });

describe('closed form with an empirical source', () => {
  it('nSource = k uses the first k source points; without it every point counts', () => {
    const firstThree = source.slice(0, 3 * d);
    const withN = marginalVelocity(icfm, x, 3, 0.6, targets, nTargets, d, { source, nSource: 3 });
    const truncated = marginalVelocity(icfm, x, 3, 0.6, targets, nTargets, d, { source: firstThree });
    const all = marginalVelocity(icfm, x, 3, 0.6, targets, nTargets, d, { source });
    for (let j = 0; j < withN.length; j++) {
      expect(Number.isFinite(withN[j])).toBe(true);
      expect(withN[j]).toBeCloseTo(truncated[j], 12);
    }
    // the two far source points (±5, 5) change the field where they carry weight
    expect(Math.max(...Array.from(all, (v, j) => Math.abs(v - withN[j])))).toBeGreaterThan(1e-6);
    expect(posteriorWeights(icfm, x.subarray(0, d), 0.6, targets, nTargets, d, { source })).toHaveLength(5 * nTargets);
  });
});

describe('a point where every weight underflows', () => {
  it('has log-density −∞ and uniform posterior weights', () => {
    const far = Float64Array.of(Infinity, 0);
    for (const path of [getPath('ot'), icfm]) {
      expect(marginalLogDensity(path, far, 1, 0.5, targets, nTargets, d)[0]).toBe(-Infinity);
      expect(Array.from(posteriorWeights(path, far, 0.5, targets, nTargets, d))).toEqual([1 / 3, 1 / 3, 1 / 3]);
    }
    expect(marginalLogDensity(icfm, far, 1, 0.5, targets, nTargets, d, { source, nSource: 2 })[0]).toBe(-Infinity);
  });
});
