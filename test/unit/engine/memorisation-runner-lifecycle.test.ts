/**
 * The memorisation widget's closed-form engine (engine/cifar/memorisation-runner.ts), its protocol's
 * edges, on small images (memorisation-closed-form.test.ts checks its numbers): how the forming
 * samples are posted (a fake clock stands for performance.now), and handed over as a worker's
 * postMessage hands them; how the slice clock lets commands in; how a replaced run stops (the work it
 * still does is counted in reads of the training images); failures; and dispose.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PauseGate } from '../../../src/lib/engine/pause-gate.ts';
import { sampleClosedFormImages } from '../../../src/lib/engine/cifar/closed-form-images.ts';
import { median, nearestNeighbours } from '../../../src/lib/engine/cifar/image-neighbours.ts';
import type { MemorisationCommand, MemorisationEvent } from '../../../src/lib/engine/cifar/memorisation-protocol.ts';
import { MemorisationRunner, PROGRESS_POST_MS, SPACING_QUERIES } from '../../../src/lib/engine/cifar/memorisation-runner.ts';
import { gaussianNoise } from '../../../src/lib/nn/unet-noise.ts';

const D = 48;
const COUNT = 24;
const images = gaussianNoise(COUNT * D, 77);
const otherImages = gaussianNoise(COUNT * D, 78);
interface Spec {
  k: number;
  steps: number;
  seed: number;
  n: number;
}
const short: Spec = { k: 8, steps: 10, seed: 4, n: 4 };
/** 1 600 units of work (an image's velocity each): still running when the test looks. */
const long: Spec = { k: COUNT, steps: 200, seed: 3, n: 8 };
const run = (gen: number, spec: Spec = short): MemorisationCommand => ({ type: 'sample', gen, ...spec });

type Samples = Extract<MemorisationEvent, { type: 'samples' }>;
type Progress = Extract<MemorisationEvent, { type: 'progress' }>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean) {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > 60_000) throw new Error('timed out');
    await sleep(2);
  }
}
const samplesOf = (events: MemorisationEvent[], gen: number) => events.filter((e): e is Samples => e.type === 'samples' && e.gen === gen);
const progressOf = (events: MemorisationEvent[], gen: number) =>
  events.filter((e): e is Progress => e.type === 'progress' && e.gen === gen);

/** What the runner should post for `spec` (with k already within 1…COUNT): each step's x_t, then the samples. */
async function reference(spec: Spec, gen: number, data = images) {
  const targets = data.subarray(0, spec.k * D);
  const frames: Progress[] = [];
  const x1 = await sampleClosedFormImages(gaussianNoise(spec.n * D, spec.seed), spec.n, targets, spec.k, D, {
    steps: spec.steps,
    onStep: (done, x, t) => void frames.push({ type: 'progress', gen, done, t, x: Float32Array.from(x) }),
  });
  const x = Float32Array.from(x1);
  const samples: Samples = { type: 'samples', gen, x, ...nearestNeighbours(x, spec.n, targets, spec.k, D) };
  return { frames, samples };
}

/** performance.now() reads clock.t for the rest of the test: stopped, unless the test moves it. */
function fakeClock() {
  const clock = { t: 1e6 };
  vi.spyOn(performance, 'now').mockImplementation(() => clock.t);
  return clock;
}

/** How many runs are parked at the pause gate right now, and every wait's outcome so far. */
function parkedRuns() {
  const wait = vi.spyOn(PauseGate.prototype, 'wait');
  const outcomes = () => wait.mock.settledResults.map((r) => r.type);
  return { parked: () => outcomes().filter((t) => t === 'incomplete').length, outcomes };
}

/** The training images behind a Proxy counting the values read through each view a run takes of them (its first k images). */
function counted(data: Float32Array) {
  const views: { reads: number }[] = [];
  const tally = (view: Float32Array, c: { reads: number }) =>
    new Proxy(view, {
      get: (t, p) => {
        c.reads++;
        return Reflect.get(t, p) as unknown;
      },
    });
  const proxy = new Proxy(data, {
    get: (t, p) => {
      if (p !== 'subarray') return Reflect.get(t, p) as unknown;
      return (a: number, b: number) => {
        views.push({ reads: 0 });
        return tally(t.subarray(a, b), views.at(-1)!);
      };
    },
  });
  return { data: proxy, views };
}

/** Training images whose reading throws `thrown`: at a pixel of the last image, or when a run takes its view of them. */
function failing(thrown: unknown, at: 'pixel' | 'view') {
  return new Proxy(images, {
    get: (t, p) => {
      if (at === 'pixel' && p === String((COUNT - 1) * D)) throw thrown; // read by the spacing's first query
      if (at === 'view' && p === 'subarray')
        return () => {
          throw thrown;
        };
      return Reflect.get(t, p) as unknown;
    },
  });
}

/**
 * A runner driven as its worker drives it: init, (pause,) the training images (none if `data` is
 * null). Each event reaches the test as postMessage would deliver it: a structured clone, with the
 * arrays of its transfer list detached on the runner's side (`handedOver`: all its arrays were).
 */
function start(sliceMs: number, opts: { data?: Float32Array | null; paused?: boolean; onEvent?: (ev: MemorisationEvent) => void } = {}) {
  const events: MemorisationEvent[] = [];
  const handedOver: boolean[] = [];
  const runner = new MemorisationRunner({
    sliceMs,
    post: (ev, transfer) => {
      events.push(structuredClone(ev, { transfer }));
      handedOver.push(Object.values(ev).every((v) => !ArrayBuffer.isView(v) || v.buffer.byteLength === 0));
      opts.onEvent?.(events.at(-1)!);
    },
  });
  runner.handle({ type: 'init', gen: 1 });
  if (opts.paused) runner.handle({ type: 'pause' });
  const data = opts.data === undefined ? images : opts.data;
  if (data) runner.handle({ type: 'images', images: data, count: COUNT, d: D });
  return { events, handedOver, runner };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the memorisation engine’s posts', () => {
  it('with its clock stopped, posts the forming samples once, after the first step, then the samples', async () => {
    fakeClock();
    const { events, handedOver, runner } = start(Infinity);
    runner.handle(run(2));
    await sleep(0);
    const want = await reference(short, 2);
    expect(events.slice(2)).toEqual([want.frames[0], want.samples]);
    expect(want.frames[0].x).toEqual(gaussianNoise(short.n * D, short.seed)); // x at t = 0: the noise
    expect(handedOver).toEqual([true, true, true, true]);
  });

  it('posts x_t again each time PROGRESS_POST_MS of its clock has passed: here every step; all handed over', async () => {
    const clock = fakeClock();
    const { events, handedOver, runner } = start(Infinity, {
      onEvent: (ev) => {
        if (ev.type === 'progress') clock.t += PROGRESS_POST_MS;
      },
    });
    runner.handle(run(2));
    await sleep(0);
    const want = await reference(short, 2);
    expect(progressOf(events, 2)).toEqual(want.frames);
    expect(want.frames.map((f) => f.done)).toEqual(Array.from({ length: short.steps }, (_, s) => (s + 1) / short.steps));
    expect(samplesOf(events, 2)).toEqual([want.samples]);
    expect(handedOver.every(Boolean)).toBe(true);
  });
});

describe('the memorisation engine’s slice clock', () => {
  it('within a slice it takes no pause: paused, a run that fits in one slice still finishes', async () => {
    fakeClock();
    const { parked } = parkedRuns();
    const { events, runner } = start(50);
    runner.handle({ type: 'pause' });
    runner.handle(run(2));
    await sleep(20);
    expect(parked()).toBe(0);
    expect(samplesOf(events, 2)).toEqual([(await reference(short, 2)).samples]);
  });

  it('in slices of 0 ms it lets commands in after every unit: paused, a run stops after its first until resumed', async () => {
    fakeClock();
    const { parked } = parkedRuns();
    const { events, runner } = start(0);
    await until(() => events.some((e) => e.type === 'spacing'));
    runner.handle({ type: 'pause' });
    runner.handle(run(2));
    await until(() => parked() === 1);
    await sleep(20);
    expect(events.filter((e) => 'gen' in e)).toEqual([]); // not even the first step (4 units) is done
    runner.handle({ type: 'resume' });
    await until(() => samplesOf(events, 2).length > 0);
    expect(parked()).toBe(0);
    expect(samplesOf(events, 2)).toEqual([(await reference(short, 2)).samples]);
  });
});

describe('a replaced memorisation run', () => {
  it('replaced within its slice (on its own progress post), stops at its next unit of work', async () => {
    fakeClock(); // stopped: no slice ever ends
    const { data, views } = counted(images);
    let before = -1;
    const { events, runner } = start(50, {
      data,
      onEvent: (ev) => {
        if (ev.type !== 'progress' || before >= 0) return;
        before = views[0].reads; // step 1: short.n images' velocities
        runner.handle(run(3));
      },
    });
    runner.handle(run(2));
    await sleep(0);
    expect(samplesOf(events, 3)).toEqual([(await reference(short, 3)).samples]);
    expect(events.filter((e) => 'gen' in e && e.gen === 2)).toHaveLength(1); // its one progress post
    expect(views).toHaveLength(2);
    expect(views[0].reads - before).toBe(before / short.n); // one image's velocity more, not the rest of its step
  });

  it('replaced while it yields, computes nothing more and posts nothing more', async () => {
    const { data, views } = counted(images);
    const { events, runner } = start(0, { data });
    runner.handle(run(2, long));
    await until(() => progressOf(events, 2).length > 0);
    expect(samplesOf(events, 2)).toEqual([]); // still running: between two units
    const reads = views[0].reads;
    runner.handle(run(3));
    const at = events.length;
    await until(() => samplesOf(events, 3).length > 0);
    expect(views[0].reads).toBe(reads);
    expect(events.slice(at).filter((e) => !('gen' in e) || e.gen !== 3)).toEqual([]);
  });

  it('replaced before it started, does not start: only the newest of the runs asked for reports', async () => {
    const { events, runner } = start(0, { data: null });
    runner.handle(run(2));
    runner.handle(run(3));
    await sleep(20);
    expect(events).toEqual([{ type: 'ready' }, { type: 'error', gen: 3, message: 'no training images yet' }]);
  });

  it('when paused, is let go as the newer run parks in its place', async () => {
    const { parked, outcomes } = parkedRuns();
    const { events, runner } = start(0);
    await until(() => events.some((e) => e.type === 'spacing'));
    const mark = outcomes().length;
    runner.handle({ type: 'pause' });
    runner.handle(run(2));
    await until(() => parked() === 1);
    runner.handle(run(3));
    await sleep(20);
    expect(outcomes().slice(mark)).toEqual(['fulfilled', 'incomplete']); // 2's wait returned, 3's waits
    runner.handle({ type: 'resume' });
    await until(() => samplesOf(events, 3).length > 0);
    expect(events.filter((e) => 'gen' in e && e.gen === 2)).toEqual([]);
  });

  it('new training images while the spacing is measured: only their spacing is posted, and no failure', async () => {
    const { parked } = parkedRuns();
    const { events, runner } = start(0, { paused: true });
    await until(() => parked() === 1); // the spacing of `images`, after its first query
    runner.handle({ type: 'images', images: otherImages, count: COUNT, d: D });
    runner.handle({ type: 'resume' });
    await until(() => events.some((e) => e.type === 'spacing'));
    await sleep(10);
    const q = Math.min(SPACING_QUERIES, COUNT);
    const own = nearestNeighbours(otherImages, q, otherImages, COUNT, D, true);
    expect(events).toEqual([{ type: 'ready' }, { type: 'spacing', median: median(own.distance), of: q }]);
  });
});

describe('the memorisation engine’s failures, sizes and dispose', () => {
  it('reports a failed spacing as spacing-error, by its message or as a string; a run’s failure as its error', async () => {
    for (const [thrown, message] of [
      [new Error('unreadable pixel'), 'unreadable pixel'],
      ['torn image', 'torn image'],
    ]) {
      const { events } = start(0, { data: failing(thrown, 'pixel') });
      await until(() => events.length > 1);
      await sleep(5);
      expect(events).toEqual([{ type: 'ready' }, { type: 'spacing-error', message }]);
    }
    const { events, runner } = start(0, { data: failing('no view', 'view') }); // its spacing is fine
    runner.handle(run(2));
    await until(() => events.some((e) => e.type === 'error'));
    expect(events.filter((e) => e.type !== 'spacing')).toEqual([{ type: 'ready' }, { type: 'error', gen: 2, message: 'no view' }]);
  });

  it('samples from at least one image and at most all of them', async () => {
    const { events, runner } = start(Infinity);
    runner.handle(run(2, { ...short, k: 0 }));
    await until(() => samplesOf(events, 2).length > 0);
    runner.handle(run(3, { ...short, k: 1000 }));
    await until(() => samplesOf(events, 3).length > 0);
    expect(samplesOf(events, 2)).toEqual([(await reference({ ...short, k: 1 }, 2)).samples]);
    expect(Array.from(samplesOf(events, 2)[0].index)).toEqual([0, 0, 0, 0]);
    expect(samplesOf(events, 3)).toEqual([(await reference({ ...short, k: COUNT }, 3)).samples]);
  });

  it('after dispose posts nothing: not the run in progress, nor the spacing of images just handed over', async () => {
    const { events, runner } = start(Infinity, {
      onEvent: (ev) => {
        if (ev.type === 'progress') runner.handle({ type: 'dispose' }); // as the page may, on that post
      },
    });
    runner.handle(run(2));
    await sleep(20);
    expect(events.map((e) => e.type)).toEqual(['ready', 'spacing', 'progress']);

    const other = start(0);
    other.runner.handle({ type: 'dispose' });
    await sleep(20);
    expect(other.events).toEqual([{ type: 'ready' }]);
  });

  it('dispose lets go of a paused run, which posts nothing more', async () => {
    const { parked } = parkedRuns();
    const { events, runner } = start(0);
    await until(() => events.some((e) => e.type === 'spacing'));
    runner.handle({ type: 'pause' });
    runner.handle(run(2));
    await until(() => parked() === 1);
    runner.handle({ type: 'dispose' });
    const at = events.length;
    await sleep(30);
    expect(parked()).toBe(0);
    expect(events.slice(at)).toEqual([]);
  });
});
