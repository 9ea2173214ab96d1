/**
 * couplings-compared draws its pairing lines and integrates its field from ONE plan per coupling
 * (review defect 7: the lines came from the core's Sinkhorn at ε = 0.05 while the field used a
 * second Sinkhorn at ε = 0.5, so the picture mixed two different couplings); in minibatch mode the
 * plan is the core's epoch-averaged minibatch plan, its bias is visible in the cost, and C is the
 * core's estimate on that plan.
 */
import { describe, expect, it } from 'vitest';
import {
  COUPLING_NAMES,
  couplingPlan,
  couplingVariance,
  drawPairs,
  minibatchPlan,
  getPath,
  integrate,
  marginalVelocity,
  type VelocityFn,
} from '../../../src/lib/core/index.ts';
import {
  batchShuffleRng,
  compareCoupling,
  effectiveBatchSize,
  flowChunk,
  flowStage,
  fullBatchOtCost,
  makeBatch,
  mergeFlow,
  pairDrawRng,
  particleChunks,
  planStage,
  startPoints,
  variancePart,
  varianceRng,
  varianceStage,
} from '../../../src/lib/engine/couplings/compare.ts';

describe('couplings-compared: one plan for the drawn pairs and the field', () => {
  const batch = makeBatch('normal', '8gaussians', 12, 3);
  const opts = { sigma: 0.1, epsilon: 0.5, k: 3, seed: 3 };

  for (const name of COUPLING_NAMES) {
    it(`${name}: the plan is the core's at the widget's ε; the lines are drawn from it; the k-step samples follow the field built on it`, () => {
      const r = compareCoupling(name, batch, opts);
      const { src, tgt, n, d } = batch;
      // The plan is the core's plan at the chosen ε (not a second Sinkhorn with other defaults).
      expect(Array.from(r.plan)).toEqual(Array.from(couplingPlan(name, src, tgt, n, d, { epsilon: opts.epsilon })));
      // The drawn lines are a draw from that plan.
      const drawn = drawPairs(name, r.plan, src, tgt, n, d, pairDrawRng(opts.seed));
      expect(Array.from(r.lines.x0)).toEqual(Array.from(drawn.x0));
      expect(Array.from(r.lines.x1)).toEqual(Array.from(drawn.x1));
      // The field integrated is the closed form on the same plan.
      const path = getPath('icfm', { sigma: opts.sigma });
      const f: VelocityFn = (x, t, out) => {
        out.set(marginalVelocity(path, x, n, t, tgt, n, d, { source: src, nSource: n, plan: r.plan }));
      };
      const k = integrate(f, startPoints(batch, opts.sigma), { method: 'euler', steps: opts.k, d });
      expect(Array.from(r.kStep)).toEqual(Array.from(k.x));
    });
  }
});

describe('couplings-compared: minibatch mode', () => {
  const batch = makeBatch('normal', '8gaussians', 12, 3);
  const opts = { sigma: 0.1, epsilon: 0.5, k: 3, seed: 3, batch: 'minibatch' as const, B: 4, epochs: 8 };

  it('the plan is the core minibatch plan (same batches for every coupling); the lines are its first epoch', () => {
    const { src, tgt, n, d } = batch;
    for (const name of COUPLING_NAMES) {
      const r = planStage(name, batch, opts);
      const mb = minibatchPlan(name, src, tgt, n, d, 4, 8, batchShuffleRng(3), { epsilon: 0.5 }, pairDrawRng(3));
      expect(Array.from(r.plan)).toEqual(Array.from(mb.plan));
      expect(Array.from(r.lines.x1)).toEqual(Array.from(mb.pairs.x1));
      expect(r.B).toBe(4);
      expect(r.batches).toBe(3);
    }
  });

  it('minibatch OT costs more than full-batch OT (the bias) and less than independent pairs; its C is above the full-batch one', () => {
    const w2sq = fullBatchOtCost(batch);
    const mb = compareCoupling('exact-ot', batch, opts);
    const full = compareCoupling('exact-ot', batch, { ...opts, batch: 'full' });
    const ind = compareCoupling('independent', batch, opts);
    expect(full.cost).toBeCloseTo(w2sq, 12);
    expect(mb.cost).toBeGreaterThan(w2sq + 0.05);
    expect(mb.cost).toBeLessThan(ind.cost);
    expect(mb.C).toBeGreaterThan(full.C);
    // C is the core's estimate on the same plan.
    const c = couplingVariance(getPath('icfm', { sigma: 0.1 }), batch.src, 12, batch.tgt, 12, 2, mb.plan, 4, 64, varianceRng(3, 0));
    expect(variancePart(mb.plan, batch, opts, 0).C).toBe(c.mean);
  });

  it('B is held to [1, n]; the whole-sets mode ignores B', () => {
    expect(effectiveBatchSize({ ...opts, B: 99 }, 12)).toBe(12);
    expect(effectiveBatchSize({ ...opts, B: 0 }, 12)).toBe(1);
    expect(effectiveBatchSize({ ...opts, batch: 'full' }, 12)).toBe(12);
    // 12 points in batches of at most 5: three near-equal batches of 4.
    expect(effectiveBatchSize({ ...opts, B: 5 }, 12)).toBe(4);
  });
});

describe('couplings-compared: the recompute in small tasks gives the same numbers', () => {
  it('flow chunks and Monte Carlo parts merge to the one-piece stages', () => {
    const batch = makeBatch('moons', 'circles', 20, 5);
    const opts = { sigma: 0.2, epsilon: 0.5, k: 2, seed: 5 };
    const p = planStage('sinkhorn', batch, opts);
    const whole = flowStage(p.plan, batch, opts);
    const chunks = particleChunks(20, 6).map(([a, b]) => flowChunk(p.plan, batch, opts, a, b));
    expect(particleChunks(20, 6)).toEqual([
      [0, 6],
      [6, 12],
      [12, 18],
      [18, 20],
    ]);
    const merged = mergeFlow(chunks.reverse(), batch);
    expect(Array.from(merged.kStep)).toEqual(Array.from(whole.kStep));
    expect(merged.trajectory.map((s) => Array.from(s))).toEqual(whole.trajectory.map((s) => Array.from(s)));
    expect(merged.energy).toBe(whole.energy);
    const parts = [0, 1, 2, 3].map((k) => variancePart(p.plan, batch, opts, k));
    const v = varianceStage(p.plan, batch, opts);
    expect(v.C).toBeCloseTo(parts.reduce((a, q) => a + q.C, 0) / 4, 14);
    expect(v.cSe).toBeLessThan(Math.max(...parts.map((q) => q.cSe)));
  });
});
