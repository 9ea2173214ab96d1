/**
 * The couplings widget's page side (widgets/couplings-compared/comparison.ts) over a stand-in
 * engine: results assembled stage by stage, the first failure kept, and which run it names as
 * reusable with each comparison (the review's race: a run finished in the worker just after the
 * reader changed k; its last events were dropped here, so its plans must not be reused), then the
 * same against the real runner through the client's generations.
 */
import { describe, expect, it } from 'vitest';
import type { CouplingsEngine } from '../../../src/lib/engine/couplings/client.ts';
import type { CompareSetting, CouplingsEvent } from '../../../src/lib/engine/couplings/protocol.ts';
import { CouplingsRunner } from '../../../src/lib/engine/couplings/runner.ts';
import { Comparison } from '../../../src/widgets/couplings-compared/comparison.ts';

const setting: CompareSetting = {
  source: 'normal',
  target: 'moons',
  n: 10,
  opts: { sigma: 0.1, epsilon: 0.5, k: 2, seed: 3, fineSteps: 4 },
};
const withK = (k: number): CompareSetting => ({ ...setting, opts: { ...setting.opts, k } });
const plan = {
  name: 'exact-ot' as const,
  lines: { x0: new Float64Array(20), x1: new Float64Array(20) },
  crossings: 1,
  swaps: 0,
  cost: 2,
  pairs: 10,
  B: 10,
  batches: 1,
};
const flow = { trajectory: [], straightness: 0.1, energy: 3, kStep: new Float64Array(20), w2: 0.5 };

/** A Comparison over an engine that records each compare's reusable run. */
function fake() {
  const asked: number[] = [];
  let emit: (ev: CouplingsEvent) => void = () => {};
  const cmp = new Comparison(
    (onEvent) => {
      emit = onEvent;
      return { compare: (_s, reusable) => asked.push(reusable), dispose: () => {} } satisfies CouplingsEngine;
    },
    () => {},
  );
  /** A whole run's events for generation `gen`. */
  const whole = (gen: number) => {
    emit({ type: 'w2sq', gen, w2sq: 1.5 });
    for (const i of [0, 1, 2]) emit({ type: 'plan', gen, i, plan });
    for (const i of [0, 1, 2]) emit({ type: 'flow', gen, i, flow });
    for (const i of [0, 1, 2]) emit({ type: 'variance', gen, i, variance: { C: i, cSe: 0.1 } });
    emit({ type: 'done', gen, reused: false });
  };
  return { cmp, asked, emit: (ev: CouplingsEvent) => emit(ev), whole };
}

describe('Comparison (the couplings widget’s page side)', () => {
  it('assembles each coupling stage by stage, counts the plans, and is busy until done', () => {
    const { cmp, emit, whole } = fake();
    cmp.compare(setting);
    expect(cmp.view.busy).toBe(true);
    whole(2);
    expect(cmp.view.busy).toBe(false);
    expect(cmp.view.w2sq).toBe(1.5);
    expect(cmp.view.planRuns).toBe(3);
    expect(cmp.view.results.map((r) => r?.C)).toEqual([0, 1, 2]);
    expect(cmp.view.results[1]).toMatchObject({ crossings: 1, w2: 0.5, energy: 3 });
    // A new plan replaces a panel's whole result; samples of another k merge into it.
    emit({ type: 'plan', gen: 3, i: 0, plan: { ...plan, crossings: 7 } });
    expect(cmp.view.results[0]).toEqual({ ...plan, crossings: 7 });
    emit({ type: 'euler', gen: 3, i: 1, euler: { kStep: new Float64Array(20), w2: 0.25 } });
    expect(cmp.view.results[1]).toMatchObject({ C: 1, w2: 0.25 });
  });

  it('names as reusable only a complete run it holds all of, without failures', () => {
    const { cmp, asked, emit, whole } = fake();
    cmp.compare(setting);
    whole(2);
    cmp.compare(withK(3));
    expect(asked).toEqual([-1, 2]);
    emit({ type: 'euler', gen: 3, i: 0, euler: { kStep: new Float64Array(20), w2: 0.4 } });
    emit({ type: 'done', gen: 3, reused: true });
    cmp.compare(withK(4)); // still run 2's plans
    // New plans arrive (another σ); the reader changes k before the run's last events: run 5 is not held whole.
    emit({ type: 'plan', gen: 5, i: 0, plan });
    cmp.compare(withK(5));
    // A complete run with a failed coupling is not reusable either.
    whole(7);
    cmp.compare(withK(6));
    for (const i of [0, 1]) emit({ type: 'plan', gen: 8, i, plan });
    emit({ type: 'coupling-error', gen: 8, i: 2, message: 'Sinkhorn: no' });
    emit({ type: 'coupling-error', gen: 8, i: 2, message: 'later' });
    emit({ type: 'done', gen: 8, reused: false });
    expect(cmp.view.failure).toBe('Sinkhorn: no');
    cmp.compare(withK(7));
    expect(asked).toEqual([-1, 2, 2, -1, 7, -1]);
    expect([cmp.view.busy, cmp.view.failure]).toEqual([true, '']);
    emit({ type: 'error', gen: 9, message: 'the couplings engine stopped' });
    expect([cmp.view.busy, cmp.view.failure]).toEqual([false, 'the couplings engine stopped']);
  });

  it('with the real runner: a run that ends after the reader changed k is computed again, not reused', async () => {
    // The worker's view of the race: run 2 is posting its C when k changes; the client drops run 2's
    // last events (a newer generation), and the runner then takes the compare of run 3.
    let gen = 1;
    let held: CouplingsEvent[] | null = null;
    let deliver: (ev: CouplingsEvent) => void = () => {};
    const runner = new CouplingsRunner({
      sliceMs: 1e9,
      post: (ev) => {
        if (!held && ev.type === 'variance' && ev.gen === 2) held = [];
        if (held) held.push(ev);
        else deliver(ev);
      },
    });
    const cmp = new Comparison(
      (onEvent) => {
        deliver = (ev) => {
          if (!('gen' in ev) || ev.gen === gen) onEvent(ev);
        };
        return { compare: (s, reusable) => runner.handle({ type: 'compare', gen: ++gen, setting: s, reusable }), dispose: () => {} };
      },
      () => {},
    );
    cmp.compare(setting);
    await until(() => held?.some((e) => e.type === 'done') ?? false);
    expect(cmp.view.results.every((r) => r?.w2 !== undefined && r.C === undefined)).toBe(true);
    cmp.compare(withK(5));
    const late = held!;
    held = null;
    late.forEach(deliver); // stale now: dropped
    await until(() => !cmp.view.busy);
    expect(cmp.view.planRuns).toBe(6);
    expect(cmp.view.results.every((r) => r?.C !== undefined && r.w2 !== undefined)).toBe(true);
    expect(cmp.view.failure).toBe('');
  });
});

async function until(cond: () => boolean) {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > 30_000) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 1));
  }
}
