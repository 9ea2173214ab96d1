/**
 * Page side of CIFAR sampling. `createCifarClient()` starts the engine (cifar/runner.ts) in a Web
 * Worker and falls back to running it on the main thread when the worker cannot start or its TF.js
 * fails before choosing a backend. TF.js is loaded only in the engine, on demand.
 *
 * The client owns the generation counter: each `sample()` bumps it, and events from older
 * generations are dropped before they reach the widget; after `cancel()` only the run's `cancelled`
 * (or `error`) event gets through.
 */
import type { CifarCommand, CifarEvent, CifarSampleRequest } from './protocol.ts';
import { rememberBackend, rememberedBackend, startEngineWorker, type EngineEndpoint, type EngineLocation } from '../worker-endpoint.ts';

export interface CifarClient {
  readonly where: () => EngineLocation;
  /** Starts TF.js and chooses the backend (a `backend` event follows). */
  init(): void;
  /** Samples from the checkpoint folder at `url`; returns the run's generation. */
  sample(url: string, request: CifarSampleRequest): number;
  /** Cancels the current run (a `cancelled` event for its generation follows, if it was running). */
  cancel(): void;
  /** Holds the current run between solver steps (the widget is off-screen); `resume()` lets it go on. */
  pause(): void;
  resume(): void;
  dispose(): void;
  readonly generation: () => number;
}

export interface CifarClientOptions {
  /** `?backend=` (validated by the engine; an unknown name is ignored). */
  force?: string | null;
  onEvent: (ev: CifarEvent) => void;
  /** Skip the worker (tests of the fallback; `?worker=0`). */
  noWorker?: boolean;
  /** Label for console notes and the worker's name. */
  name?: string;
}

export function createCifarClient(opts: CifarClientOptions): CifarClient {
  let gen = 0;
  let where: EngineLocation = 'starting';
  let endpoint: EngineEndpoint<CifarCommand> | null = null;
  let ready = false;
  let disposed = false;
  let started = false;
  let cancelledGen = -1;
  /** Commands sent before the backend was chosen: replayed if the worker fails and we fall back. */
  const early: CifarCommand[] = [];
  const name = opts.name ?? 'cifar';
  const initCmd = (): CifarCommand => ({ type: 'init', force: opts.force ?? null, remembered: opts.force ? null : rememberedBackend() });

  const deliver = (ev: CifarEvent) => {
    if (disposed) return;
    if (ev.type === 'backend') {
      ready = true;
      early.length = 0;
      if (!opts.force) rememberBackend(ev.backend.name);
      opts.onEvent(ev);
      return;
    }
    if (ev.type === 'error' && ev.gen === 0) {
      opts.onEvent(ev);
      return;
    }
    if (ev.gen !== gen) return; // stale: a superseded run
    if (ev.gen === cancelledGen) {
      // The reader cancelled this run: nothing more of it is drawn; a run that finished before the
      // cancel reached the engine is reported as cancelled too.
      if (ev.type === 'cancelled' || ev.type === 'error') opts.onEvent(ev);
      else if (ev.type === 'done') opts.onEvent({ type: 'cancelled', gen: ev.gen });
      return;
    }
    opts.onEvent(ev);
  };

  /** Runs the engine on the page; a failure to load it becomes an `error` event (gen 0) for the widget. */
  const startMainThread = (why: string): void => {
    where = 'main-thread';
    console.info(`${name}: sampling on the main thread (${why})`);
    Promise.all([import('./runner.ts'), import('../../nn/wasm-paths.browser.ts')])
      .then(([{ CifarRunner }, { WASM_PATHS }]) => runOnMainThread(CifarRunner, WASM_PATHS))
      .catch((err: unknown) => {
        deliver({
          type: 'error',
          gen: 0,
          message: `the sampling engine could not start (${err instanceof Error ? err.message : String(err)})`,
        });
      });
  };

  const runOnMainThread = (CifarRunner: typeof import('./runner.ts').CifarRunner, WASM_PATHS: Record<string, string>) => {
    if (disposed) return;
    const runner = new CifarRunner({ where: 'main-thread', wasmPaths: WASM_PATHS, post: (ev) => deliver(ev) });
    endpoint = { send: (c) => runner.handle(c), close: () => runner.handle({ type: 'cancel', gen: -1 }) };
    runner.handle(initCmd());
    for (const c of early.splice(0)) if (c.type !== 'init' && (c.type === 'cancel' || c.gen === gen)) runner.handle(c);
  };

  const startWorker = () => {
    const worker = startEngineWorker<CifarCommand, CifarEvent>({
      create: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name }),
      init: initCmd(),
      isReady: () => ready,
      isDisposed: () => disposed,
      onEvent: deliver,
      fallback: (why) => {
        endpoint = null;
        startMainThread(why);
      },
      // The worker died mid-run: the run fails with a message, and the next sample starts a new worker.
      onCrash: (why) => {
        endpoint = null;
        ready = false;
        started = false;
        where = 'starting';
        deliver({ type: 'error', gen, message: `the sampling engine stopped (${why})` });
      },
    });
    if (!worker) return;
    where = 'worker';
    endpoint = worker;
  };

  const send = (cmd: CifarCommand) => {
    if (disposed) return;
    if (!ready) early.push(cmd);
    // Labels are copied, not transferred: the fallback replays `early` commands and needs them intact.
    if (endpoint) endpoint.send(cmd);
  };

  const start = () => {
    if (started) return;
    started = true;
    const useWorker = !opts.noWorker && typeof Worker !== 'undefined';
    if (useWorker) startWorker();
    else startMainThread(opts.noWorker ? 'worker disabled' : 'no Worker in this browser');
  };

  return {
    where: () => where,
    generation: () => gen,
    init: start,
    sample(url, request) {
      start();
      gen++;
      send({ type: 'sample', gen, url: new URL(url, location.href).href, request });
      return gen;
    },
    cancel() {
      cancelledGen = gen; // its progress and frames are dropped from now on; `cancelled` follows
      send({ type: 'cancel', gen });
    },
    pause() {
      if (gen > 0) send({ type: 'pause', gen });
    },
    resume() {
      if (gen > 0) send({ type: 'resume', gen });
    },
    dispose() {
      disposed = true;
      endpoint?.close();
    },
  };
}
