/**
 * minibatch-coupling.ts: the first epoch's pairs, as documented ("the n pairs of the first epoch,
 * batch by batch"), in two dimensions (in one, an offset of from·d and from/d coincide), and the
 * guards' edge cases (one point is a valid epoch; the messages name the argument).
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/lib/core/rng.ts';
import { batchSizes, minibatchPlan } from '../../../src/lib/core/minibatch-coupling.ts';

const n = 6;
const d = 2;
const x0 = Float64Array.from({ length: n * d }, (_, k) => k + 0.25);
const x1 = Float64Array.from({ length: n * d }, (_, k) => -3 * k + 1);
const rows = (a: Float64Array): string[] => Array.from({ length: a.length / d }, (_, i) => `${a[i * d]},${a[i * d + 1]}`).sort();

describe('minibatchPlan: the first epoch’s pairs', () => {
  it('exact OT in 3 batches of 2: every source and every target row appears once, whole (2D)', () => {
    const r = minibatchPlan('exact-ot', x0, x1, n, d, 2, 1, new Rng(1));
    expect(r.batches).toBe(3);
    expect(rows(r.pairs.x0)).toEqual(rows(x0));
    expect(rows(r.pairs.x1)).toEqual(rows(x1));
  });

  it('are the first epoch’s: more epochs change the plan, not the pairs', () => {
    const one = minibatchPlan('sinkhorn', x0, x1, n, d, 3, 1, new Rng(4), {}, new Rng(9));
    const three = minibatchPlan('sinkhorn', x0, x1, n, d, 3, 3, new Rng(4), {}, new Rng(9));
    expect(Array.from(three.pairs.x0)).toEqual(Array.from(one.pairs.x0));
    expect(Array.from(three.pairs.x1)).toEqual(Array.from(one.pairs.x1));
    expect(Array.from(three.plan)).not.toEqual(Array.from(one.plan));
  });

  it('accepts a single point and names a bad argument', () => {
    expect(batchSizes(1, 4)).toEqual([1]);
    expect(() => batchSizes(0, 4)).toThrow(/batchSizes: n must be a positive integer/);
    expect(() => minibatchPlan('independent', x0, x1, n, d, 2, 0, new Rng(1))).toThrow(/minibatchPlan: epochs must be a positive integer/);
    expect(minibatchPlan('independent', x0, x1, n, d, 2, 1, new Rng(1)).plan.every((p) => p === 1 / 36)).toBe(true);
  });
});
