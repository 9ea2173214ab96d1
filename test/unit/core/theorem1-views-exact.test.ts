/**
 * theorem1-views.ts, exactly: the explorer's 1D targets are the documented mixture draws (replayed),
 * timeGrid spans the family's own domain [tMin, tMax] (VP's ends at 0.99999), and planeDensity
 * puts row 0 at the top of the box and column 0 at its left, scaled to a maximum of 1 (a flipped or
 * transposed grid draws the right density in the wrong place, and passed every test).
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/lib/core/rng.ts';
import { getPath, PATH_NAMES } from '../../../src/lib/core/paths.ts';
import { marginalLogDensity } from '../../../src/lib/core/closed-form.ts';
import { planeDensity, sampleMixture1D, timeGrid } from '../../../src/lib/core/theorem1-views.ts';

describe('theorem1-views, exactly', () => {
  it('sampleMixture1D replays ½𝒩(−2, 0.5²) + ½𝒩(1.5, 0.7²), sorted', () => {
    const rng = new Rng(6);
    const want = Array.from({ length: 9 }, () => (rng.uniform() < 0.5 ? -2 + 0.5 * rng.normal() : 1.5 + 0.7 * rng.normal())).sort(
      (a, b) => a - b,
    );
    expect(Array.from(sampleMixture1D(9, 6))).toEqual(want);
  });

  it('timeGrid runs from tMin to tMax of each family, evenly', () => {
    for (const name of PATH_NAMES) {
      const path = getPath(name, { sigma: 0.1, sigmaMin: 0.05 });
      const g = timeGrid(path, 5);
      expect(g[0]).toBe(path.tMin);
      expect(g[4]).toBeCloseTo(path.tMax, 14);
      expect(g[2]).toBeCloseTo((path.tMin + path.tMax) / 2, 14);
    }
  });

  it('planeDensity: row 0 is the top, column 0 the left, the maximum is 1', () => {
    const path = getPath('ot', { sigmaMin: 0.05 });
    const targets = Float64Array.of(2, 2); // one target at the top right of the box
    const box = { x: [-3, 3] as [number, number], y: [-3, 3] as [number, number] };
    const rows = 4;
    const cols = 6;
    const dens = planeDensity(path, 0.9, targets, 1, box, cols, rows);
    const pts: number[] = [];
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) pts.push(-3 + (6 * (c + 0.5)) / cols, 3 - (6 * (r + 0.5)) / rows);
    const logp = marginalLogDensity(path, Float64Array.from(pts), rows * cols, 0.9, targets, 1, 2);
    const m = Math.max(...logp);
    logp.forEach((l, i) => expect(dens[i]).toBeCloseTo(Math.exp(l - m), 6));
    expect(Math.max(...dens)).toBe(1);
    expect(dens[cols - 1]).toBeGreaterThan(dens[(rows - 1) * cols]); // top right ≫ bottom left
  });
});
