/**
 * Claims of chapter 6 read off its widgets: the Theorem 1 explorer's plan mode on the two-blob
 * example (E5), computed with the core exactly as the explorer computes it (its seed s draws the
 * blobs with twoBlobs(s + 4), so seed 1 is the chapter's first draw), and the default views of the
 * un-mixing widget (G10), computed by its own module (unmix.ts: the core's plans, exact field, RK4).
 */
import { describe, expect, it } from 'vitest';
import {
  Rng,
  blobStarts,
  clusterPlan,
  explainPairPoint,
  getPath,
  integrate,
  marginalVelocity,
  sameSideFraction,
  twoBlobs,
} from '../../../src/lib/core/index.ts';
import { theorem1Schema } from '../../../src/widgets/theorem1-explorer/schema.ts';
import { unmixingSchema, type UnmixingCoupling } from '../../../src/widgets/coupling-unmixing/schema.ts';
import { RK4_STEPS, flowAll, setup, unmixingVariance } from '../../../src/widgets/coupling-unmixing/unmix.ts';

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

describe('the un-mixing widget (chapter 6, G10)', () => {
  const own = (name: UnmixingCoupling, sigma: number) => flowAll(setup(name, sigma, unmixingSchema.m.default, unmixingSchema.seed.default));
  const pct = (x: number) => Math.round(100 * x);

  // Backs: "In its default view, the bad plan at σ = 0.1, 77% of the particles end on the side they
  // started from, although the plan keeps none of its mass there. Raise σ to 0.3 and it is 93%; lower
  // it to 0.02 and it is 51%: the blobs split. Under the good plan, and under exact optimal transport
  // between the 16 + 16 points, it is 100%."
  it('the bad plan is un-mixed when σ is wide and split when σ is narrow; good plan and OT keep every particle', () => {
    expect([unmixingSchema.coupling.default, unmixingSchema.sigma.default]).toEqual(['bad', 0.1]);
    const bad = own('bad', 0.1);
    expect(pct(bad.ownSide.all)).toBe(77);
    expect(bad.prescribed).toBe(0);
    expect(pct(own('bad', 0.3).ownSide.all)).toBe(93);
    expect(pct(own('bad', 0.02).ownSide.all)).toBe(51);
    expect(own('good', 0.1).ownSide.all).toBe(1);
    expect(own('exact-ot', 0.1).ownSide.all).toBe(1);
  });

  // Backs: "The independent coupling, whose pairs keep half of the mass on each side, ends with 86%,
  // and minibatch OT in batches of 4, which keeps 76%, with 94%."
  it('independent pairs and minibatch OT lie in between', () => {
    const ind = own('independent', 0.1);
    expect(ind.prescribed).toBeCloseTo(0.5, 12);
    expect(pct(ind.ownSide.all)).toBe(86);
    const mb = own('minibatch-ot', 0.1);
    expect(pct(mb.prescribed)).toBe(76);
    expect(pct(mb.ownSide.all)).toBe(94);
  });

  it("the widget's field is the core's exact field of the plan (one particle, checked step by step)", () => {
    const s = setup('bad', 0.1, 32, 1);
    const path = getPath('icfm', { sigma: 0.1 });
    const f = (x: Float64Array, t: number, out: Float64Array) =>
      out.set(marginalVelocity(path, x, 1, t, s.ex.tgt, s.ex.n, 2, { source: s.ex.src, nSource: s.ex.n, plan: s.plan }));
    const ref = integrate(f, s.start.slice(0, 2), { method: 'rk4', steps: RK4_STEPS, d: 2 });
    const r = flowAll(s);
    expect(r.end[0]).toBeCloseTo(ref.x[0], 12);
    expect(r.end[1]).toBeCloseTo(ref.x[1], 12);
  });
});

describe('exercise "Wider paths un-mix more, at a price" (chapter 6)', () => {
  // Backs: "The widget reads 77%, 90%, 93% and 97% of the particles on their own side, and C = 1.2,
  // 1.9, 2.7 and 4.4 (each ± about 0.2) … (here C/σ is about 9 to 12)."
  it('the share on its own side and C both grow with σ under the bad plan', () => {
    const sigmas = [0.1, 0.2, 0.3, 0.5];
    const runs = sigmas.map((sigma) => {
      const s = setup('bad', sigma, unmixingSchema.m.default, unmixingSchema.seed.default);
      return { own: flowAll(s).ownSide.all, c: unmixingVariance(s, unmixingSchema.seed.default) };
    });
    expect(runs.map((r) => Math.round(100 * r.own))).toEqual([77, 90, 93, 97]);
    expect(runs.map((r) => r.c.C.toFixed(1))).toEqual(['1.2', '1.9', '2.7', '4.4']);
    for (const r of runs) expect(r.c.se).toBeLessThan(0.25);
    runs.forEach((r, k) => {
      expect(r.c.C / sigmas[k]).toBeGreaterThan(8.5);
      expect(r.c.C / sigmas[k]).toBeLessThan(12.5);
    });
  });
});

describe('the symmetry argument of that exercise', () => {
  // Backs: "If the point sets were exactly symmetric under the reflection x ↦ (−x¹, x²) … Every
  // particle would stay on its side." Mirror the left blobs of a draw onto the right, and flow even
  // the narrow σ = 0.02, which splits the drawn blobs (51%).
  it('mirror-symmetric blobs keep every particle on its side under the bad plan, even at σ = 0.02', () => {
    const ex = twoBlobs(5);
    const half = ex.n / 2;
    for (let i = 0; i < half; i++)
      for (const pts of [ex.src, ex.tgt]) {
        pts[2 * (i + half)] = -pts[2 * i];
        pts[2 * (i + half) + 1] = pts[2 * i + 1];
      }
    const plan = clusterPlan(ex, 'bad');
    const path = getPath('icfm', { sigma: 0.02 });
    const start = blobStarts(ex, 0.02, 96, new Rng(9));
    const f = (x: Float64Array, t: number, out: Float64Array) =>
      out.set(marginalVelocity(path, x, x.length / 2, t, ex.tgt, ex.n, 2, { source: ex.src, nSource: ex.n, plan }));
    const end = integrate(f, start, { method: 'rk4', steps: 200, d: 2 }).x;
    expect(sameSideFraction(start, end, 96)).toBe(1);
  });
});
