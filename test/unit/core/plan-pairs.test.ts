/**
 * couplings.ts `samplePlanPairs`, the one sampler of pairs from a plan (every coupling's `couple`
 * and the un-mixing engine draw from it): index pairs (i, j) i.i.d. with probability
 * max(P_ij, 0) / Σ max(P, 0), by inverse CDF, one uniform per pair. Checked against an independent
 * linear-scan inverse CDF on the same uniforms, on plans whose total mass is not 1 and that hold
 * zero and negative entries (the existing tests only used plans of mass 1, where u·s = u/s).
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/lib/core/rng.ts';
import { samplePlanPairs } from '../../../src/lib/core/couplings.ts';

/** The reference: the first cell whose cumulative clipped mass exceeds u·s (linear scan). */
function linearInverseCdf(plan: number[], u: number): number {
  const s = plan.reduce((a, p) => a + Math.max(0, p), 0);
  let c = 0;
  for (let k = 0; k < plan.length; k++) {
    c += Math.max(0, plan[k]);
    if (c > u * s) return k;
  }
  return plan.length - 1;
}

describe('samplePlanPairs', () => {
  // 2 × 3, total clipped mass 6 (not 1), one zero and one negative cell.
  const plan = [0, 3, -2, 1, 0.5, 1.5];
  const n = 2;
  const m = 3;

  it('draws each pair by inverse CDF of the clipped plan over its total mass, one uniform per pair', () => {
    const count = 2000;
    const { rows, cols } = samplePlanPairs(plan, n, m, count, new Rng(11));
    const twin = new Rng(11);
    for (let q = 0; q < count; q++) {
      const k = linearInverseCdf(plan, twin.uniform());
      expect([rows[q], cols[q]]).toEqual([Math.floor(k / m), k % m]);
    }
  });

  it('never draws a cell of zero or negative mass, and hits the others in proportion', () => {
    const count = 6000;
    const { rows, cols } = samplePlanPairs(plan, n, m, count, new Rng(5));
    const hits = new Array<number>(n * m).fill(0);
    for (let q = 0; q < count; q++) hits[rows[q] * m + cols[q]]++;
    expect(hits[0]).toBe(0);
    expect(hits[2]).toBe(0);
    for (const k of [1, 3, 4, 5]) {
      const p = plan[k] / 6;
      expect(Math.abs(hits[k] / count - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / count));
    }
  });

  it('uses exactly `count` uniforms of the generator, so the caller’s next draws are the same', () => {
    const rng = new Rng(3);
    samplePlanPairs(plan, n, m, 37, rng);
    const twin = new Rng(3);
    for (let q = 0; q < 37; q++) twin.uniform();
    expect([rng.uniform(), rng.uniform()]).toEqual([twin.uniform(), twin.uniform()]);
  });
});
