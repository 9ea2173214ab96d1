/**
 * startEngineWorker: the worker/main-thread decision both engine clients rely on, driven by a
 * stand-in Worker (Node has none): a worker that cannot be created or fails before it is ready is
 * terminated and replaced by the fallback; after readiness its errors belong to the widget.
 */
import { describe, expect, it } from 'vitest';
import { rememberBackend, rememberedBackend, startEngineWorker } from '../../../src/lib/engine/worker-endpoint.ts';

type Ev = { type: 'ready' } | { type: 'error'; message: string } | { type: 'progress'; k: number };

class FakeWorker {
  posted: unknown[] = [];
  terminated = false;
  onmessage: ((e: MessageEvent<Ev>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  postMessage(m: unknown) {
    this.posted.push(m);
  }
  terminate() {
    this.terminated = true;
  }
  emit(ev: Ev) {
    this.onmessage?.({ data: ev } as MessageEvent<Ev>);
  }
}

function setUp() {
  const fake = new FakeWorker();
  const state = { ready: false, disposed: false, events: [] as Ev[], fallbacks: [] as string[] };
  const endpoint = startEngineWorker<string, Ev>({
    create: () => fake as unknown as Worker,
    init: 'init',
    isReady: () => state.ready,
    isDisposed: () => state.disposed,
    onEvent: (ev) => {
      if (ev.type === 'ready') state.ready = true;
      state.events.push(ev);
    },
    fallback: (why) => state.fallbacks.push(why),
  });
  return { fake, state, endpoint };
}

describe('startEngineWorker', () => {
  it('posts init first, then forwards commands and events', () => {
    const { fake, state, endpoint } = setUp();
    expect(fake.posted).toEqual(['init']);
    endpoint!.send('sample');
    expect(fake.posted).toEqual(['init', 'sample']);
    fake.emit({ type: 'ready' });
    fake.emit({ type: 'progress', k: 3 });
    expect(state.events).toEqual([{ type: 'ready' }, { type: 'progress', k: 3 }]);
    expect(state.fallbacks).toEqual([]);
  });

  it('an error before readiness terminates the worker and falls back, with the reason', () => {
    const { fake, state } = setUp();
    fake.emit({ type: 'error', message: 'no WebGPU adapter' });
    expect(fake.terminated).toBe(true);
    expect(state.fallbacks).toEqual(['worker failed: no WebGPU adapter']);
    expect(state.events).toEqual([]);
  });

  it('a worker script error before readiness falls back too; after readiness errors reach the widget', () => {
    const a = setUp();
    a.fake.onerror!({ message: 'SyntaxError', preventDefault() {} } as ErrorEvent);
    expect(a.state.fallbacks).toEqual(['worker error: SyntaxError']);

    const b = setUp();
    b.fake.emit({ type: 'ready' });
    b.fake.emit({ type: 'error', message: 'out of memory' });
    expect(b.fake.terminated).toBe(false);
    expect(b.state.fallbacks).toEqual([]);
    expect(b.state.events.at(-1)).toEqual({ type: 'error', message: 'out of memory' });
  });

  it('a disposed client does not fall back', () => {
    const { fake, state } = setUp();
    state.disposed = true;
    fake.emit({ type: 'error', message: 'late' });
    expect(state.fallbacks).toEqual([]);
  });

  it('when no worker can be created the fallback runs at once and no endpoint is returned', () => {
    const fallbacks: string[] = [];
    const endpoint = startEngineWorker<string, Ev>({
      create: () => {
        throw new TypeError('module workers unsupported');
      },
      init: 'init',
      isReady: () => false,
      isDisposed: () => false,
      onEvent: () => {},
      fallback: (why) => fallbacks.push(why),
    });
    expect(endpoint).toBeNull();
    expect(fallbacks).toEqual(['no worker: TypeError: module workers unsupported']);
  });

  it('without storage (as in Node) the remembered backend is null and remembering does not throw', () => {
    expect(rememberedBackend()).toBeNull(); // Node: no localStorage
    expect(() => rememberBackend('wasm')).not.toThrow();
  });
});
