/**
 * Page side of a reflow run. `createReflowTrainer()` starts the rounds in a Web Worker and falls
 * back to the main thread (short chunks) when the worker cannot start or fails before it is ready
 * (../worker-client.ts: the generation counter, stale events dropped, early commands replayed);
 * TF.js is loaded only inside the worker or the fallback's runner chunk. Reset starts a generation.
 *
 * For other pages (the solver lab compares the I-CFM, OT-CFM and 2-RF fields): `trainRounds()`
 * runs a whole configuration and resolves with every round's result, including its network's
 * weights; `loadVelocityField(result.weights)` (field.ts) turns those into a field the core's ODE
 * solvers can integrate.
 */
import { createEngineClient } from '../worker-client.ts';
import type { EngineLocation } from '../worker-endpoint.ts';
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
  let settings = opts.settings;
  const engine = createEngineClient<ReflowCommand, ReflowEvent>({
    name: 'reflow-live',
    force: opts.force,
    noWorker: opts.noWorker,
    createWorker: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'reflow-live' }),
    loadRunner: (post) =>
      import('./runner.ts').then(({ ReflowRunner }) => new ReflowRunner({ where: 'main-thread', maxChunkMs: 25, progressMs: 250, post })),
    init: (base) => ({ type: 'init', ...base, settings }),
    initSupersedes: ['reset'],
    // The worker died after it was ready (out of memory, say): the run fails with a message, and the
    // widget's retry (TrainerDriver) starts a fresh engine. Without this the widget kept saying it trained.
    crashedEngine: 'the training engine',
    onEvent: opts.onEvent,
  });
  return {
    where: engine.where,
    generation: engine.generation,
    start: () => engine.send({ type: 'start', gen: engine.generation() }),
    pause: () => engine.send({ type: 'pause', gen: engine.generation() }),
    reset(next) {
      settings = next;
      engine.send({ type: 'reset', gen: engine.nextGeneration(), settings });
    },
    dispose: engine.dispose,
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
