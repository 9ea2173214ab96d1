/**
 * Page side of a memorisation-vs-n sweep: starts the sweep in a Web Worker and falls back to the
 * main thread when the worker cannot start or fails before it is ready (../worker-client.ts).
 * TF.js is loaded only through this module, which the widget imports on demand.
 *
 * `restart()` starts a new generation: events of older ones are dropped before they reach the widget.
 */
import { createEngineClient } from '../worker-client.ts';
import type { EngineLocation } from '../worker-endpoint.ts';
import type { MemoCommand, MemoEvent } from './protocol.ts';
import type { MemoNSettings } from './settings.ts';

export interface MemoSweepHandle {
  readonly where: () => EngineLocation;
  start(): void;
  pause(): void;
  /** Drops the sweep and prepares a fresh one with these settings (call start to run it). */
  restart(settings: MemoNSettings): void;
  dispose(): void;
}

export interface MemoSweepOptions {
  settings: MemoNSettings;
  /** `?backend=` (an unknown name is ignored). */
  force?: string | null;
  onEvent: (ev: MemoEvent) => void;
  /** Skip the worker (`?worker=0`). */
  noWorker?: boolean;
}

export function createMemoSweep(opts: MemoSweepOptions): MemoSweepHandle {
  let settings = opts.settings;
  const engine = createEngineClient<MemoCommand, MemoEvent>({
    name: 'memorisation-vs-n',
    force: opts.force,
    noWorker: opts.noWorker,
    createWorker: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'memorisation-vs-n' }),
    loadRunner: (post) =>
      import('./runner.ts').then(({ MemoSweepRunner }) => new MemoSweepRunner({ where: 'main-thread', maxChunkMs: 25, post })),
    init: (base) => ({ type: 'init', ...base, settings }),
    initSupersedes: ['restart'],
    // The worker died after it was ready (out of memory, say): the run fails with a message, and the
    // widget's retry (TrainerDriver) starts a fresh engine. Without this the widget kept saying it trained.
    crashedEngine: 'the training engine',
    onEvent: opts.onEvent,
  });
  return {
    where: engine.where,
    start: () => engine.send({ type: 'start', gen: engine.generation() }),
    pause: () => engine.send({ type: 'pause', gen: engine.generation() }),
    restart(next) {
      settings = next;
      engine.send({ type: 'restart', gen: engine.nextGeneration(), settings });
    },
    dispose: engine.dispose,
  };
}
