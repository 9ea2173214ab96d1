/**
 * createEngineClient (src/lib/engine/worker-client.ts), the page side all five generation-protocol
 * engines share, driven by a stand-in Worker and a stand-in runner (no TF.js): stale generations are
 * dropped, commands sent before the engine is ready arrive in order (on the worker, and replayed on
 * the main-thread fallback after a fresh init), the fallback runs when `Worker` is missing, a runner
 * that cannot load becomes an `error` event, and dispose ends everything.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createEngineClient,
  createRestartingEngineClient,
  type DisposeCommand,
  type EngineClientOptions,
  type EngineRunner,
} from '../../../src/lib/engine/worker-client.ts';
import { FakeWorker as GenericFakeWorker } from '../helpers/fake-worker.ts';

type Cmd =
  | { type: 'init'; gen: number; settings: string; force?: string; remembered: string | null }
  | { type: 'start'; gen: number }
  | { type: 'reset'; gen: number; settings: string }
  | { type: 'pause' }
  | DisposeCommand;
type Ev =
  | { type: 'ready'; gen: number; backend?: { name: string } }
  | { type: 'progress'; gen: number; k: number }
  | { type: 'about-data'; size: number }
  | { type: 'error'; gen: number; message: string };

class FakeWorker extends GenericFakeWorker<Cmd, Ev> {}

class FakeRunner implements EngineRunner<Cmd> {
  handled: Cmd[] = [];
  constructor(readonly post: (ev: Ev) => void) {}
  handle(cmd: Cmd) {
    this.handled.push(cmd);
  }
}

const flush = () => new Promise((r) => setTimeout(r, 0));

/** A client over a fake worker (or none) and a fake runner; `settings` is what init carries. */
function setUp(overrides: Partial<EngineClientOptions<Cmd, Ev>> = {}, worker: 'fake' | 'throws' | 'none' = 'fake') {
  const fake = new FakeWorker();
  const events: Ev[] = [];
  const runners: FakeRunner[] = [];
  const state = { settings: 'a' };
  if (worker !== 'none') vi.stubGlobal('Worker', FakeWorker);
  const client = createEngineClient<Cmd, Ev>({
    name: 'test-engine',
    createWorker: () => {
      if (worker === 'throws') throw new TypeError('module workers unsupported');
      return fake as unknown as Worker;
    },
    loadRunner: (post) => {
      const r = new FakeRunner(post);
      runners.push(r);
      return Promise.resolve(r);
    },
    init: (base) => ({ type: 'init', ...base, settings: state.settings }),
    initSupersedes: ['reset'],
    onEvent: (ev) => events.push(ev),
    ...overrides,
  });
  const reset = (settings: string) => {
    state.settings = settings;
    client.send({ type: 'reset', gen: client.nextGeneration(), settings });
  };
  return { fake, events, runners, client, reset };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('createEngineClient', () => {
  it('drops events of a superseded generation; ready and engine errors (gen 0) always pass', () => {
    const { fake, events, client, reset } = setUp();
    expect(client.where()).toBe('worker');
    expect(client.generation()).toBe(1);
    fake.emit({ type: 'progress', gen: 1, k: 1 });
    reset('b');
    expect(client.generation()).toBe(2);
    fake.emit({ type: 'ready', gen: 1, backend: { name: 'wasm' } }); // about the engine: kept
    fake.emit({ type: 'progress', gen: 1, k: 2 }); // in flight when the reader reset: stale
    fake.emit({ type: 'error', gen: 1, message: 'old run failed' }); // stale too
    fake.emit({ type: 'progress', gen: 2, k: 3 });
    fake.emit({ type: 'error', gen: 0, message: 'engine lost its context' });
    expect(events).toEqual([
      { type: 'progress', gen: 1, k: 1 },
      { type: 'ready', gen: 1, backend: { name: 'wasm' } },
      { type: 'progress', gen: 2, k: 3 },
      { type: 'error', gen: 0, message: 'engine lost its context' },
    ]);
  });

  it('delivers the event types declared ungenerational whatever the generation, and only those', () => {
    const { fake, events, reset } = setUp({ ungenerational: ['about-data'] });
    reset('b');
    fake.emit({ type: 'about-data', size: 3 });
    fake.emit({ type: 'progress', gen: 1, k: 1 });
    expect(events).toEqual([{ type: 'about-data', size: 3 }]);
    const plain = setUp();
    plain.fake.emit({ type: 'about-data', size: 3 });
    expect(plain.events).toEqual([]);
  });

  it('remembers the backend a ready event names; an engine without one (no TF.js) leaves the memory alone', () => {
    const stored = new Map<string, string>();
    vi.stubGlobal('localStorage', { getItem: (k: string) => stored.get(k) ?? null, setItem: (k: string, v: string) => stored.set(k, v) });
    const a = setUp();
    a.fake.emit({ type: 'ready', gen: 1 });
    expect(a.events).toEqual([{ type: 'ready', gen: 1 }]);
    expect([...stored.values()]).toEqual([]);
    a.client.send({ type: 'start', gen: 1 });
    a.fake.emit({ type: 'error', gen: 1, message: "after readiness: the widget's" });
    expect(a.fake.terminated).toBe(false);
    expect(a.events.at(-1)).toEqual({ type: 'error', gen: 1, message: "after readiness: the widget's" });
    const b = setUp();
    b.fake.emit({ type: 'ready', gen: 1, backend: { name: 'webgl' } });
    expect([...stored.values()]).toEqual(['webgl']);
  });

  it('posts init first, then every command in the order sent, before and after readiness', () => {
    const { fake, client, reset } = setUp({ force: 'cpu' });
    client.send({ type: 'start', gen: 1 });
    reset('b');
    client.send({ type: 'start', gen: 2 });
    fake.emit({ type: 'ready', gen: 1, backend: { name: 'cpu' } });
    client.send({ type: 'pause' });
    expect(fake.posted).toEqual([
      { type: 'init', gen: 1, settings: 'a', force: 'cpu', remembered: null },
      { type: 'start', gen: 1 },
      { type: 'reset', gen: 2, settings: 'b' },
      { type: 'start', gen: 2 },
      { type: 'pause' },
    ]);
  });

  it('a worker failing before readiness: the runner gets a fresh init, then the early commands still due, in order', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    const { fake, events, runners, client, reset } = setUp();
    client.send({ type: 'start', gen: 1 }); // superseded by the reset below
    reset('b'); // init will carry 'b' and generation 2: not replayed
    client.send({ type: 'pause' }); // no generation: replayed
    client.send({ type: 'start', gen: 2 });
    fake.emit({ type: 'error', gen: 1, message: 'no WebGPU adapter' });
    expect(fake.terminated).toBe(true);
    expect(client.where()).toBe('main-thread');
    await flush();
    expect(runners).toHaveLength(1);
    expect(runners[0].handled).toEqual([
      { type: 'init', gen: 2, settings: 'b', remembered: null },
      { type: 'pause' },
      { type: 'start', gen: 2 },
    ]);
    expect(info).toHaveBeenCalledWith('test-engine: engine on the main thread (worker failed: no WebGPU adapter)');
    // the runner's events reach the widget through the same generation filter
    runners[0].post({ type: 'ready', gen: 2, backend: { name: 'cpu' } });
    runners[0].post({ type: 'progress', gen: 1, k: 9 });
    runners[0].post({ type: 'progress', gen: 2, k: 1 });
    expect(events).toEqual([
      { type: 'ready', gen: 2, backend: { name: 'cpu' } },
      { type: 'progress', gen: 2, k: 1 },
    ]);
    // after the fallback is up, commands go straight to it
    client.send({ type: 'start', gen: 2 });
    expect(runners[0].handled.at(-1)).toEqual({ type: 'start', gen: 2 });
  });

  it('latestOfEachType keeps one early command per type, replayed whatever its generation', async () => {
    vi.spyOn(console, 'info').mockImplementation(() => {});
    const { runners, client } = setUp({ latestOfEachType: true, replay: () => true }, 'throws');
    client.send({ type: 'start', gen: client.nextGeneration() });
    client.send({ type: 'reset', gen: client.nextGeneration(), settings: 'x' });
    client.send({ type: 'start', gen: client.nextGeneration() });
    await flush();
    expect(runners[0].handled).toEqual([
      { type: 'init', gen: 4, settings: 'a', remembered: null },
      { type: 'reset', gen: 3, settings: 'x' },
      { type: 'start', gen: 4 },
    ]);
  });

  it('without Worker the engine starts on the main thread at once', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    vi.stubGlobal('Worker', undefined);
    const { runners, client, events } = setUp({}, 'none');
    expect(client.where()).toBe('main-thread');
    client.send({ type: 'start', gen: 1 });
    await flush();
    expect(runners[0].handled).toEqual([
      { type: 'init', gen: 1, settings: 'a', remembered: null },
      { type: 'start', gen: 1 },
    ]);
    expect(info).toHaveBeenCalledWith('test-engine: engine on the main thread (no Worker in this browser)');
    runners[0].post({ type: 'ready', gen: 1, backend: { name: 'cpu' } });
    expect(events).toEqual([{ type: 'ready', gen: 1, backend: { name: 'cpu' } }]);
  });

  it('a runner that cannot load becomes an error event of the current generation', async () => {
    const { events, client } = setUp({
      noWorker: true,
      loadRunner: () => Promise.reject(new Error('Failed to fetch dynamically imported module')),
    });
    await flush();
    expect(events).toEqual([
      { type: 'error', gen: 1, message: 'the engine could not start (Failed to fetch dynamically imported module)' },
    ]);
    expect(client.where()).toBe('main-thread');
  });

  it('dispose terminates the worker and silences everything after it', async () => {
    vi.spyOn(console, 'info').mockImplementation(() => {});
    const a = setUp();
    a.client.dispose();
    expect(a.fake.terminated).toBe(true);
    a.client.send({ type: 'start', gen: 1 });
    a.fake.emit({ type: 'progress', gen: 1, k: 1 });
    expect(a.fake.posted).toEqual([{ type: 'init', gen: 1, settings: 'a', remembered: null }]);
    expect(a.events).toEqual([]);

    // main thread: the runner is told to dispose; disposed before it loads, it is never started
    const b = setUp({ noWorker: true });
    await flush();
    b.client.dispose();
    expect(b.runners[0].handled.at(-1)).toEqual({ type: 'dispose' });
    const c = setUp({ noWorker: true });
    c.client.dispose();
    await flush();
    expect(c.runners[0].handled).toEqual([]);
  });
});

describe('createRestartingEngineClient', () => {
  /** A restarting client over fake workers, one per start; `crash` fails the latest one after readiness. */
  function restarting(restore?: () => Cmd[]) {
    vi.stubGlobal('Worker', FakeWorker);
    const workers: FakeWorker[] = [];
    const events: Ev[] = [];
    const crashes: string[] = [];
    const client = createRestartingEngineClient<Cmd, Ev>({
      restore,
      name: 'restarting',
      createWorker: () => {
        workers.push(new FakeWorker());
        return workers.at(-1) as unknown as Worker;
      },
      loadRunner: (post) => Promise.resolve(new FakeRunner(post)),
      init: (base) => ({ type: 'init', ...base, settings: 's' }),
      onCrash: (why) => crashes.push(why),
      onEvent: (ev) => events.push(ev),
    });
    const crash = () => workers.at(-1)!.onerror?.({ message: 'out of memory', preventDefault: () => {} } as ErrorEvent);
    return { client, workers, events, crashes, crash };
  }

  it('after a crash, reports it and starts a fresh engine with the next command; the generation goes on', () => {
    const { client, workers, events, crashes, crash } = restarting();
    expect(workers).toHaveLength(1);
    workers[0].emit({ type: 'ready', gen: 1 });
    client.send({ type: 'start', gen: client.nextGeneration() });
    crash();
    expect(crashes).toEqual(['worker error: out of memory']);
    expect(workers[0].terminated).toBe(true);
    expect(workers).toHaveLength(1); // nothing starts until the reader does something
    client.send({ type: 'pause' }); // not a run: dropped, no engine started for it
    expect(workers).toHaveLength(1);
    const gen = client.nextGeneration();
    expect(gen).toBe(3);
    client.send({ type: 'start', gen });
    expect(workers).toHaveLength(2);
    expect(workers[1].posted.map((c) => c.type)).toEqual(['init', 'start']);
    expect((workers[1].posted[0] as { gen: number }).gen).toBe(2); // init carries the generation before the run
    workers[1].emit({ type: 'ready', gen: 2 });
    workers[1].emit({ type: 'progress', gen: 2, k: 1 }); // stale: from before this run
    workers[1].emit({ type: 'progress', gen: 3, k: 2 });
    expect(events).toEqual([
      { type: 'ready', gen: 1 },
      { type: 'ready', gen: 2 },
      { type: 'progress', gen: 3, k: 2 },
    ]);
  });

  it('gives every engine started after a crash the restore commands, after init and before the run', () => {
    // A restore command carries no generation (worker-client.ts): a pause stands in for one here.
    let kept: Cmd[] = [{ type: 'pause' }];
    const { client, workers, crash } = restarting(() => kept);
    workers[0].emit({ type: 'ready', gen: 1 });
    client.send({ type: 'start', gen: client.nextGeneration() });
    expect(workers[0].posted.map((c) => c.type)).toEqual(['init', 'start']); // the first engine got everything itself
    crash();
    kept = [{ type: 'pause' }, { type: 'pause' }];
    client.send({ type: 'start', gen: client.nextGeneration() });
    expect(workers[1].posted).toEqual([
      { type: 'init', gen: 2, settings: 's', force: undefined, remembered: null },
      { type: 'pause' },
      { type: 'pause' },
      { type: 'start', gen: 3 },
    ]);
    workers[1].emit({ type: 'ready', gen: 2 });
    crash();
    client.send({ type: 'start', gen: client.nextGeneration() });
    expect(workers[2].posted.map((c) => c.type)).toEqual(['init', 'pause', 'pause', 'start']);
  });

  it('after dispose starts nothing and sends nothing', () => {
    const { client, workers, crash } = restarting();
    workers[0].emit({ type: 'ready', gen: 1 });
    crash();
    client.dispose();
    client.send({ type: 'start', gen: client.nextGeneration() });
    expect(workers).toHaveLength(1);
    const live = restarting();
    live.client.dispose();
    expect(live.workers[0].terminated).toBe(true);
  });
});
