/**
 * The SDE vs ODE widget's closed-form engine (engine/sde-vs-ode/paired-runner.ts), driven as its
 * worker drives it: the frames and checkpoints it posts, put together, are PairedSimulation's run in
 * one go; the figures at a frame are `metricsAt`'s (asked before the frame exists, they come when
 * it does); a newer run silences the older one; a paused run waits; pairedStarts is frame 0.
 * Then the protocol's edges: how the posts follow the slices (a fake clock stands for
 * performance.now), failures, dispose, runs let go of while paused, and what the page may do to the
 * frames it receives.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PauseGate } from '../../../src/lib/engine/pause-gate.ts';
import { PairedSimulation, pairedStarts, type Checkpoint, type PairedSpec } from '../../../src/lib/engine/sde-vs-ode/paired.ts';
import type { PairedEvent } from '../../../src/lib/engine/sde-vs-ode/paired-protocol.ts';
import { PairedRunner } from '../../../src/lib/engine/sde-vs-ode/paired-runner.ts';

const spec = { seed: 4, g: 1, steps: 24, particles: 150 };
/** One chunk per cloud (≤ 64 particles): a step is two units of work; checkpoints at steps 0, 2, 4. */
const tiny = { seed: 3, g: 1, steps: 4, particles: 20, checkpoints: 2 };
/** A spec PairedSimulation cannot run (its constructor throws). */
const broken = { ...tiny, particles: -1 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean) {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > 60_000) throw new Error('timed out');
    await sleep(2);
  }
}
type Frames = Extract<PairedEvent, { type: 'frames' }>;
type Metrics = Extract<PairedEvent, { type: 'metrics' }>;
const framesOf = (events: PairedEvent[]) => events.filter((e): e is Frames => e.type === 'frames');
const answersOf = (events: PairedEvent[]) => events.filter((e): e is Metrics => e.type === 'metrics');
const wholeRun = (s: PairedSpec) => {
  const whole = new PairedSimulation(s);
  whole.advance();
  return whole;
};

/** Runs `fn` with performance.now() reading a clock that moves `tick` ms at each reading (0: stopped). */
function withClock(tick: number, fn: () => void) {
  let t = 1000;
  const now = vi.spyOn(performance, 'now').mockImplementation(() => (t += tick));
  try {
    fn();
  } finally {
    now.mockRestore();
  }
}

/** How many runs are parked at the pause gate right now (waits entered and not returned). */
function parkedRuns() {
  const wait = vi.spyOn(PauseGate.prototype, 'wait');
  return () => wait.mock.settledResults.filter((r) => r.type === 'incomplete').length;
}

/**
 * A runner driven as its worker drives it. `scribble`: the page keeps copies of what it receives,
 * then overwrites the arrays it was sent (as a transfer to the page would detach them).
 */
function start(sliceMs = 0, scribble = false) {
  const events: PairedEvent[] = [];
  const post = (ev: PairedEvent) => {
    events.push(scribble ? structuredClone(ev) : ev);
    if (scribble && ev.type === 'frames') for (const f of [...ev.ode, ...ev.sde]) f.fill(NaN);
  };
  const runner = new PairedRunner({ sliceMs, post });
  runner.handle({ type: 'init', gen: 1 });
  const finished = async (gen: number) => {
    const t0 = Date.now();
    while (!events.some((e) => e.type === 'frames' && e.gen === gen && e.finished)) {
      if (Date.now() - t0 > 60_000) throw new Error('timed out');
      await sleep(2);
    }
  };
  /** The run of `gen` put together from its frame events. */
  const assembled = (gen: number) => {
    const ode: Float64Array[] = [];
    const sde: Float64Array[] = [];
    const checkpoints: Checkpoint[] = [];
    for (const e of events.filter((e): e is Frames => e.type === 'frames' && e.gen === gen)) {
      expect(e.first).toBe(ode.length);
      ode.push(...e.ode);
      sde.push(...e.sde);
      checkpoints.push(...e.checkpoints);
    }
    return { ode, sde, checkpoints };
  };
  return { events, runner, finished, assembled };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the closed-form engine of SDE vs ODE', () => {
  it('posts, in several parts, exactly the run PairedSimulation makes in one go', async () => {
    const { events, runner, finished, assembled } = start(2);
    runner.handle({ type: 'simulate', gen: 2, spec });
    await finished(2);
    expect(events[0]).toEqual({ type: 'ready' });
    const parts = events.filter((e) => e.type === 'frames');
    expect(parts.length).toBeGreaterThan(2);
    const whole = new PairedSimulation(spec);
    whole.advance();
    const got = assembled(2);
    expect(got.ode).toEqual(whole.ode);
    expect(got.sde).toEqual(whole.sde);
    expect(got.checkpoints).toEqual(whole.checkpoints);
    expect(got.ode[0]).toEqual(pairedStarts(spec.seed, spec.particles));
  });

  it('answers the figures at a frame, also one asked for before the run reaches it', async () => {
    const { events, runner, finished } = start(0);
    runner.handle({ type: 'simulate', gen: 2, spec });
    runner.handle({ type: 'metrics', gen: 2, step: 21 }); // not computed yet, nor a checkpoint: answered when reached
    await finished(2);
    runner.handle({ type: 'metrics', gen: 2, step: 7 });
    runner.handle({ type: 'metrics', gen: 1, step: 7 }); // another run's: ignored
    const answers = events.filter((e): e is Extract<PairedEvent, { type: 'metrics' }> => e.type === 'metrics');
    const whole = new PairedSimulation(spec);
    whole.advance();
    expect(whole.checkpoints.some((c) => c.step === 21)).toBe(false);
    expect(answers.map((a) => a.checkpoint)).toEqual([whole.metricsAt(21), whole.metricsAt(7)]);
    expect(answers.every((a) => a.gen === 2)).toBe(true);
  });

  it('goes quiet for a run replaced by a newer one; a paused run waits until resumed', async () => {
    const { events, runner, finished, assembled } = start(0);
    runner.handle({ type: 'simulate', gen: 2, spec });
    while (assembled(2).ode.length < 3) await sleep(1);
    runner.handle({ type: 'metrics', gen: 2, step: spec.steps }); // pending when its run is replaced: dropped with it
    runner.handle({ type: 'simulate', gen: 3, spec: { ...spec, seed: 5 } });
    const at = events.length;
    await finished(3);
    expect(events.slice(at).every((e) => 'gen' in e && e.gen === 3)).toBe(true);
    expect(answersOf(events)).toEqual([]);
    expect(assembled(3).ode[0]).toEqual(pairedStarts(5, spec.particles));

    runner.handle({ type: 'pause' });
    runner.handle({ type: 'simulate', gen: 4, spec });
    await sleep(100);
    const waiting = assembled(4).ode.length;
    await sleep(100);
    expect(assembled(4).ode.length).toBe(waiting);
    expect(waiting).toBeLessThan(spec.steps + 1);
    runner.handle({ type: 'resume' });
    await finished(4);
    expect(assembled(4).ode).toHaveLength(spec.steps + 1);
  });

  it('posts frame 0 at once, then what it computed each time sliceMs of its clock has passed', () => {
    const { events, runner } = start(4);
    // one reading per unit of work: units 1–3 measure checkpoint 0, unit 4 moves the ODE cloud (frame 1 is not complete)
    withClock(1, () => runner.handle({ type: 'simulate', gen: 2, spec: tiny }));
    const whole = wholeRun(tiny);
    expect(events.slice(1)).toEqual([
      { type: 'frames', gen: 2, first: 0, ode: [whole.ode[0]], sde: [whole.sde[0]], checkpoints: [], finished: false },
      { type: 'frames', gen: 2, first: 1, ode: [], sde: [], checkpoints: [whole.checkpoints[0]], finished: false },
    ]);
    runner.handle({ type: 'dispose' });
  });

  it('a run that ends within its first slice posts frame 0, then the rest of the run, finished', () => {
    const { events, runner } = start(1);
    withClock(0, () => runner.handle({ type: 'simulate', gen: 2, spec: tiny }));
    const whole = wholeRun(tiny);
    expect(events.slice(1)).toEqual([
      { type: 'frames', gen: 2, first: 0, ode: [whole.ode[0]], sde: [whole.sde[0]], checkpoints: [], finished: false },
      {
        type: 'frames',
        gen: 2,
        first: 1,
        ode: whole.ode.slice(1),
        sde: whole.sde.slice(1),
        checkpoints: whole.checkpoints,
        finished: true,
      },
    ]);
  });

  it('in slices of 0 ms, posts each frame and each checkpoint as soon as it exists, nothing empty until finished', async () => {
    const { events, runner, finished } = start(0);
    runner.handle({ type: 'simulate', gen: 2, spec });
    await finished(2);
    const parts = framesOf(events);
    const running = parts.filter((e) => !e.finished);
    expect(running.map((e) => e.ode.length + e.checkpoints.length)).toEqual(running.map(() => 1));
    for (const e of parts) for (const c of e.checkpoints) expect(c.step).toBe(e.first + e.ode.length - 1); // its frame came before it
    expect(parts.at(-1)!.finished).toBe(true);
    expect(parts.reduce((n, e) => n + e.ode.length, 0)).toBe(spec.steps + 1);
  });

  it('answers at once for a frame it has (the latest included), even paused; from the record at a checkpoint', async () => {
    const { events, runner, finished } = start(0);
    const whole = wholeRun(spec);
    runner.handle({ type: 'pause' });
    runner.handle({ type: 'simulate', gen: 2, spec }); // waits after its first slice: frame 0 only
    runner.handle({ type: 'metrics', gen: 2, step: 0 });
    runner.handle({ type: 'metrics', gen: 2, step: 1 });
    expect(answersOf(events).map((a) => a.checkpoint)).toEqual([whole.metricsAt(0)]);
    await sleep(20);
    expect(answersOf(events)).toHaveLength(1);
    runner.handle({ type: 'resume' });
    await finished(2);
    expect(answersOf(events).map((a) => a.checkpoint)).toEqual([whole.metricsAt(0), whole.metricsAt(1)]);

    const measure = vi.spyOn(PairedSimulation.prototype, 'metricsAt');
    runner.handle({ type: 'metrics', gen: 2, step: spec.steps }); // the last frame, a checkpoint
    runner.handle({ type: 'metrics', gen: 2, step: 12 }); // a checkpoint
    expect(answersOf(events).slice(2)).toEqual([
      { type: 'metrics', gen: 2, checkpoint: whole.checkpoints.at(-1) },
      { type: 'metrics', gen: 2, checkpoint: whole.checkpoints.find((c) => c.step === 12) },
    ]);
    expect(measure).not.toHaveBeenCalled(); // recorded already: not measured again (three O(n²) distances)
  });

  it('posts copies: the page may overwrite what it received without changing the run', async () => {
    const { events, runner, finished, assembled } = start(0, true);
    runner.handle({ type: 'simulate', gen: 2, spec });
    await finished(2);
    runner.handle({ type: 'metrics', gen: 2, step: 21 });
    const whole = wholeRun(spec);
    const got = assembled(2);
    expect(got.ode).toEqual(whole.ode);
    expect(got.sde).toEqual(whole.sde);
    expect(got.checkpoints).toEqual(whole.checkpoints);
    expect(answersOf(events).map((a) => a.checkpoint)).toEqual([whole.metricsAt(21)]);
  });

  it('a replaced run that wakes after its successor has finished posts nothing more', async () => {
    const { events, runner } = start(2);
    runner.handle({ type: 'simulate', gen: 2, spec }); // slices of 2 ms: not done in one
    withClock(0, () => runner.handle({ type: 'simulate', gen: 3, spec: tiny })); // done in one slice
    expect(events.at(-1)).toMatchObject({ type: 'frames', gen: 3, finished: true });
    const at = events.length;
    await sleep(30);
    expect(events.slice(at)).toEqual([]);
  });

  it('reports a run that fails, for its generation; not the failure of a run already replaced', async () => {
    const message = (() => {
      try {
        new PairedSimulation(broken);
      } catch (err) {
        return (err as Error).message;
      }
    })();
    expect(message).toBeTruthy();
    const { events, runner, finished } = start(0);
    runner.handle({ type: 'simulate', gen: 2, spec: broken });
    await sleep(5);
    expect(events).toEqual([{ type: 'ready' }, { type: 'error', gen: 2, message }]);
    runner.handle({ type: 'simulate', gen: 3, spec: broken });
    runner.handle({ type: 'simulate', gen: 4, spec: tiny });
    await finished(4);
    expect(events.filter((e) => e.type === 'error')).toHaveLength(1);
  });

  it('answers no figures for a run that failed from the run before it', async () => {
    const { events, runner, finished } = start(0);
    runner.handle({ type: 'simulate', gen: 1, spec: tiny });
    await finished(1);
    runner.handle({ type: 'simulate', gen: 2, spec: broken });
    runner.handle({ type: 'metrics', gen: 2, step: 0 });
    await sleep(5);
    expect(events.filter((e) => e.type === 'metrics')).toEqual([]);
  });

  it('after dispose posts nothing: not the run in progress, nor a failure', async () => {
    const { events, runner, assembled } = start(0);
    runner.handle({ type: 'simulate', gen: 2, spec });
    await until(() => assembled(2).ode.length >= 3);
    runner.handle({ type: 'dispose' });
    const at = events.length;
    await sleep(20);
    expect(events.slice(at)).toEqual([]);

    const other = start(0);
    other.runner.handle({ type: 'simulate', gen: 1, spec: broken }); // generations are the page's: 1 is one
    other.runner.handle({ type: 'dispose' });
    await sleep(5);
    expect(other.events).toEqual([{ type: 'ready' }]);
  });

  it('lets go of a paused run when a newer run replaces it, and of every run on dispose', async () => {
    const parked = parkedRuns();
    const { events, runner } = start(0);
    runner.handle({ type: 'pause' });
    runner.handle({ type: 'simulate', gen: 2, spec });
    await until(() => parked() === 1);
    runner.handle({ type: 'simulate', gen: 3, spec }); // parks after its first slice
    await sleep(20);
    expect(parked()).toBe(1); // the run of gen 3 only
    runner.handle({ type: 'dispose' });
    const at = events.length;
    await sleep(20);
    expect(parked()).toBe(0);
    expect(events.slice(at)).toEqual([]);
  });
});
