/**
 * What every page-side engine client shares: the remembered backend choice, and starting an engine
 * in a Web Worker with a fallback to the main thread when the worker cannot start, throws, or
 * reports an error before it is ready. worker-client.ts builds the generation protocol on top of it
 * (every engine's client.ts goes through it).
 *
 * The worker itself is created by the caller (`new Worker(new URL('./x.worker.ts', import.meta.url))`
 * must stay literal in each client so the bundler emits the worker chunk).
 */

/** Where an engine runs; 'starting' until the worker or the fallback is up. */
export type EngineLocation = 'worker' | 'main-thread' | 'starting';

/** A way to send commands to a running engine, wherever it runs. */
export interface EngineEndpoint<C> {
  send(cmd: C, transfer?: Transferable[]): void;
  close(): void;
}

const STORAGE_KEY = 'cfm-live.backend.v1';

/** The backend a previous visit settled on (null: none, or storage is unavailable). */
export function rememberedBackend(): string | null {
  try {
    return typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  } catch {
    return null;
  }
}

/** Remembers the backend for the next visit (silently skipped in private mode). */
export function rememberBackend(name: string): void {
  try {
    localStorage.setItem(STORAGE_KEY, name);
  } catch {
    /* private mode: no storage */
  }
}

export interface WorkerStart<C, E extends { type: string }> {
  /** Creates the worker; a throw (no module workers, CSP) means the main thread is used at once. */
  create: () => Worker;
  /** The first command (init), posted as soon as the worker exists. */
  init: C;
  /** True once the engine has reported that it is ready; errors after that are the widget's. */
  isReady: () => boolean;
  isDisposed: () => boolean;
  /** Every event from the worker except an error before readiness, which triggers the fallback. */
  onEvent: (ev: E) => void;
  /** Starts the engine on the main thread instead, with the reason (logged by the caller). */
  fallback: (why: string) => void;
  /**
   * The worker failed after readiness (an uncaught error: it crashed, ran out of memory): it has
   * been terminated, and the caller reports the run as failed and starts a fresh worker on retry.
   * Without it such an error is ignored and a run in flight would wait forever.
   */
  onCrash?: (why: string) => void;
}

/**
 * Starts the engine in a worker; returns its endpoint, or null when the fallback was taken at once.
 * If the worker fails before readiness it is terminated and `fallback` runs; the caller then drops
 * this endpoint and replays its early commands on the main-thread engine.
 */
export function startEngineWorker<C, E extends { type: string; message?: string }>(opts: WorkerStart<C, E>): EngineEndpoint<C> | null {
  let worker: Worker;
  try {
    worker = opts.create();
  } catch (err) {
    opts.fallback(`no worker: ${String(err)}`);
    return null;
  }
  const fail = (why: string) => {
    if (opts.isReady() || opts.isDisposed()) return;
    worker.terminate();
    opts.fallback(why);
  };
  worker.onmessage = (e: MessageEvent<E>) => {
    const ev = e.data;
    if (ev.type === 'error' && !opts.isReady()) {
      fail(`worker failed: ${ev.message ?? 'unknown'}`);
      return;
    }
    opts.onEvent(ev);
  };
  worker.onerror = (e) => {
    e.preventDefault?.();
    const why = `worker error: ${e.message ?? 'unknown'}`;
    if (opts.isReady() && !opts.isDisposed() && opts.onCrash) {
      worker.terminate();
      opts.onCrash(why);
      return;
    }
    fail(why);
  };
  worker.postMessage(opts.init);
  return {
    send: (cmd, transfer) => worker.postMessage(cmd, transfer ?? []),
    close: () => worker.terminate(),
  };
}
