/**
 * The plan minibatch training induces on a whole data set: a coupling of the two empirical measures
 * (exact uniform marginals after any number of epochs), equal to the full-batch plan when B = n, and
 * never cheaper than full-batch OT (the minibatch bias is ≥ 0); within the same epochs, minibatch OT
 * is never dearer than pairing each batch at random.
 */
import { describe, expect, it } from 'vitest';
import { Rng, batchSizes, couplingPlan, minibatchPlan, planCost, sampleDataset } from '../../../src/lib/core/index.ts';

const n = 24;
const d = 2;
const x0 = sampleDataset('normal', n, new Rng(1));
const x1 = sampleDataset('8gaussians', n, new Rng(2));

function marginals(plan: Float64Array): { rows: number[]; cols: number[] } {
  const rows = new Array<number>(n).fill(0);
  const cols = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      rows[i] += plan[i * n + j];
      cols[j] += plan[i * n + j];
    }
  return { rows, cols };
}

describe('batchSizes', () => {
  it('cuts n into ⌈n/B⌉ batches that differ by at most one', () => {
    expect(batchSizes(48, 8)).toEqual([8, 8, 8, 8, 8, 8]);
    expect(batchSizes(48, 10)).toEqual([10, 10, 10, 9, 9]);
    expect(batchSizes(5, 1)).toEqual([1, 1, 1, 1, 1]);
    expect(batchSizes(5, 99)).toEqual([5]);
    expect(() => batchSizes(0, 3)).toThrow(RangeError);
  });
});

describe('minibatchPlan', () => {
  for (const name of ['independent', 'exact-ot', 'sinkhorn'] as const) {
    it(`${name}: every row and column carries mass exactly 1/n (a coupling of the empirical measures)`, () => {
      const { plan, pairs, batches } = minibatchPlan(name, x0, x1, n, d, 5, 7, new Rng(3), { epsilon: 0.3 });
      expect(batches).toBe(5);
      const { rows, cols } = marginals(plan);
      // Sinkhorn's batch plans are uniform up to its tolerance.
      const tol = name === 'sinkhorn' ? 1e-5 : 1e-12;
      for (const r of rows) expect(Math.abs(r - 1 / n)).toBeLessThan(tol);
      for (const c of cols) expect(Math.abs(c - 1 / n)).toBeLessThan(tol);
      expect(pairs.x0.length).toBe(n * d);
      expect(pairs.x1.length).toBe(n * d);
    });
  }

  it('B = n gives the full-batch optimal assignment', () => {
    const full = couplingPlan('exact-ot', x0, x1, n, d);
    const { plan } = minibatchPlan('exact-ot', x0, x1, n, d, n, 3, new Rng(4));
    for (let k = 0; k < n * n; k++) expect(plan[k]).toBeCloseTo(full[k], 12);
  });

  it('the minibatch bias: the cost is at least W₂² and shrinks towards it as B grows', () => {
    const w2sq = planCost(couplingPlan('exact-ot', x0, x1, n, d), x0, x1, n, d);
    const costs = [2, 6, 12, 24].map((B) => planCost(minibatchPlan('exact-ot', x0, x1, n, d, B, 40, new Rng(5)).plan, x0, x1, n, d));
    for (const c of costs) expect(c).toBeGreaterThanOrEqual(w2sq - 1e-12);
    expect(costs[0]).toBeGreaterThan(costs[1]);
    expect(costs[1]).toBeGreaterThan(costs[2]);
    expect(costs[3]).toBeCloseTo(w2sq, 12);
    expect(costs[0]).toBeGreaterThan(w2sq + 0.5);
  });

  it('within the same batches, OT is never dearer than the batch-independent pairing', () => {
    // Same rng seed ⇒ same permutations, so both plans live on the same batches.
    const ot = minibatchPlan('exact-ot', x0, x1, n, d, 6, 1, new Rng(6)).plan;
    const sizes = batchSizes(n, 6);
    const rng = new Rng(6);
    const p0 = rng.permutation(n);
    const p1 = rng.permutation(n);
    const within = new Float64Array(n * n);
    let from = 0;
    for (const b of sizes) {
      for (let i = 0; i < b; i++) for (let j = 0; j < b; j++) within[p0[from + i] * n + p1[from + j]] += b / n / (b * b);
      from += b;
    }
    expect(planCost(ot, x0, x1, n, d)).toBeLessThanOrEqual(planCost(within, x0, x1, n, d) + 1e-12);
    // And the independent coupling's averaged plan is its exact expectation 1/n².
    const ind = minibatchPlan('independent', x0, x1, n, d, 6, 1, new Rng(6)).plan;
    for (const v of ind) expect(v).toBeCloseTo(1 / (n * n), 15);
  });

  it('refuses a non-integer number of epochs', () => {
    expect(() => minibatchPlan('exact-ot', x0, x1, n, d, 4, 0, new Rng(1))).toThrow(RangeError);
  });
});
