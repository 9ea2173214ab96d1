/**
 * The page side of an engine, written once for every engine that speaks the generation protocol
 * (train/, reflow/, memorisation-n/, sde-vs-ode/, solver-lab/, couplings/, cifar/, playground/,
 * reproductions/, unmixing/ …; each `client.ts` is a thin use of it):
 *
 * - **Where it runs.** In a Web Worker when the browser has one (worker-endpoint.ts), else, or when
 *   the worker fails before it is ready, on the main thread: the engine's runner is loaded with
 *   `import()` and driven directly. A runner that cannot even load reaches the widget as an `error`
 *   event, never as silence or an unhandled rejection.
 * - **Generations.** The client owns the counter; `nextGeneration()` starts a new one (a reset, a
 *   new run) and from then on events of older generations are dropped before they reach the widget.
 *   `ready` (about the engine, not a run) always gets through, and so does an `error` tagged with
 *   generation 0 (the engine failed outside any run).
 * - **Early commands.** Commands sent before the engine is ready go to the worker as usual and are
 *   also kept; if the worker then fails, the main-thread runner gets `init` (built afresh: current
 *   settings, current generation) and then the kept commands that still matter, in their order.
 *
 *            create()                   'ready'
 *   starting ─────────▶ worker ─────────────────────▶ (ready: errors are the widget's)
 *      │                  │ throws / error before ready
 *      │ no Worker        ▼
 *      └────────────▶ main-thread: import(runner) ─▶ init, replay ─▶ 'ready'
 *                                     │ rejects
 *                                     ▼
 *                          `error` event to the widget
 *
 * The worker itself is created by the caller: `new Worker(new URL('./worker.ts', import.meta.url))`
 * and `import('./runner.ts')` must stay literal in each engine's client so the bundler emits the
 * worker and the runner chunk.
 */
import { isBackendName, type BackendName } from '../nn/backend-names.ts';
import { rememberBackend, rememberedBackend, startEngineWorker, type EngineEndpoint, type EngineLocation } from './worker-endpoint.ts';
import { engineLoadFailure } from './offline-note.ts';

/** Every protocol ends an engine with this command. */
export type DisposeCommand = { type: 'dispose' };
/** Every protocol reports a failure with this event (generation 0: outside any run). */
type EngineErrorEvent = { type: 'error'; gen: number; message: string };
/**
 * Every protocol announces the engine with this event (type `readyType`) once its backend is chosen;
 * an engine without TF.js (the solver lab's closed form) names no backend.
 */
type EngineReadyEvent = { type: string; backend?: { name: string } };

/** What an engine's runner (the same class the worker runs) must offer the main-thread fallback. */
export interface EngineRunner<C> {
  handle(cmd: C): void;
}

/** The backend part of every `init` command. */
interface InitBase {
  gen: number;
  force: BackendName | undefined;
  remembered: string | null;
}

export interface EngineClientOptions<C extends { type: string }, E extends { type: string; gen?: number }> {
  /** For the console note when the engine runs on the main thread ("reflow-live"). */
  name: string;
  /** `?backend=` (an unknown name is ignored). */
  force?: string | null;
  /** Skip the worker (`?worker=0`, tests of the fallback). */
  noWorker?: boolean;
  /** `new Worker(new URL('./worker.ts', import.meta.url), …)`; a throw means the main thread. */
  createWorker: () => Worker;
  /** `import('./runner.ts')` and a runner posting to `post`: the main-thread fallback. */
  loadRunner: (post: (ev: E) => void) => Promise<EngineRunner<C | DisposeCommand>>;
  /** The init command, built when the engine starts (so it carries the current settings). */
  init: (base: InitBase) => C;
  /** The generation before the first `nextGeneration()` (default 1). */
  firstGeneration?: number;
  /**
   * Which early commands the fallback replays after init (init and dispose never are). Default:
   * those without a generation or of the current one, except the types in `initSupersedes`.
   */
  replay?: (cmd: C, gen: number) => boolean;
  /** Commands init makes redundant (it already carries the latest settings), e.g. `['reset']`. */
  initSupersedes?: readonly C['type'][];
  /** Keep only the latest early command of each type (a newer request replaces an older one). */
  latestOfEachType?: boolean;
  /**
   * Event types about the engine's data rather than a run (the memorisation engine's spacing of the
   * training set): they carry no generation and are always delivered.
   */
  ungenerational?: readonly E['type'][];
  /** The event type that announces the engine (default 'ready'; the CIFAR engine says 'backend'). */
  readyType?: string;
  /**
   * The engine as a crash names it ("the training engine"): a worker that crashes after readiness
   * (worker-endpoint.ts) ends the current run with the `error` event "<crashedEngine> stopped
   * (<why>)", after `onCrash`. Without either, such a crash is ignored.
   */
  crashedEngine?: string;
  /** The worker crashed after readiness: what the client must do besides reporting it. */
  onCrash?: (why: string) => void;
  onEvent: (ev: E | EngineErrorEvent) => void;
}

/** The handle a client wraps (properties, not methods: the clients pass them on unbound). */
export interface EngineClient<C> {
  readonly where: () => EngineLocation;
  readonly generation: () => number;
  /** Starts a new generation and returns it: events of older ones are dropped from now on. */
  readonly nextGeneration: () => number;
  readonly send: (cmd: C) => void;
  /** Ends the engine (the worker is terminated); later commands and events are ignored. */
  readonly dispose: () => void;
}

export function createEngineClient<C extends { type: string }, E extends { type: string; gen?: number }>(
  opts: EngineClientOptions<C, E>,
): EngineClient<C> {
  const force = isBackendName(opts.force) ? opts.force : undefined;
  const supersedes = new Set<string>(opts.initSupersedes ?? []);
  const ungenerational = new Set<string>(opts.ungenerational ?? []);
  const readyType = opts.readyType ?? 'ready';
  const isReady = (ev: { type: string }): boolean => ev.type === readyType;
  const replay = opts.replay ?? ((cmd: C, gen: number) => !supersedes.has(cmd.type) && (!('gen' in cmd) || cmd.gen === gen));
  let gen = opts.firstGeneration ?? 1;
  let where: EngineLocation = 'starting';
  let endpoint: EngineEndpoint<C | DisposeCommand> | null = null;
  let ready = false;
  let disposed = false;
  /** Commands sent before the engine was ready: replayed if the worker fails and we fall back. */
  const early: C[] = [];

  const init = () => opts.init({ gen, force, remembered: force ? null : rememberedBackend() });

  const deliver = (ev: E | EngineErrorEvent) => {
    if (disposed) return;
    if (isReady(ev)) {
      ready = true;
      const backend = (ev as EngineReadyEvent).backend;
      if (!force && backend) rememberBackend(backend.name);
      opts.onEvent(ev);
      return;
    }
    // stale: computed for a generation the reader has since replaced
    if (ev.gen !== gen && !(ev.type === 'error' && ev.gen === 0) && !ungenerational.has(ev.type)) return;
    opts.onEvent(ev);
  };

  const startMainThread = (why: string): void => {
    where = 'main-thread';
    opts
      .loadRunner((ev) => deliver(ev))
      .then((runner) => {
        if (disposed) return;
        endpoint = { send: (c) => runner.handle(c), close: () => runner.handle({ type: 'dispose' }) };
        console.info(`${opts.name}: engine on the main thread (${why})`);
        runner.handle(init());
        for (const c of early.splice(0)) if (c.type !== 'init' && c.type !== 'dispose' && replay(c, gen)) runner.handle(c);
      })
      .catch((err: unknown) => {
        deliver({ type: 'error', gen, message: `the engine could not start (${engineLoadFailure(err)})` });
      });
  };

  if (!opts.noWorker && typeof Worker !== 'undefined') {
    const worker = startEngineWorker<C | DisposeCommand, E>({
      create: opts.createWorker,
      init: init(),
      isReady: () => ready,
      isDisposed: () => disposed,
      onEvent: deliver,
      onCrash:
        opts.onCrash || opts.crashedEngine
          ? (why) => {
              opts.onCrash?.(why);
              if (opts.crashedEngine) deliver({ type: 'error', gen, message: `${opts.crashedEngine} stopped (${why})` });
            }
          : undefined,
      fallback: (why) => {
        endpoint = null;
        startMainThread(why);
      },
    });
    if (worker) {
      where = 'worker';
      endpoint = worker;
    }
  } else startMainThread(opts.noWorker ? 'worker disabled' : 'no Worker in this browser');

  return {
    where: () => where,
    generation: () => gen,
    nextGeneration: () => ++gen,
    send: (cmd) => {
      if (disposed) return;
      if (!ready) {
        if (opts.latestOfEachType) {
          const older = early.findIndex((c) => c.type === cmd.type);
          if (older >= 0) early.splice(older, 1);
        }
        early.push(cmd);
      }
      endpoint?.send(cmd);
    },
    dispose: () => {
      if (disposed) return;
      disposed = true;
      endpoint?.close();
    },
  };
}

/**
 * An engine client that starts a fresh engine with the next run after its worker crashed (the
 * crash is reported first, `crashedEngine`, so the widget can say the run failed). A run is a new
 * generation (`nextGeneration`); other commands (pause, a question about the crashed run) are
 * dropped while there is no engine. For engines whose every run starts from a command that carries
 * all it needs (a new comparison, a new simulation): nothing of the crashed engine's state is
 * missed. The generation goes on across engines, so events of runs from before the crash stay stale.
 * An engine that keeps something a run needs from an earlier command (the memorisation engine's
 * training images) names the commands that give it back in `restore`: every engine started after a
 * crash gets them right after its init, before the run. They go as early commands, so if that
 * engine's worker fails before it is ready the main-thread fallback replays them only as it replays
 * any other (`replay`): a restore command carries no generation and is not in `initSupersedes`.
 */
export function createRestartingEngineClient<C extends { type: string }, E extends { type: string; gen?: number }>(
  opts: EngineClientOptions<C, E> & { restore?: () => C[] },
): EngineClient<C> {
  let gen = opts.firstGeneration ?? 1;
  let current: EngineClient<C> | null = null;
  let disposed = false;
  let started = 0;
  const engine = (): EngineClient<C> => {
    if (current) return current;
    const fresh = createEngineClient<C, E>({
      ...opts,
      firstGeneration: gen,
      onCrash: (why) => {
        if (current === fresh) current = null;
        opts.onCrash?.(why);
      },
    });
    current = fresh;
    if (started++ > 0) for (const cmd of opts.restore?.() ?? []) fresh.send(cmd);
    return fresh;
  };
  engine();
  return {
    where: () => current?.where() ?? 'starting',
    generation: () => gen,
    nextGeneration: () => (gen = disposed ? gen + 1 : engine().nextGeneration()),
    send: (cmd) => {
      if (!disposed) current?.send(cmd);
    },
    dispose: () => {
      disposed = true;
      current?.dispose();
    },
  };
}
