/**
 * After its worker crashes, a closed-form engine that kept state from earlier commands still starts
 * afresh with the reader's next run, with that state given back (engine/worker-client.ts, `restore`):
 * the memorisation engine gets its training images again before the run, and the solver lab's engine
 * gets its field again when the next request is only a new job for it. Driven through the real
 * clients over stand-in workers (one per start), as the page drives them.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemorisationEngine } from '../../../src/lib/engine/cifar/memorisation-client.ts';
import type { MemorisationCommand, MemorisationEvent } from '../../../src/lib/engine/cifar/memorisation-protocol.ts';
import { createClosedFormEngine } from '../../../src/lib/engine/solver-lab/closed-form-client.ts';
import type { ClosedFormCommand, ClosedFormEvent } from '../../../src/lib/engine/solver-lab/closed-form-protocol.ts';
import { budgetJob, type ClosedFormSpec } from '../../../src/lib/engine/solver-lab/setting.ts';
import { FakeWorker } from '../helpers/fake-worker.ts';

/** Every worker the client creates, in order (the client calls `new Worker(url, options)`). */
function stubWorkers<In, Out>() {
  const made: FakeWorker<In, Out>[] = [];
  vi.stubGlobal(
    'Worker',
    class extends FakeWorker<In, Out> {
      constructor() {
        super();
        made.push(this);
      }
    },
  );
  /** The latest worker fails after readiness (an uncaught error: out of memory, say). */
  const crash = () => made.at(-1)!.onerror?.({ message: 'out of memory', preventDefault: () => {} } as ErrorEvent);
  return { made, crash };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the memorisation engine after a crash', () => {
  it('fails the run with a message, then gives a fresh worker the training images before the next run', () => {
    const { made, crash } = stubWorkers<MemorisationCommand, MemorisationEvent>();
    const events: MemorisationEvent[] = [];
    const engine = createMemorisationEngine({ pageSliceMs: 8, onEvent: (ev) => events.push(ev) });
    const train = Float32Array.from({ length: 2 * 3 }, (_, i) => i / 10);
    engine.images(train, 2, 3);
    made[0].emit({ type: 'ready' });
    engine.sample({ k: 2, steps: 10, seed: 1, n: 4 });
    expect(made[0].posted.map((c) => c.type)).toEqual(['init', 'images', 'sample']);
    crash();
    expect(events.at(-1)).toEqual({ type: 'error', gen: 2, message: 'the closed-form engine stopped (worker error: out of memory)' });
    expect(made[0].terminated).toBe(true);
    engine.pause(); // not a run: no worker is started for it
    expect(made).toHaveLength(1);
    engine.sample({ k: 2, steps: 10, seed: 2, n: 4 });
    expect(made).toHaveLength(2);
    expect(made[1].posted).toEqual([
      { type: 'init', gen: 2 },
      { type: 'images', images: train, count: 2, d: 3 },
      { type: 'pause' }, // the pause above: the fresh worker starts paused, as the widget asked
      { type: 'sample', gen: 3, k: 2, steps: 10, seed: 2, n: 4 },
    ]);
    made[1].emit({ type: 'ready' });
    made[1].emit({ type: 'spacing', median: 0.5, of: 2 }); // the fresh engine's answer to the images gets through
    made[1].emit({ type: 'samples', gen: 3, x: new Float32Array(12), index: new Int32Array(4), distance: new Float64Array(4) });
    expect(events.slice(-2).map((e) => e.type)).toEqual(['spacing', 'samples']);
    engine.dispose();
    expect(made[1].terminated).toBe(true);
  });

  it('a fresh worker starts paused when the widget had paused the engine', () => {
    const { made, crash } = stubWorkers<MemorisationCommand, MemorisationEvent>();
    const engine = createMemorisationEngine({ pageSliceMs: 8, onEvent: () => {} });
    engine.images(new Float32Array(3), 1, 3);
    made[0].emit({ type: 'ready' });
    crash();
    engine.pause(); // scrolled away after the crash: no engine to tell
    engine.sample({ k: 1, steps: 10, seed: 2, n: 4 });
    expect(made[1].posted.map((c) => c.type)).toEqual(['init', 'images', 'pause', 'sample']);
    engine.resume();
    made[1].emit({ type: 'ready' });
    crash();
    engine.sample({ k: 1, steps: 10, seed: 3, n: 4 });
    expect(made[2].posted.map((c) => c.type)).toEqual(['init', 'images', 'sample']);
  });

  it('sends the images it was given last', () => {
    const { made, crash } = stubWorkers<MemorisationCommand, MemorisationEvent>();
    const engine = createMemorisationEngine({ pageSliceMs: 8, onEvent: () => {} });
    const older = new Float32Array(3);
    const newer = new Float32Array(6).fill(1);
    engine.images(older, 1, 3);
    engine.images(newer, 2, 3);
    made[0].emit({ type: 'ready' });
    crash();
    engine.sample({ k: 2, steps: 10, seed: 1, n: 4 });
    expect(made[1].posted.filter((c) => c.type === 'images')).toEqual([{ type: 'images', images: newer, count: 2, d: 3 }]);
  });
});

describe('the solver lab’s closed-form engine after a crash', () => {
  const spec: ClosedFormSpec = { target: 'moons', points: 4, path: 'icfm', sigma: 0.3, starts: 8, seed: 5 };
  const euler = budgetJob('euler', 8, -3);
  const rk4 = budgetJob('rk4', 8, -3);

  it('a new job for the crashed engine’s field sends the field again to a fresh worker', () => {
    const { made, crash } = stubWorkers<ClosedFormCommand, ClosedFormEvent>();
    const events: ClosedFormEvent[] = [];
    const engine = createClosedFormEngine({ pageSliceMs: 8, onEvent: (ev) => events.push(ev) });
    engine.field(spec, euler);
    made[0].emit({ type: 'ready' });
    engine.job(rk4); // before the crash: a job for the field the engine has
    expect(made[0].posted.map((c) => c.type)).toEqual(['init', 'field', 'job']);
    crash();
    expect(events.at(-1)).toEqual({ type: 'error', gen: 2, message: 'the closed-form engine stopped (worker error: out of memory)' });
    engine.job(euler);
    expect(made).toHaveLength(2);
    expect(made[1].posted).toEqual([
      { type: 'init', gen: 2 },
      { type: 'field', gen: 3, spec, job: euler, jobKey: JSON.stringify(euler) },
    ]);
    made[1].emit({ type: 'ready' });
    engine.job(rk4); // the fresh engine has the field now: a job is a job again
    expect(made[1].posted.at(-1)).toEqual({ type: 'job', gen: 3, job: rk4, jobKey: JSON.stringify(rk4) });
    made[1].emit({ type: 'run', gen: 2, jobKey: JSON.stringify(rk4), view: {} as never }); // from before the fresh field: stale
    made[1].emit({ type: 'done', gen: 3, ms: 1 });
    expect(events.filter((e) => e.type === 'run')).toEqual([]);
    expect(events.at(-1)).toEqual({ type: 'done', gen: 3, ms: 1 });
  });

  it('a new field after a crash is sent as it is, once', () => {
    const { made, crash } = stubWorkers<ClosedFormCommand, ClosedFormEvent>();
    const engine = createClosedFormEngine({ pageSliceMs: 8, onEvent: () => {} });
    engine.field(spec, euler);
    made[0].emit({ type: 'ready' });
    crash();
    const other = { ...spec, seed: 6 };
    engine.field(other, rk4);
    expect(made[1].posted.map((c) => c.type)).toEqual(['init', 'field']);
    expect(made[1].posted[1]).toMatchObject({ spec: other, job: rk4 });
    engine.job(euler);
    expect(made[1].posted.map((c) => c.type)).toEqual(['init', 'field', 'job']);
  });
});
