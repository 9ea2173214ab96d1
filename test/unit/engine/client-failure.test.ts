/**
 * An engine that cannot start reaches the widget as an `error` event, never as an unhandled promise
 * rejection or silence: the page-side clients (train/client.ts, cifar/client.ts) load their runner
 * with `import()` on the main thread, and here that import rejects (as a chunk that fails to load
 * does in the browser). Vitest fails a run on any unhandled rejection, so this also checks that.
 * And a training engine whose worker dies after it was ready (an uncaught error: out of memory)
 * reaches its widget as an `error` event of the current run, so the widget stops saying it trains
 * and offers its retry (TrainerDriver), instead of waiting for progress that never comes.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeWorker } from '../helpers/fake-worker.ts';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.doUnmock('../../../src/lib/engine/train/runner.ts');
  vi.doUnmock('../../../src/lib/engine/cifar/runner.ts');
  vi.doUnmock('../../../src/lib/engine/playground/runner.ts');
  vi.resetModules();
});

const until = async (pred: () => boolean, ms = 5000) => {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('a failed engine start', () => {
  it('train client: the widget gets an error event', async () => {
    vi.doMock('../../../src/lib/engine/train/runner.ts', () => {
      throw new Error('Failed to fetch dynamically imported module');
    });
    const { createTrainer } = await import('../../../src/lib/engine/train/client.ts');
    const { cleanSettings } = await import('../../../src/lib/engine/train/settings.ts');
    const events: { type: string; message?: string }[] = [];
    const trainer = createTrainer({ settings: cleanSettings({}).settings, noWorker: true, onEvent: (ev) => events.push(ev) });
    trainer.start();
    await until(() => events.length > 0);
    expect(events[0].type).toBe('error');
    expect(events[0].message).toMatch(/could not start/);
    trainer.dispose();
  });

  it('cifar client: the widget gets an error event outside any run (gen 0)', async () => {
    vi.doMock('../../../src/lib/engine/cifar/runner.ts', () => {
      throw new Error('Failed to fetch dynamically imported module');
    });
    const { createCifarClient } = await import('../../../src/lib/engine/cifar/client.ts');
    const events: { type: string; gen?: number; message?: string }[] = [];
    const client = createCifarClient({ noWorker: true, onEvent: (ev) => events.push(ev) });
    client.init();
    await until(() => events.length > 0);
    expect(events[0]).toMatchObject({ type: 'error', gen: 0 });
    expect(events[0].message).toMatch(/could not start/);
    client.dispose();
  });
});

describe('a training worker that crashes after it was ready', () => {
  /** Stubs `Worker`; returns the workers the client creates and a crash of the latest one. */
  function workers() {
    const made: FakeWorker<{ type: string }, { type: string; gen?: number }>[] = [];
    vi.stubGlobal(
      'Worker',
      class extends FakeWorker<{ type: string }, { type: string; gen?: number }> {
        constructor() {
          super();
          made.push(this);
        }
      },
    );
    const crash = () => made.at(-1)!.onerror?.({ message: 'out of memory', preventDefault: () => {} } as ErrorEvent);
    return { made, crash };
  }
  const ready = { type: 'ready', backend: { name: 'wasm', reason: 'test' }, where: 'worker' };

  it('train client: an error event of the current run', async () => {
    const { made, crash } = workers();
    const { createTrainer } = await import('../../../src/lib/engine/train/client.ts');
    const { cleanSettings } = await import('../../../src/lib/engine/train/settings.ts');
    const events: { type: string; gen?: number; message?: string }[] = [];
    const trainer = createTrainer({ settings: cleanSettings({}).settings, onEvent: (ev) => events.push(ev) });
    made[0].emit(ready);
    trainer.reset(cleanSettings({ seed: 2 }).settings);
    trainer.start();
    crash();
    expect(events.at(-1)).toEqual({ type: 'error', gen: 2, message: 'the training engine stopped (worker error: out of memory)' });
    expect(made[0].terminated).toBe(true);
    trainer.dispose();
  });

  it('reflow client: an error event of the current run', async () => {
    const { made, crash } = workers();
    const { createReflowTrainer } = await import('../../../src/lib/engine/reflow/client.ts');
    const { cleanReflowSettings } = await import('../../../src/lib/engine/reflow/settings.ts');
    const events: { type: string; gen?: number; message?: string }[] = [];
    const trainer = createReflowTrainer({ settings: cleanReflowSettings({}).settings, onEvent: (ev) => events.push(ev) });
    made[0].emit(ready);
    trainer.start();
    crash();
    expect(events.at(-1)).toEqual({
      type: 'error',
      gen: trainer.generation(),
      message: 'the training engine stopped (worker error: out of memory)',
    });
    trainer.dispose();
  });

  it('memorisation-vs-n client: an error event of the current run', async () => {
    const { made, crash } = workers();
    const { createMemoSweep } = await import('../../../src/lib/engine/memorisation-n/client.ts');
    const { cleanMemoSettings } = await import('../../../src/lib/engine/memorisation-n/settings.ts');
    const events: { type: string; gen?: number; message?: string }[] = [];
    const sweep = createMemoSweep({ settings: cleanMemoSettings({}).settings, onEvent: (ev) => events.push(ev) });
    made[0].emit(ready);
    sweep.restart(cleanMemoSettings({}).settings);
    sweep.start();
    crash();
    expect(events.at(-1)).toMatchObject({ type: 'error', message: 'the training engine stopped (worker error: out of memory)' });
    expect(events.at(-1)!.gen).toBeGreaterThan(0);
    sweep.dispose();
  });

  it('solver-lab client: an error event of the current training', async () => {
    const { made, crash } = workers();
    const { createLabEngine } = await import('../../../src/lib/engine/solver-lab/client.ts');
    const events: { type: string; gen?: number; message?: string }[] = [];
    const engine = createLabEngine({ onEvent: (ev) => events.push(ev) });
    made[0].emit(ready);
    engine.train({ target: 'moons', sigma: 0.1, trainSteps: 10, starts: 8, seed: 1 });
    crash();
    expect(events.at(-1)).toEqual({ type: 'error', gen: 2, message: 'the training engine stopped (worker error: out of memory)' });
    engine.dispose();
  });

  it('sde-vs-ode client: an error event of the current run, and the next run starts a fresh worker', async () => {
    const { made, crash } = workers();
    const { createSdeClient } = await import('../../../src/lib/engine/sde-vs-ode/client.ts');
    const events: { type: string; gen?: number; message?: string }[] = [];
    const client = createSdeClient({ onEvent: (ev) => events.push(ev) });
    const request = { seed: 1, trainSteps: 10, nfe: 5, gs: [0, 1], shift: 1, g: 1, starts: new Float64Array(2) };
    made[0].emit(ready);
    const first = client.run(request);
    crash();
    expect(events.at(-1)).toEqual({ type: 'error', gen: first, message: 'the training engine stopped (worker error: out of memory)' });
    const second = client.run(request);
    expect(second).toBe(first + 1);
    expect(made).toHaveLength(2);
    expect(made[1].posted.map((c) => c.type)).toEqual(['init', 'run']);
    expect(made[1].posted[1]).toMatchObject({ gen: second, request });
    client.dispose();
  });

  it('reproductions client: an error event of the current session', async () => {
    const { made, crash } = workers();
    const { createReproSession } = await import('../../../src/lib/engine/reproductions/client.ts');
    const events: { type: string; gen?: number; message?: string }[] = [];
    const session = createReproSession({ runs: [], onEvent: (ev) => events.push(ev) });
    made[0].emit({ ...ready, gen: 1 });
    session.restart([]);
    session.start();
    expect(made[0].posted.map((c) => c.type)).toEqual(['init', 'restart', 'start']);
    crash();
    expect(events.at(-1)).toEqual({ type: 'error', gen: 2, message: 'the training engine stopped (worker error: out of memory)' });
    session.dispose();
  });

  it('un-mixing client: an error event of the current job', async () => {
    const { made, crash } = workers();
    const { createPlanTrainer } = await import('../../../src/lib/engine/unmixing/client.ts');
    const events: { type: string; gen?: number; message?: string }[] = [];
    const trainer = createPlanTrainer({ onEvent: (ev) => events.push(ev) });
    const job = { src: new Float64Array(2), tgt: new Float64Array(2), n: 1, plan: new Float64Array([1]), sigma: 0.1, steps: 10, seed: 1 };
    trainer.train(job);
    expect(made[0].posted.map((c) => c.type)).toEqual(['init', 'train']);
    made[0].emit({ ...ready, gen: 1 });
    crash();
    expect(events.at(-1)).toEqual({ type: 'error', gen: 2, message: 'the training engine stopped (worker error: out of memory)' });
    trainer.dispose();
  });

  it('playground client: the engine lost (onLost), then an error event of the current scene', async () => {
    const { made, crash } = workers();
    const { createSceneClient } = await import('../../../src/lib/engine/playground/client.ts');
    const { PLAYGROUND_SCHEMA } = await import('../../../src/lib/engine/playground/settings.ts');
    const { defaultSettings } = await import('../../../src/lib/state/settings.ts');
    const events: { type: string; gen?: number; message?: string }[] = [];
    let lostAt = -1;
    const client = createSceneClient({ onEvent: (ev) => events.push(ev), onLost: () => (lostAt = events.length) });
    const settings = defaultSettings(PLAYGROUND_SCHEMA);
    made[0].emit({ type: 'ready' });
    client.scene(settings, {});
    expect(made[0].posted[1]).toMatchObject({ type: 'scene', gen: 2, settings });
    // A scene that cannot be built is that scene's error: the engine is not lost.
    made[0].emit({ type: 'error', gen: 2, message: 'no points' } as { type: string; gen: number });
    expect(lostAt).toBe(-1);
    crash();
    expect(lostAt).toBe(2); // before the error that says why
    expect(events.at(-1)).toEqual({ type: 'error', gen: 2, message: 'the closed-form engine stopped (worker error: out of memory)' });
    client.dispose();
  });

  it('playground client: a runner that cannot load is the engine lost too', async () => {
    vi.doMock('../../../src/lib/engine/playground/runner.ts', () => {
      throw new Error('Failed to fetch dynamically imported module');
    });
    const { createSceneClient } = await import('../../../src/lib/engine/playground/client.ts');
    const events: { type: string; message?: string }[] = [];
    let lost = false;
    const client = createSceneClient({ noWorker: true, onEvent: (ev) => events.push(ev), onLost: () => (lost = true) });
    await until(() => events.length > 0);
    expect(lost).toBe(true);
    expect(events[0]).toMatchObject({ type: 'error' });
    expect(events[0].message).toMatch(/could not start/);
    client.dispose();
  });
});
