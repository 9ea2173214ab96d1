/**
 * Claims of chapter 6 read off its widgets: the Theorem 1 explorer's plan mode on the two-blob
 * example (E5), computed with the core exactly as the explorer computes it (its seed s draws the
 * blobs with twoBlobs(s + 4), so seed 1 is the chapter's first draw).
 */
import { describe, expect, it } from 'vitest';
import { clusterPlan, explainPairPoint, getPath, twoBlobs } from '../../../src/lib/core/index.ts';
import { theorem1Schema } from '../../../src/widgets/theorem1-explorer/schema.ts';

describe('the averaging in the Theorem 1 explorer (chapter 6)', () => {
  // Backs: "set its 2D coupling to the bad plan and its path to I-CFM with σ = 0.3, and put the probe
  // at the origin at t = 1/2 … The pairs heading right and those heading left share the posterior
  // weight almost equally, 0.502 against 0.498, and the weighted mean of their velocities (±4, 4) is
  // the marginal velocity (−0.008, 3.970)".
  it('at the crossing point the two directions are averaged into one upward vector', () => {
    expect(theorem1Schema.seed.default).toBe(1);
    const ex = twoBlobs(theorem1Schema.seed.default + 4);
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
    let right = 0;
    for (let q = 0; q < e.pairs.length; q++) {
      // Every pair's velocity is x₁ − x₀ ≈ (±4, 4).
      expect(Math.abs(Math.abs(e.conditional[2 * q]) - 4)).toBeLessThan(0.3);
      expect(Math.abs(e.conditional[2 * q + 1] - 4)).toBeLessThan(0.3);
      if (e.conditional[2 * q] > 0) right += e.weights[q];
    }
    expect(right.toFixed(3)).toBe('0.502');
    expect((1 - right).toFixed(3)).toBe('0.498');
    expect(e.weightedMean[0].toFixed(3)).toBe('-0.008');
    expect(e.weightedMean[1].toFixed(3)).toBe('3.970');
    expect(e.maxDiff).toBeLessThan(1e-12);
  });
});
