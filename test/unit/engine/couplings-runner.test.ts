/**
 * The couplings comparison's engine (engine/couplings/runner.ts), driven as its worker drives it:
 * what it posts, put together, is `compareCoupling` for each coupling (the same numbers); every plan
 * comes before any flow and every flow before any C; a change of k alone keeps the plans and posts
 * the k-step samples of the new k; a newer comparison or a cancel silences the running one; a
 * coupling that fails is named, loses its later stages, and its run is not reused.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { COUPLING_LABELS, COUPLING_NAMES } from '../../../src/lib/core/index.ts';
import * as compare from '../../../src/lib/engine/couplings/compare.ts';
import type { CompareSetting, CouplingsEvent } from '../../../src/lib/engine/couplings/protocol.ts';
import { CouplingsRunner, settingWithoutK } from '../../../src/lib/engine/couplings/runner.ts';

// Small enough for a quick test, large enough that the couplings differ.
const setting: CompareSetting = {
  source: 'normal',
  target: 'moons',
  n: 12,
  opts: { sigma: 0.1, epsilon: 0.5, k: 3, seed: 5, fineSteps: 6, batch: 'full' },
};
const minibatch: CompareSetting = { ...setting, opts: { ...setting.opts, batch: 'minibatch', B: 4, epochs: 8 } };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean) {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > 30_000) throw new Error('timed out');
    await sleep(1);
  }
}

/** A runner driven as its worker drives it; `onPost` may send commands from inside a post. */
function start(sliceMs = 0, onPost?: (ev: CouplingsEvent, runner: CouplingsRunner) => void) {
  const events: CouplingsEvent[] = [];
  const runner: CouplingsRunner = new CouplingsRunner({
    sliceMs,
    post: (ev) => {
      events.push(ev);
      onPost?.(ev, runner);
    },
  });
  runner.handle({ type: 'init', gen: 1 });
  const doneOf = (gen: number) => () => events.some((e) => e.type === 'done' && e.gen === gen);
  return { runner, events, doneOf };
}

const ofType = <T extends CouplingsEvent['type']>(events: CouplingsEvent[], type: T, gen?: number) =>
  events.filter((e): e is Extract<CouplingsEvent, { type: T }> => e.type === type && (gen === undefined || ('gen' in e && e.gen === gen)));

afterEach(() => vi.restoreAllMocks());

describe('couplings engine', () => {
  it.each([
    ['whole sets', setting],
    ['minibatches', minibatch],
  ])('%s: what it posts is compareCoupling for each coupling, stage by stage across the couplings', async (_, s) => {
    const { runner, events, doneOf } = start();
    runner.handle({ type: 'compare', gen: 2, setting: s, reusable: -1 });
    await until(doneOf(2));
    expect(events[0]).toEqual({ type: 'ready' });
    const batch = compare.makeBatch(s.source, s.target, s.n, s.opts.seed);
    const posted = events.slice(1);
    expect(posted[0]).toEqual({ type: 'w2sq', gen: 2, w2sq: compare.fullBatchOtCost(batch) });
    // Three plans, then three flows, then three C, then done: no coupling waits for another to finish.
    const kinds = posted.map((e) => e.type);
    expect(kinds).toEqual(['w2sq', 'plan', 'plan', 'plan', 'flow', 'flow', 'flow', 'variance', 'variance', 'variance', 'done']);
    expect(posted.map((e) => ('i' in e ? e.i : -1))).toEqual([-1, 0, 1, 2, 0, 1, 2, 0, 1, 2, -1]);
    COUPLING_NAMES.forEach((name, i) => {
      const { plan, ...whole } = compare.compareCoupling(name, batch, s.opts);
      const got = {
        ...ofType(posted, 'plan')[i].plan,
        ...ofType(posted, 'flow')[i].flow,
        ...ofType(posted, 'variance')[i].variance,
      };
      expect(plan.length).toBe(s.n * s.n);
      expect(got).toEqual(whole);
    });
    expect(ofType(posted, 'done')[0].reused).toBe(false);
  });

  it('a change of k alone keeps the plans: only the k-step samples of the new k, equal to a whole run', async () => {
    const plans = vi.spyOn(compare, 'planStage');
    const { runner, events, doneOf } = start();
    runner.handle({ type: 'compare', gen: 2, setting, reusable: -1 });
    await until(doneOf(2));
    expect(plans).toHaveBeenCalledTimes(3);
    const k7 = { ...setting, opts: { ...setting.opts, k: 7 } };
    runner.handle({ type: 'compare', gen: 3, setting: k7, reusable: 2 });
    await until(doneOf(3));
    expect(plans).toHaveBeenCalledTimes(3);
    const third = events.filter((e) => 'gen' in e && e.gen === 3);
    expect(third.map((e) => e.type)).toEqual(['euler', 'euler', 'euler', 'done']);
    expect(ofType(third, 'done')[0].reused).toBe(true);
    const batch = compare.makeBatch(setting.source, setting.target, setting.n, setting.opts.seed);
    COUPLING_NAMES.forEach((name, i) => {
      const whole = compare.compareCoupling(name, batch, k7.opts);
      expect(ofType(third, 'euler')[i]).toEqual({ type: 'euler', gen: 3, i, euler: { kStep: whole.kStep, w2: whole.w2 } });
    });
    // Anything else that changes solves the plans again.
    runner.handle({ type: 'compare', gen: 4, setting: { ...k7, opts: { ...k7.opts, sigma: 0.2 } }, reusable: 2 });
    await until(doneOf(4));
    expect(plans).toHaveBeenCalledTimes(6);
    expect(ofType(events, 'plan', 4)).toHaveLength(3);
  });

  it('keeps the plans only for the run the page says it holds all of', async () => {
    // The page lost the complete run's last events (they came after the reader moved on): it names
    // no run, and the engine computes everything again though only k changed.
    const { runner, events, doneOf } = start();
    runner.handle({ type: 'compare', gen: 2, setting, reusable: -1 });
    await until(doneOf(2));
    const k4 = { ...setting, opts: { ...setting.opts, k: 4 } };
    runner.handle({ type: 'compare', gen: 3, setting: k4, reusable: -1 });
    await until(doneOf(3));
    expect(ofType(events, 'plan', 3)).toHaveLength(3);
    expect(ofType(events, 'done', 3)[0].reused).toBe(false);
    // Run 3 is complete now: a page that holds it gets the k-step samples alone, one naming run 2 does not.
    runner.handle({ type: 'compare', gen: 4, setting, reusable: 2 });
    await until(doneOf(4));
    expect(ofType(events, 'plan', 4)).toHaveLength(3);
    runner.handle({ type: 'compare', gen: 5, setting: k4, reusable: 4 });
    await until(doneOf(5));
    expect(ofType(events, 'euler', 5)).toHaveLength(3);
    expect(ofType(events, 'plan', 5)).toHaveLength(0);
  });

  it('a coupling whose k-step samples fail is named; the others get theirs', async () => {
    const { runner, events, doneOf } = start();
    runner.handle({ type: 'compare', gen: 2, setting, reusable: -1 });
    await until(doneOf(2));
    const real = compare.eulerChunk;
    // The plans in the order the couplings use them: the second one's samples fail.
    const seen: Float64Array[] = [];
    vi.spyOn(compare, 'eulerChunk').mockImplementation((plan, ...rest) => {
      if (!seen.includes(plan)) seen.push(plan);
      if (plan === seen[1]) throw new Error('overflow');
      return real(plan, ...rest);
    });
    runner.handle({ type: 'compare', gen: 3, setting: { ...setting, opts: { ...setting.opts, k: 6 } }, reusable: 2 });
    await until(doneOf(3));
    expect(ofType(events, 'coupling-error', 3).map((e) => [e.i, e.message])).toEqual([[1, `${COUPLING_LABELS['exact-ot']}: overflow`]]);
    expect(ofType(events, 'euler', 3).map((e) => e.i)).toEqual([0, 2]);
  });

  it('settingWithoutK tells settings apart by everything but k', () => {
    const key = settingWithoutK(setting);
    expect(settingWithoutK({ ...setting, opts: { ...setting.opts, k: 9 } })).toBe(key);
    for (const other of [
      { ...setting, n: 13 },
      { ...setting, source: '8gaussians' as const },
      { ...setting, target: 'circles' as const },
      { ...setting, opts: { ...setting.opts, seed: 6 } },
      { ...setting, opts: { ...setting.opts, epsilon: 0.4 } },
      minibatch,
    ])
      expect(settingWithoutK(other)).not.toBe(key);
  });

  it('a newer comparison silences the running one at its next look, even within a slice, and is computed in full', async () => {
    // The clock stands still and the slice is long: the older run is stopped by its look at the
    // generation, not by a yield. The newer comparison arrives as the older one posts its first plan.
    vi.spyOn(performance, 'now').mockReturnValue(1000);
    const plans = vi.spyOn(compare, 'planStage');
    const { runner, events, doneOf } = start(1e9, (ev, r) => {
      if (ev.type === 'plan' && ev.gen === 2) r.handle({ type: 'compare', gen: 3, setting: minibatch, reusable: -1 });
    });
    runner.handle({ type: 'compare', gen: 2, setting, reusable: -1 });
    await until(doneOf(3));
    await sleep(20);
    const older = events.filter((e) => 'gen' in e && e.gen === 2);
    expect(older.map((e) => e.type)).toEqual(['w2sq', 'plan']);
    // One plan of the older run, three of the newer: the older one computed nothing after it went stale.
    expect(plans).toHaveBeenCalledTimes(4);
    expect(ofType(events, 'variance', 3)).toHaveLength(3);
    expect(ofType(events, 'done', 3)[0].reused).toBe(false);
  });

  it('a comparison replaced while its last figure is posted posts no done', async () => {
    const { runner, events, doneOf } = start(0, (ev, r) => {
      if (ev.type === 'variance' && ev.gen === 2 && ev.i === 2) r.handle({ type: 'compare', gen: 3, setting: minibatch, reusable: -1 });
    });
    runner.handle({ type: 'compare', gen: 2, setting, reusable: -1 });
    await until(doneOf(3));
    expect(ofType(events, 'variance', 2)).toHaveLength(3);
    expect(ofType(events, 'done', 2)).toHaveLength(0);
  });

  it.each([
    [0, false],
    [1e9, true],
  ])('slice of %s ms: a command sent from the event loop gets in between units (or only after the slice)', async (sliceMs, older) => {
    // The clock stands still: with a slice of 0 the run yields at every look; with a slice longer
    // than the run it never yields, so the newer comparison (a message from the event loop, as in
    // the worker) is taken in only after the older one has finished.
    vi.spyOn(performance, 'now').mockReturnValue(1000);
    const { runner, events, doneOf } = start(sliceMs, (ev, r) => {
      if (ev.type === 'w2sq' && ev.gen === 2) setTimeout(() => r.handle({ type: 'compare', gen: 3, setting: minibatch, reusable: -1 }), 0);
    });
    runner.handle({ type: 'compare', gen: 2, setting, reusable: -1 });
    await until(doneOf(3));
    expect(doneOf(2)()).toBe(older);
    expect(ofType(events, 'variance', 2)).toHaveLength(older ? 3 : 0);
  });

  it('cancel silences the running comparison, and a cancelled run is not reused', async () => {
    const { runner, events, doneOf } = start(0, (ev, r) => {
      if (ev.type === 'flow' && ev.gen === 2 && ev.i === 0) r.handle({ type: 'cancel' });
    });
    runner.handle({ type: 'compare', gen: 2, setting, reusable: -1 });
    await until(() => ofType(events, 'flow', 2).length > 0);
    await sleep(50);
    expect(events.filter((e) => 'gen' in e && e.gen === 2).map((e) => e.type)).toEqual(['w2sq', 'plan', 'plan', 'plan', 'flow']);
    runner.handle({ type: 'compare', gen: 3, setting: { ...setting, opts: { ...setting.opts, k: 4 } }, reusable: 2 });
    await until(doneOf(3));
    expect(ofType(events, 'plan', 3)).toHaveLength(3);
    expect(ofType(events, 'euler', 3)).toHaveLength(0);
  });

  it('after dispose nothing more is posted', async () => {
    const { runner, events } = start(0, (ev, r) => {
      if (ev.type === 'w2sq') r.handle({ type: 'dispose' });
    });
    runner.handle({ type: 'compare', gen: 2, setting, reusable: -1 });
    await sleep(100);
    expect(events.map((e) => e.type)).toEqual(['ready', 'w2sq']);
  });

  it('a coupling that fails is named; it has no later stages, the others do, and the run is not reused', async () => {
    const real = compare.planStage;
    vi.spyOn(compare, 'planStage').mockImplementation((name, ...rest) => {
      if (name === 'sinkhorn') throw new Error('did not converge');
      return real(name, ...rest);
    });
    const { runner, events, doneOf } = start();
    runner.handle({ type: 'compare', gen: 2, setting, reusable: -1 });
    await until(doneOf(2));
    const errors = ofType(events, 'coupling-error', 2);
    expect(errors).toEqual([{ type: 'coupling-error', gen: 2, i: 2, message: `${COUPLING_LABELS.sinkhorn}: did not converge` }]);
    expect(ofType(events, 'plan', 2).map((e) => e.i)).toEqual([0, 1]);
    expect(ofType(events, 'flow', 2).map((e) => e.i)).toEqual([0, 1]);
    expect(ofType(events, 'variance', 2).map((e) => e.i)).toEqual([0, 1]);
    vi.restoreAllMocks();
    runner.handle({ type: 'compare', gen: 3, setting: { ...setting, opts: { ...setting.opts, k: 5 } }, reusable: 2 });
    await until(doneOf(3));
    expect(ofType(events, 'plan', 3)).toHaveLength(3);
  });

  it('a coupling whose flow fails has no C; the others have theirs', async () => {
    const real = compare.mergeFlow;
    let calls = 0;
    vi.spyOn(compare, 'mergeFlow').mockImplementation((...args) => {
      if (calls++ === 0) throw new Error('NaN in the trajectories');
      return real(...args);
    });
    const { runner, events, doneOf } = start();
    runner.handle({ type: 'compare', gen: 2, setting, reusable: -1 });
    await until(doneOf(2));
    expect(ofType(events, 'coupling-error', 2).map((e) => e.message)).toEqual([`${COUPLING_LABELS.independent}: NaN in the trajectories`]);
    expect(ofType(events, 'flow', 2).map((e) => e.i)).toEqual([1, 2]);
    expect(ofType(events, 'variance', 2).map((e) => e.i)).toEqual([1, 2]);
  });

  it('a failure outside the couplings is an error of its run', async () => {
    vi.spyOn(compare, 'fullBatchOtCost').mockImplementation(() => {
      throw new Error('no memory');
    });
    const { runner, events } = start();
    runner.handle({ type: 'compare', gen: 2, setting, reusable: -1 });
    await until(() => events.some((e) => e.type === 'error'));
    expect(events.slice(1)).toEqual([{ type: 'error', gen: 2, message: 'no memory' }]);
  });
});
