/**
 * Page side of a reflow run. `createReflowTrainer()` starts the rounds in a Web Worker and falls
 * back to the main thread (short chunks) when the worker cannot start or fails before it is ready;
 * TF.js is loaded only inside the worker or the fallback's runner chunk. The client owns the
 * generation counter (reset bumps it) and drops stale events.
 *
 * For other pages (the solver lab compares the I-CFM, OT-CFM and 2-RF fields): `trainRounds()`
 * runs a whole configuration and resolves with every round's result, including its network's
 * weights; `loadVelocityField(result.weights)` (field.ts) turns those into a field the core's ODE
 * solvers can integrate.
 */
import { isBackendName } from '../../nn/backend-names.ts';
import { rememberBackend, rememberedBackend, startEngineWorker, type EngineEndpoint, type EngineLocation } from '../worker-endpoint.ts';
import type { ReflowCommand, ReflowEvent, ReflowProgress } from './protocol.ts';
import type { RoundResult } from './rounds.ts';
import type { ReflowSettings } from './settings.ts';

export interface ReflowTrainerHandle {
  readonly where: () => EngineLocation;
  readonly generation: () => number;
  start(): void;
  pause(): void;
  /** A fresh run with these settings (paused until start). */
  reset(settings: ReflowSettings): void;
  dispose(): void;
}

export interface ReflowTrainerOptions {
  settings: ReflowSettings;
  /** `?backend=` (an unknown name is ignored). */
  force?: string | null;
  onEvent: (ev: ReflowEvent) => void;
  /** Skip the worker (`?worker=0`, tests of the fallback). */
  noWorker?: boolean;
}

export function createReflowTrainer(opts: ReflowTrainerOptions): ReflowTrainerHandle {
  const force = isBackendName(opts.force) ? opts.force : undefined;
  let gen = 1;
  let where: EngineLocation = 'starting';
  let endpoint: EngineEndpoint<ReflowCommand> | null = null;
  let ready = false;
  let disposed = false;
  let settings = opts.settings;
  const backlog: ReflowCommand[] = [];
  const early: ReflowCommand[] = [];

  const init = (): ReflowCommand => ({ type: 'init', gen, settings, force, remembered: force ? null : rememberedBackend() });

  const deliver = (ev: ReflowEvent) => {
    if (disposed) return;
    if (ev.type === 'ready') {
      ready = true;
      if (!force) rememberBackend(ev.backend.name);
    }
    if (ev.gen !== gen) return;
    opts.onEvent(ev);
  };

  const send = (cmd: ReflowCommand) => {
    if (disposed) return;
    if (!ready) early.push(cmd);
    if (endpoint) endpoint.send(cmd);
    else backlog.push(cmd);
  };

  const startMainThread = (why: string): void => {
    where = 'main-thread';
    import('./runner.ts')
      .then(({ ReflowRunner }) => {
        if (disposed) return;
        const runner = new ReflowRunner({ where: 'main-thread', maxChunkMs: 25, progressMs: 250, post: (ev) => deliver(ev) });
        endpoint = { send: (c) => runner.handle(c), close: () => runner.handle({ type: 'dispose' }) };
        if (why) console.info(`reflow-live: training on the main thread (${why})`);
        runner.handle(init());
        backlog.length = 0;
        for (const c of early.splice(0))
          if (c.type !== 'reset' && c.type !== 'dispose' && c.type !== 'init' && c.gen === gen) runner.handle(c);
      })
      .catch((err: unknown) => {
        deliver({ type: 'error', gen, message: `the reflow engine could not start (${err instanceof Error ? err.message : String(err)})` });
      });
  };

  if (!opts.noWorker && typeof Worker !== 'undefined') {
    const worker = startEngineWorker<ReflowCommand, ReflowEvent>({
      create: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'reflow-live' }),
      init: init(),
      isReady: () => ready,
      isDisposed: () => disposed,
      onEvent: deliver,
      fallback: (why) => {
        endpoint = null;
        startMainThread(why);
      },
    });
    if (worker) {
      where = 'worker';
      endpoint = worker;
      for (const c of backlog.splice(0)) worker.send(c);
    }
  } else startMainThread(opts.noWorker ? 'worker disabled' : 'no Worker in this browser');

  return {
    where: () => where,
    generation: () => gen,
    start: () => send({ type: 'start', gen }),
    pause: () => send({ type: 'pause', gen }),
    reset(next) {
      settings = next;
      gen++;
      send({ type: 'reset', gen, settings });
    },
    dispose() {
      send({ type: 'dispose' });
      disposed = true;
      endpoint?.close();
    },
  };
}

export interface TrainRoundsOptions {
  force?: string | null;
  noWorker?: boolean;
  /** Rejects (and stops the run) when aborted. */
  signal?: AbortSignal;
}

/**
 * Runs every round of `settings` to the end and resolves with the results, one per round (index 0
 * is the 1-RF): figures, samples, trajectories and `weights` (load them with `loadVelocityField`).
 * `onProgress` sees every progress event. Rejects on divergence, an engine error or abort.
 */
export function trainRounds(
  settings: ReflowSettings,
  onProgress?: (p: ReflowProgress, results: readonly RoundResult[]) => void,
  opts: TrainRoundsOptions = {},
): Promise<RoundResult[]> {
  return new Promise((resolve, reject) => {
    const results: RoundResult[] = [];
    const finish = (err?: Error) => {
      handle.dispose();
      opts.signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(results);
    };
    const onAbort = () => finish(new Error('trainRounds: aborted'));
    const handle = createReflowTrainer({
      settings,
      force: opts.force,
      noWorker: opts.noWorker,
      onEvent: (ev) => {
        if (ev.type === 'ready') handle.start();
        else if (ev.type === 'round') results.push(ev.result);
        else if (ev.type === 'progress') {
          onProgress?.(ev, results);
          if (ev.phase === 'done') finish();
        } else if (ev.type === 'diverged') finish(new Error(`trainRounds: round ${ev.round} diverged: ${ev.reason}`));
        else finish(new Error(`trainRounds: ${ev.message}`));
      },
    });
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort);
  });
}
