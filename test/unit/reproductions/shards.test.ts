/**
 * The full protocol split into shards: the shards of a plan are disjoint and together are the plan,
 * a resumed run skips exactly what is done, and merging shard files gives each run once, in plan order,
 * dated from the first start to the last finish.
 */
import { describe, expect, it } from 'vitest';
import { planRuns } from '../../../src/lib/engine/reproductions/protocols.ts';
import { mergeRuns, parseShard, remaining, runKey, shardOf, spanOf } from '../../../src/lib/engine/reproductions/shards.ts';

describe('reproduction shards', () => {
  const plan = planRuns('full');

  it('N shards partition the full plan', () => {
    for (const N of [1, 3, 7]) {
      const shards = Array.from({ length: N }, (_, i) => shardOf(plan, i + 1, N));
      const keys = shards.flat().map(runKey);
      expect(new Set(keys).size).toBe(plan.length);
      expect(keys.length).toBe(plan.length);
      expect(mergeRuns(shards, plan).map(runKey)).toEqual(plan.map(runKey));
    }
  });

  it('resume skips the runs done; merge keeps one copy of a run found twice', () => {
    const done = plan.slice(0, 5);
    expect(remaining(plan, done).map(runKey)).toEqual(plan.slice(5).map(runKey));
    expect(remaining(plan, []).length).toBe(plan.length);
    const a = [{ ...plan[0], w2: 1 }];
    const b = [
      { ...plan[0], w2: 2 },
      { ...plan[1], w2: 3 },
    ];
    expect(mergeRuns([a, b]).map((r) => r.w2)).toEqual([1, 3]);
  });

  it('parses i/N and rejects anything else', () => {
    expect(parseShard('2/5')).toEqual({ index: 2, count: 5 });
    for (const bad of ['0/5', '6/5', '1/0', 'x', '1-2']) expect(parseShard(bad)).toHaveProperty('problem');
  });

  it('a merge is dated from its earliest start to its latest finish', () => {
    const a = { started: '2026-12-05T04:04:23.939Z', finished: '2026-12-06T01:32:45.919Z' };
    const b = { started: '2026-12-05T04:04:23.966Z', finished: '2026-12-06T01:57:48.702Z' };
    expect(spanOf([b, a])).toEqual({ started: a.started, finished: b.finished });
    expect(spanOf([{}, b])).toEqual(b);
    expect(spanOf([])).toEqual({ started: undefined, finished: undefined });
  });
});
