/**
 * theorem2-check (walkthrough finding 27): `summarise(…).at(θ)` is O(1) (the widget calls it for 81
 * values of θ per slider tick). Its estimates must equal the per-sample means and standard errors.
 */
import { describe, expect, it } from 'vitest';
import { pathWithWidth, sampleTargets2D } from '../../../src/lib/core/index.ts';
import { sampleLossTerms, summarise, type ModelFamily } from '../../../src/widgets/theorem2-check/losses.ts';

/** Mean and standard error of f(i) over i < n, directly (the definition). */
function direct(f: (i: number) => number, n: number) {
  let s = 0;
  for (let i = 0; i < n; i++) s += f(i);
  const mean = s / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (f(i) - mean) ** 2;
  return { mean, se: Math.sqrt(v / (n - 1) / n) };
}

describe('theorem2-check: estimates at θ from precomputed moments', () => {
  it.each(['scaled', 'linear'] as ModelFamily[])('%s family: gap, gradients and C equal the per-sample estimates', (family) => {
    const targets = sampleTargets2D('moons', 16, 3);
    const t = sampleLossTerms(pathWithWidth('ot', 0.05), family, targets, 16, 2, 4000, 11);
    const s = summarise(t);
    const close = (got: { mean: number; se: number }, want: { mean: number; se: number }) => {
      expect(got.mean).toBeCloseTo(want.mean, 9);
      expect(Math.abs(got.se - want.se)).toBeLessThanOrEqual(1e-9 * Math.max(1, want.se));
    };
    for (const th of [-1, -0.3, 0, 0.5, 1, 2.7, 3]) {
      const at = s.at(th);
      close(
        at.gap,
        direct((i) => t.cc[i] - t.uu[i] - 2 * th * (t.gc[i] - t.gu[i]), t.n),
      );
      close(
        at.gradFM,
        direct((i) => 2 * (th * t.gg[i] - t.gu[i]), t.n),
      );
      close(
        at.gradCFM,
        direct((i) => 2 * (th * t.gg[i] - t.gc[i]), t.n),
      );
      close(
        at.gradGap,
        direct((i) => -2 * (t.gc[i] - t.gu[i]), t.n),
      );
    }
    close(
      s.constant,
      direct((i) => t.cc[i] - t.uu[i], t.n),
    );
  });
});
