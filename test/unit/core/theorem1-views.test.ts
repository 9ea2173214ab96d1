/**
 * Theorem 1 piece by piece (core/theorem1-views.ts), as the explorers show it: the weighted mean of
 * the conditional velocities equals the closed-form marginal velocity; the conditional path through
 * a point passes through it and ends at its target; the density grids are the marginal density,
 * scaled; the example targets are seeded and reproducible. Also clampToDomain and pathWithWidth.
 */
import { describe, expect, it } from 'vitest';
import {
  EXPLORER_TARGET_SETS,
  PATH_NAMES,
  Rng,
  clampToDomain,
  conditionalPathThrough,
  explainPoint,
  getPath,
  marginalLogDensity,
  pathWithWidth,
  planeDensity,
  sampleDataset,
  sampleMixture1D,
  sampleTargets2D,
  spaceTimeDensity,
  timeGrid,
} from '../../../src/lib/core/index.ts';

describe('Theorem 1 views', () => {
  const targets2 = sampleTargets2D('8gaussians', 6, 2);

  it('explainPoint: weights sum to 1 and Σ wᵢ u(x | x₁ⁱ) equals the closed form, for every family, 1D and 2D', () => {
    for (const name of PATH_NAMES) {
      const path = pathWithWidth(name, 0.2);
      const t = clampToDomain(path, 0.7);
      const e1 = explainPoint(path, Float64Array.of(0.3), t, sampleMixture1D(5, 1), 5, 1);
      const e2 = explainPoint(path, Float64Array.of(1, -0.5), t, targets2, 6, 2);
      for (const e of [e1, e2]) {
        expect(e.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        expect(e.maxDiff).toBeLessThan(1e-10);
        expect(Number.isFinite(e.closedForm[0])).toBe(true);
      }
      expect(e2.conditional.length).toBe(12);
    }
  });

  it('conditionalPathThrough passes through (x, t) and ends at the target (σ → 0 end)', () => {
    const path = getPath('ot', { sigmaMin: 1e-9 });
    const x = Float64Array.of(0.4, -1.1);
    const x1 = Float64Array.of(2, 3);
    const traj = conditionalPathThrough(path, x, 0.5, x1, 2, [0.5, path.tMax]);
    expect(traj[0]).toBeCloseTo(0.4, 12);
    expect(traj[1]).toBeCloseTo(-1.1, 12);
    expect(traj[2]).toBeCloseTo(2, 7);
    expect(traj[3]).toBeCloseTo(3, 7);
  });

  it('timeGrid spans the family domain evenly; clampToDomain holds t inside it', () => {
    const vp = getPath('vp');
    const g = timeGrid(vp, 5);
    expect(g[0]).toBe(vp.tMin);
    expect(g[4]).toBeCloseTo(vp.tMax, 15);
    expect(g[2] - g[1]).toBeCloseTo(g[1] - g[0], 15);
    expect(clampToDomain(vp, 1)).toBe(vp.tMax);
    expect(clampToDomain(vp, -1)).toBe(vp.tMin);
    expect(clampToDomain(vp, 0.3)).toBe(0.3);
  });

  it('spaceTimeDensity: each column is p_t on the x grid scaled to max 1 (row 0 at the top)', () => {
    const path = getPath('icfm', { sigma: 0.3 });
    const targets = sampleMixture1D(4, 3);
    const rows = 20,
      cols = 6;
    const grid = spaceTimeDensity(path, targets, 4, [-4, 4], cols, rows);
    for (const c of [0, 3, 5]) {
      const t = path.tMin + ((path.tMax - path.tMin) * (c + 0.5)) / cols;
      const xs = Float64Array.from({ length: rows }, (_, r) => 4 - (8 * (r + 0.5)) / rows);
      const logp = marginalLogDensity(path, xs, rows, t, targets, 4, 1);
      const m = Math.max(...logp);
      let colMax = 0;
      for (let r = 0; r < rows; r++) {
        expect(grid[r * cols + c]).toBeCloseTo(Math.exp(logp[r] - m), 6);
        colMax = Math.max(colMax, grid[r * cols + c]);
      }
      expect(colMax).toBeCloseTo(1, 6);
    }
  });

  it('planeDensity: p_t on the 2D grid scaled to max 1 (row 0 at y max)', () => {
    const path = getPath('ot', { sigmaMin: 0.1 });
    const box = { x: [-6, 6] as [number, number], y: [-6, 6] as [number, number] };
    const g = planeDensity(path, 0.8, targets2, 6, box, 8, 8);
    expect(Math.max(...g)).toBeCloseTo(1, 6);
    // Cell (row 2, col 5): centre x = −6 + 12·5.5/8, y = 6 − 12·2.5/8.
    const p = Float64Array.of(-6 + (12 * 5.5) / 8, 6 - (12 * 2.5) / 8);
    const all = Float64Array.from({ length: 64 * 2 }, (_, k) => {
      const i = k >> 1;
      return k % 2 === 0 ? -6 + (12 * ((i % 8) + 0.5)) / 8 : 6 - (12 * (Math.floor(i / 8) + 0.5)) / 8;
    });
    const m = Math.max(...marginalLogDensity(path, all, 64, 0.8, targets2, 6, 2));
    expect(g[2 * 8 + 5]).toBeCloseTo(Math.exp(marginalLogDensity(path, p, 1, 0.8, targets2, 6, 2)[0] - m), 6);
  });

  it('the example targets are seeded: the same seed gives the same targets, 1D sorted, 2D from the named set at seed + 7919', () => {
    const a = sampleMixture1D(7, 4);
    expect(Array.from(a)).toEqual(Array.from(sampleMixture1D(7, 4)));
    expect(Array.from(a)).toEqual([...a].sort((p, q) => p - q));
    expect(Array.from(sampleMixture1D(7, 5))).not.toEqual(Array.from(a));
    for (const name of EXPLORER_TARGET_SETS) {
      expect(Array.from(sampleTargets2D(name, 5, 3))).toEqual(Array.from(sampleDataset(name, 5, new Rng(3 + 7919))));
    }
  });
});
