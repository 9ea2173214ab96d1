/**
 * Claims of chapters 6–7 about the marginal field a coupling induces, asserted on the core's closed
 * form with an empirical source and a plan (the field couplings-compared integrates).
 */
import { describe, expect, it } from 'vitest';
import {
  Rng,
  couple,
  getPath,
  integrate,
  marginalVelocity,
  sampleDataset,
  sinkhornLog,
  squaredEuclideanCost,
} from '../../../src/lib/core/index.ts';
import { couplingPlan, planCost } from '../../../src/lib/core/index.ts';
import { conditionalVarianceMC } from './conditional-variance.ts';

describe('exact assignment vs independent pairing (chapter 7)', () => {
  // Backs (chapter 7): "In particular it is never larger than that of the independent pairing, which is
  // one of those pairings.
  it('the optimal assignment is never costlier than a random pairing of the same batch', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const rng = new Rng(seed);
      const n = 24;
      const a = sampleDataset('normal', n, rng.fork());
      const b = sampleDataset('moons', n, rng.fork());
      const ot = couple('exact-ot', a, b, n, 2, rng.fork());
      const ind = couple('independent', a, b, n, 2, rng.fork());
      const len = (p: { x0: Float64Array; x1: Float64Array }) => {
        let s = 0;
        for (let i = 0; i < 2 * n; i++) s += (p.x1[i] - p.x0[i]) ** 2;
        return s / n;
      };
      expect(len(ot)).toBeLessThanOrEqual(len(ind) + 1e-12);
    }
  });

  // Backs (chapter 7): "as η→∞ it approaches the independent plan P_ij = 1/B²" (the core's Sinkhorn
  // takes the regularisation η as its `eps` argument).
  it('Sinkhorn at large ε approaches the independent plan 1/B²', () => {
    const rng = new Rng(9);
    const n = 16;
    const a = sampleDataset('normal', n, rng.fork());
    const b = sampleDataset('8gaussians', n, rng.fork());
    const cost = squaredEuclideanCost(a, n, b, n, 2);
    const dev = (eps: number) => {
      const p = sinkhornLog(cost, n, n, eps).plan;
      let worst = 0;
      for (const v of p) worst = Math.max(worst, Math.abs(v * n * n - 1));
      return worst;
    };
    expect(dev(1e5)).toBeLessThan(0.01);
    expect(dev(10)).toBeGreaterThan(dev(1e4));
    const indep = couplingPlan('independent', a, b, n, 2);
    const big = sinkhornLog(cost, n, n, 1e5).plan;
    expect(Math.abs(planCost(big, a, b, n, 2) - planCost(indep, a, b, n, 2))).toBeLessThan(0.01 * planCost(indep, a, b, n, 2));
  });
});

describe('the field of an optimal coupling is straight (chapter 7)', () => {
  // Backs Corollary "With the optimal coupling, the marginal field is straight" and Proposition
  // "Euler is exact on straight constant-speed flows": one Euler step of size 1 from each source
  // point lands on its optimal partner (σ → 0; here σ = 10⁻³), and the field along the segment is
  // the segment's own velocity x₁ − x₀. Under the independent coupling it is not.
  it('one Euler step of the OT-coupled field maps each x₀ⁱ onto its partner; independent does not', () => {
    const rng = new Rng(4);
    const n = 32;
    const src = sampleDataset('normal', n, rng.fork());
    const tgt = sampleDataset('moons', n, rng.fork());
    const path = getPath('icfm', { sigma: 1e-3 });
    const plan = couplingPlan('exact-ot', src, tgt, n, 2);
    const ot = couple('exact-ot', src, tgt, n, 2, rng.fork());
    const one = (p: Float64Array | undefined) =>
      integrate(
        (x, t, out) => {
          out.set(marginalVelocity(path, x, n, t, tgt, n, 2, { source: src, nSource: n, plan: p }));
        },
        src,
        { method: 'euler', steps: 1 },
      ).x;
    const endOt = one(plan);
    let worst = 0;
    for (let i = 0; i < 2 * n; i++) worst = Math.max(worst, Math.abs(endOt[i] - ot.x1[i]));
    expect(worst).toBeLessThan(1e-6);
    // Mid-segment the field equals the segment's velocity.
    const mid = new Float64Array(2 * n);
    for (let i = 0; i < 2 * n; i++) mid[i] = 0.5 * (ot.x0[i] + ot.x1[i]);
    const u = marginalVelocity(path, mid, n, 0.5, tgt, n, 2, { source: src, nSource: n, plan });
    for (let i = 0; i < 2 * n; i++) expect(u[i]).toBeCloseTo(ot.x1[i] - ot.x0[i], 5);
    // Independent: one step sends every point to x₀ + mean(x₁) − x₀ = mean of the targets.
    const endInd = one(undefined);
    let spread = 0;
    for (let i = 0; i < n; i++) spread = Math.max(spread, Math.hypot(endInd[2 * i] - endInd[0], endInd[2 * i + 1] - endInd[1]));
    expect(spread).toBeLessThan(1e-6);
  });

  // Backs (chapter 7): "… lower-variance regression targets than the independent coupling": the constant
  // C = E‖u_t(x|z) − u_t(x)‖² of Theorem 2 for the coupled I-CFM path is smaller under exact OT.
  it('the conditional variance C is lower for the OT coupling than for the independent one', () => {
    const rng = new Rng(12);
    const n = 24;
    const src = sampleDataset('normal', n, rng.fork());
    const tgt = sampleDataset('8gaussians', n, rng.fork());
    const variance = (name: 'independent' | 'exact-ot') => conditionalVarianceMC(src, tgt, n, couplingPlan(name, src, tgt, n, 2), 0.1, 600);
    const cInd = variance('independent');
    const cOt = variance('exact-ot');
    expect(cOt).toBeLessThan(0.25 * cInd);
  });
});

describe('un-mixing in one dimension (chapter 6)', () => {
  // Backs (chapter 6): "In one dimension, then, every coupling, however bad, produces the optimal-transport
  // endpoint map after flow matching": the flow of the independent coupling's exact field is
  // increasing, so it pairs sorted sources with sorted targets (the monotone rearrangement).
  it("1D: the independent coupling's flow map is increasing", () => {
    const rng = new Rng(3);
    const n = 6;
    const src = new Float64Array(n);
    const tgt = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      src[i] = rng.normal();
      tgt[i] = (rng.uniform() < 0.5 ? -3 : 3) + 0.5 * rng.normal();
    }
    const sigma = 0.05;
    const path = getPath('icfm', { sigma });
    const m = 300;
    const start = new Float64Array(m);
    for (let q = 0; q < m; q++) start[q] = src[q % n] + sigma * rng.normal();
    const end = integrate(
      (x, t, out) => {
        out.set(marginalVelocity(path, x, m, t, tgt, n, 1, { source: src, nSource: n }));
      },
      start,
      { method: 'rk4', steps: 200 },
    ).x;
    const order = Array.from(start.keys()).sort((p, q) => start[p] - start[q]);
    for (let k = 1; k < m; k++) expect(end[order[k]]).toBeGreaterThan(end[order[k - 1]]);
  });
});
