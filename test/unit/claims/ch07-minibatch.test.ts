/**
 * Claims of chapter 7 ("What minibatch OT cannot do") read off the couplings-compared widget in its
 * minibatch mode (E8, G12): the widget's own computation (compare.ts: the core's minibatchPlan,
 * planCost and couplingVariance on the widget's seeded point sets) at its default settings.
 */
import { describe, expect, it } from 'vitest';
import { compareCoupling, fullBatchOtCost, makeBatch, planStage, varianceStage } from '../../../src/lib/engine/couplings/compare.ts';
import { couplingsSchema as S } from '../../../src/widgets/couplings-compared/schema.ts';

const batch = makeBatch('normal', '8gaussians', S.n.default, S.seed.default);
const base = { sigma: S.sigma.default, epsilon: S.eps.default, k: S.k.default, seed: S.seed.default, epochs: S.epochs.default };
const minibatch = (B: number) => ({ ...base, batch: 'minibatch' as const, B });
const round = (x: number, places: number) => Number(x.toFixed(places));

describe('the minibatch bias in the widget (chapter 7)', () => {
  it('the quoted defaults are the widget defaults', () => {
    expect([S.source.default, S.target.default, S.n.default, S.sigma.default, S.seed.default, S.B.default]).toEqual([
      'normal',
      '8gaussians',
      48,
      0.1,
      1,
      8,
    ]);
  });

  // Backs: "At its default point sets (n = 48, σ = 0.1, seed 1), exact OT in batches of B = 8 has a
  // transport cost of 17.69, against W₂ = 14.82 for the whole sets: that excess is the bias. As the
  // batches grow, the cost falls towards W₂²: 20.21 at B = 4, 17.69 at B = 8, 16.20 at B = 16. With
  // B = 1 the plan is the independent one."
  it('exact OT in minibatches costs more than W₂², less as B grows; B = 1 is the independent plan', () => {
    const w2sq = fullBatchOtCost(batch);
    expect(round(w2sq, 2)).toBe(14.82);
    const costs = [4, 8, 16].map((B) => planStage('exact-ot', batch, minibatch(B)).cost);
    expect(costs.map((c) => round(c, 2))).toEqual([20.21, 17.69, 16.2]);
    for (const c of costs) expect(c).toBeGreaterThan(w2sq);
    // B = 1: every batch is one pair, so the epoch-averaged plan estimates 1/n² (Monte Carlo over 32 epochs).
    const one = planStage('exact-ot', batch, minibatch(1));
    const ind = planStage('independent', batch, minibatch(1));
    expect(Math.abs(one.cost - ind.cost) / ind.cost).toBeLessThan(0.03);
  });

  // Backs: "C is 2.4 ± 0.2 in batches of 8 and 0.05 ± 0.02 on the whole sets (Monte Carlo estimates
  // with their standard errors), against 6.8 ± 0.3 for independent pairs".
  it('the target variance C: minibatch OT between whole-set OT and independent pairs', () => {
    const mb = compareCoupling('exact-ot', batch, minibatch(8));
    expect([round(mb.C, 1), round(mb.cSe, 1)]).toEqual([2.4, 0.2]);
    const full = planStage('exact-ot', batch, { ...base, batch: 'full' });
    const cFull = varianceStage(full.plan, batch, base);
    expect([round(cFull.C, 2), round(cFull.cSe, 2)]).toEqual([0.05, 0.02]);
    const ind = planStage('independent', batch, base);
    const cInd = varianceStage(ind.plan, batch, base);
    expect([round(cInd.C, 1), round(cInd.cSe, 1)]).toEqual([6.8, 0.3]);
  });
});

describe('exercise "The minibatch bias in the widget" (chapter 7)', () => {
  // Backs: "The costs are 17.69 at B = 8, 16.20 at B = 16, 15.61 at B = 24 and W₂² = 14.82 on the
  // whole sets, so the excess is 2.87, 1.38 and 0.79 … B = 13 … exactly the batches that B = 12 gives."
  it('reads the costs, their excess over W₂², and B = 13 = B = 12', () => {
    const w2sq = fullBatchOtCost(batch);
    const cost = (B: number) => planStage('exact-ot', batch, minibatch(B)).cost;
    const costs = [8, 16, 24].map(cost);
    expect(costs.map((c) => c.toFixed(2))).toEqual(['17.69', '16.20', '15.61']);
    expect(w2sq.toFixed(2)).toBe('14.82');
    expect(costs.map((c) => (c - w2sq).toFixed(2))).toEqual(['2.87', '1.38', '0.79']);
    expect(planStage('exact-ot', batch, { ...base, batch: 'full' }).cost.toFixed(2)).toBe('14.82');
    const b12 = planStage('exact-ot', batch, minibatch(12));
    const b13 = planStage('exact-ot', batch, minibatch(13));
    expect(b13.B).toBe(12);
    expect(b13.cost).toBe(b12.cost);
  });
});
