/**
 * Page side of a reproduction session: a thin use of ../worker-client.ts (the run in a Web Worker,
 * the main-thread fallback when the worker cannot start or fails before it is ready, the generation
 * counter, stale events dropped, early commands replayed). TF.js is loaded only inside the worker or
 * the fallback's runner chunk. `restart()` starts a new generation; a worker that crashes after it
 * was ready ends the session with an `error`, and the widget's Retry (TrainerDriver) starts a fresh one.
 */
import { createEngineClient } from '../worker-client.ts';
import type { EngineLocation } from '../worker-endpoint.ts';
import type { ReproCommand, ReproEvent } from './protocol.ts';
import type { RunSpec } from './protocols.ts';

export interface ReproHandle {
  readonly where: () => EngineLocation;
  start(): void;
  pause(): void;
  /** Drops the session and prepares these runs (call start to run them). */
  restart(runs: RunSpec[]): void;
  dispose(): void;
}

export interface ReproOptions {
  runs: RunSpec[];
  /** `?backend=` (an unknown name is ignored). */
  force?: string | null;
  onEvent: (ev: ReproEvent) => void;
  /** Skip the worker (`?worker=0`). */
  noWorker?: boolean;
}

export function createReproSession(opts: ReproOptions): ReproHandle {
  let runs = opts.runs;
  const engine = createEngineClient<ReproCommand, ReproEvent>({
    name: 'reproductions',
    force: opts.force,
    noWorker: opts.noWorker,
    createWorker: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'reproductions' }),
    loadRunner: (post) => import('./runner.ts').then(({ ReproRunner }) => new ReproRunner({ where: 'main-thread', maxChunkMs: 25, post })),
    init: (base) => ({ type: 'init', ...base, runs }),
    initSupersedes: ['restart'],
    crashedEngine: 'the training engine',
    onEvent: opts.onEvent,
  });
  return {
    where: engine.where,
    start: () => engine.send({ type: 'start', gen: engine.generation() }),
    pause: () => engine.send({ type: 'pause', gen: engine.generation() }),
    restart(next) {
      runs = next;
      engine.send({ type: 'restart', gen: engine.nextGeneration(), runs });
    },
    dispose: engine.dispose,
  };
}
