/**
 * The auction's scalar bid (core/assignment-auction.ts's `continueBid`), which the JavaScript solve
 * and the SIMD kernel's tail both use: from column 0 it is the whole bid (the first minimising column,
 * w₂ = w₁ when the minimum is attained twice), and a bid split at any column and resumed from the
 * first part's (w₁, w₂, j₁) is the same bid. Against a restatement in the tests (helpers/whole-bid.ts).
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/lib/core/rng.ts';
import { continueBid } from '../../../src/lib/core/assignment-auction.ts';
import { wholeBid } from '../helpers/whole-bid.ts';

describe('continueBid: the scalar bid, resumable', () => {
  it('from column 0 is the whole bid; split at any column and resumed, the same bid, ties included', () => {
    const rng = new Rng(5);
    for (const n of [1, 2, 3, 7, 12]) {
      const cost = Float64Array.from({ length: n * n }, () => Math.round(rng.normal() * 2)); // many ties
      const prices = Float64Array.from({ length: n }, () => (rng.uniform() < 0.5 ? 0 : 1));
      for (let i = 0; i < n; i++) {
        const want = wholeBid(cost, prices, i, n);
        for (let split = 0; split <= n; split++) {
          const best = new Float64Array([Infinity, Infinity]);
          const head = continueBid(cost, i * n, prices, 0, split, best, 0);
          const j1 = continueBid(cost, i * n, prices, split, n, best, head);
          expect([j1, best[0], best[1]], `n = ${n}, row ${i}, split ${split}`).toEqual(want);
        }
      }
    }
  });
});
