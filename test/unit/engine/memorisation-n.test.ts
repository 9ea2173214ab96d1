/**
 * The memorisation-vs-n engine (src/lib/engine/memorisation-n) in Node on TF.js's cpu backend with a
 * tiny network: the plan is seeded and nested, one size trains its budget and leaks no tensors, a
 * gate that says stop drops the size, and the runner runs the sizes in order with progress, pauses
 * between chunks, resumes, and drops a sweep that a restart replaced.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../../src/lib/nn/tf.ts';
import { activateAndCheck } from '../../../src/lib/nn/backend.ts';
import { freshBaseline, makePlan, sweepSizes, trainingSet } from '../../../src/lib/engine/memorisation-n/plan.ts';
import { runSize } from '../../../src/lib/engine/memorisation-n/sweep.ts';
import { MemoSweepRunner } from '../../../src/lib/engine/memorisation-n/runner.ts';
import { cleanMemoSettings, trainSettingsFor } from '../../../src/lib/engine/memorisation-n/settings.ts';
import type { MemoEvent } from '../../../src/lib/engine/memorisation-n/protocol.ts';

const tiny = cleanMemoSettings({ nMin: '8', nMax: '16', factor: '2', steps: 60, batch: 16, width: 8, depth: 1, samples: 50 }).settings;

beforeAll(async () => {
  expect(await activateAndCheck('cpu')).toBe(true);
});

describe('plan', () => {
  it('is seeded, nested, and puts δ in data units', () => {
    const a = makePlan(tiny),
      b = makePlan(tiny);
    expect(a.sizes).toEqual([8, 16]);
    expect(Array.from(a.pool)).toEqual(Array.from(b.pool));
    expect(Array.from(trainingSet(a, 8))).toEqual(Array.from(a.pool.subarray(0, 16)));
    expect(a.delta).toBeCloseTo(0.1 * a.scale, 12);
    expect(a.starts.length).toBe(100);
    const other = makePlan({ ...tiny, seed: 2 });
    expect(Array.from(other.pool)).not.toEqual(Array.from(a.pool));
    // More training points can only bring fresh points closer to the training set.
    expect(freshBaseline(a, 16).fractionWithin).toBeGreaterThanOrEqual(freshBaseline(a, 8).fractionWithin);
    expect(freshBaseline(a, 16).medianNearest).toBeLessThanOrEqual(freshBaseline(a, 8).medianNearest);
  });
  it('swapped ends give the same sizes; the trainer gets the OT path with σ_min = 0 on the drawn points', () => {
    expect(sweepSizes({ ...tiny, nMin: '64', nMax: '8', factor: '4' })).toEqual([8, 32, 64]);
    const t = trainSettingsFor(tiny);
    expect([t.path, t.sigma, t.target, t.coupling, t.width, t.depth, t.batch]).toEqual(['ot', 0, 'drawn', 'independent', 8, 1, 16]);
  });
});

describe('runSize', () => {
  it('trains the budget, measures against the references, and leaks no tensors', async () => {
    const plan = makePlan(tiny);
    const before = tf.memory().numTensors;
    const steps: number[] = [];
    const r = await runSize(tiny, plan, 1, { progress: (step) => steps.push(step) });
    expect(tf.memory().numTensors).toBe(before);
    expect(r).not.toBeNull();
    expect(r!.n).toBe(16);
    expect(steps[steps.length - 1]).toBe(60);
    expect(r!.generated.length).toBe(100);
    expect(r!.reference.fractionWithin).toBe(1); // the closed form lands on the training points
    expect(r!.reference.medianNearest).toBeLessThan(1e-3);
    expect(r!.network.w2).toBeGreaterThan(0);
    expect(r!.freshBaseline).toEqual(freshBaseline(plan, 16));
    expect(r!.diverged).toBeNull();
  });
  it('returns null when the gate says stop', async () => {
    const plan = makePlan(tiny);
    let calls = 0;
    const r = await runSize({ ...tiny, steps: 5000 }, plan, 0, { maxChunkMs: 1, gate: () => Promise.resolve(++calls < 3) });
    expect(r).toBeNull();
    expect(calls).toBe(3);
  });
});

describe('MemoSweepRunner', () => {
  const collect = () => {
    const events: MemoEvent[] = [];
    const runner = new MemoSweepRunner({ where: 'main-thread', post: (ev) => events.push(ev), maxChunkMs: 5 });
    const waitFor = async (pred: (e: MemoEvent[]) => boolean, ms = 60_000) => {
      const t0 = Date.now();
      while (!pred(events)) {
        if (Date.now() - t0 > ms) throw new Error(`timed out; events: ${events.map((e) => e.type).join(',')}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    return { events, runner, waitFor };
  };

  it('runs the sizes in order with progress and an ETA, pauses between chunks and resumes', async () => {
    const { events, runner, waitFor } = collect();
    runner.handle({ type: 'init', gen: 1, settings: tiny, force: 'cpu' });
    await waitFor((e) => e.some((x) => x.type === 'ready'));
    runner.handle({ type: 'start', gen: 1 });
    await waitFor((e) => e.some((x) => x.type === 'progress'));
    runner.handle({ type: 'pause', gen: 1 });
    await waitFor((e) => e.some((x) => x.type === 'paused'));
    const count = events.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(events.length).toBe(count); // nothing happens while paused
    runner.handle({ type: 'start', gen: 1 });
    await waitFor((e) => e.some((x) => x.type === 'done'));
    const results = events.filter((e) => e.type === 'result');
    expect(results.map((r) => r.n)).toEqual([8, 16]);
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress.every((p) => p.step <= p.steps && p.etaSweepMs >= p.etaMs && p.etaMs >= 0)).toBe(true);
    expect(progress.filter((p) => p.n === 16).at(-1)!.step).toBe(60);
    runner.handle({ type: 'dispose' });
  });

  it('a restart drops the running sweep; only the new generation reports', async () => {
    const { events, runner, waitFor } = collect();
    runner.handle({ type: 'init', gen: 1, settings: { ...tiny, steps: 2000 }, force: 'cpu' });
    await waitFor((e) => e.some((x) => x.type === 'ready'));
    runner.handle({ type: 'start', gen: 1 });
    await waitFor((e) => e.some((x) => x.type === 'progress'));
    runner.handle({ type: 'restart', gen: 2, settings: { ...tiny, nMax: '8' } });
    runner.handle({ type: 'start', gen: 2 });
    await waitFor((e) => e.some((x) => x.type === 'done'));
    const since = events.slice(events.findIndex((e) => e.gen === 2));
    expect(since.every((e) => e.gen === 2)).toBe(true);
    expect(events.filter((e) => e.type === 'result').map((r) => [r.gen, r.n])).toEqual([[2, 8]]);
    runner.handle({ type: 'dispose' });
  });
});
