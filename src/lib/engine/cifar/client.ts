/**
 * Page side of CIFAR sampling. `createCifarClient()` starts the engine (cifar/runner.ts) in a Web
 * Worker, through ../worker-client.ts like every other engine: it falls back to the main thread when
 * the worker cannot start or its TF.js fails before choosing a backend (the `backend` event), drops
 * events of superseded generations and replays early commands on the fallback. TF.js is loaded only
 * in the engine, on demand.
 *
 * What is CIFAR's own: the engine starts lazily (on `init()` or the first `sample()`); each `sample()`
 * starts a generation; after `cancel()` only the run's `cancelled` (or `error`) event gets through;
 * and a worker that crashes mid-run fails that run with a message, the next `sample()` starting a
 * fresh worker.
 */
import type { CifarCommand, CifarEvent, CifarSampleRequest } from './protocol.ts';
import { createEngineClient, type EngineClient } from '../worker-client.ts';
import type { EngineLocation } from '../worker-endpoint.ts';

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
  const name = opts.name ?? 'cifar';
  let gen = 0;
  let cancelledGen = -1;
  let disposed = false;
  /** Null until started, and again after a crash (the next sample starts a fresh engine). */
  let engine: EngineClient<CifarCommand> | null = null;

  const deliver = (ev: CifarEvent) => {
    if (disposed) return;
    if (ev.type === 'backend' || (ev.type === 'error' && ev.gen === 0) || ev.gen !== cancelledGen) {
      opts.onEvent(ev);
      return;
    }
    // The reader cancelled this run: nothing more of it is drawn; a run that finished before the
    // cancel reached the engine is reported as cancelled too.
    if (ev.type === 'cancelled' || ev.type === 'error') opts.onEvent(ev);
    else if (ev.type === 'done') opts.onEvent({ type: 'cancelled', gen: ev.gen });
  };

  const start = (): EngineClient<CifarCommand> =>
    (engine ??= createEngineClient<CifarCommand, CifarEvent>({
      name,
      force: opts.force,
      noWorker: opts.noWorker,
      firstGeneration: gen,
      createWorker: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name }),
      loadRunner: (post) =>
        Promise.all([import('./runner.ts'), import('../../nn/wasm-paths.browser.ts')]).then(([{ CifarRunner }, { WASM_PATHS }]) => {
          const runner = new CifarRunner({ where: 'main-thread', wasmPaths: WASM_PATHS, post: (ev) => post(ev) });
          // `dispose` ends whatever runs (the runner has no dispose of its own).
          return {
            handle: (c: CifarCommand | { type: 'dispose' }) => runner.handle(c.type === 'dispose' ? { type: 'cancel', gen: -1 } : c),
          };
        }),
      init: (base) => ({ type: 'init', force: base.force ?? null, remembered: base.remembered }),
      readyType: 'backend',
      // Labels are copied, not transferred: the fallback replays early commands and needs them intact.
      replay: (c, g) => c.type === 'cancel' || ('gen' in c && c.gen === g),
      // The worker died mid-run: the run fails with a message, and the next sample starts a new worker.
      onCrash: (why) => {
        engine = null;
        deliver({ type: 'error', gen, message: `the sampling engine stopped (${why})` });
      },
      onEvent: deliver,
    }));

  return {
    where: () => engine?.where() ?? 'starting',
    generation: () => gen,
    init: () => void start(),
    sample(url, request) {
      const e = start();
      gen = e.nextGeneration();
      e.send({ type: 'sample', gen, url: new URL(url, location.href).href, request });
      return gen;
    },
    cancel() {
      cancelledGen = gen; // its progress and frames are dropped from now on; `cancelled` follows
      engine?.send({ type: 'cancel', gen });
    },
    pause() {
      if (gen > 0) engine?.send({ type: 'pause', gen });
    },
    resume() {
      if (gen > 0) engine?.send({ type: 'resume', gen });
    },
    dispose() {
      disposed = true;
      engine?.dispose();
    },
  };
}
