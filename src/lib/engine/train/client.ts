/**
 * Page side of a training session. `createTrainer()` starts the session in a Web Worker and falls
 * back to running it on the main thread (in short chunks) when the worker cannot start or its
 * TF.js reports an error before it is ready. TF.js is loaded only here, on demand.
 *
 * The protocol's client side is ../worker-client.ts: `reset()` starts a new generation, events from
 * older generations are dropped before they reach the widget, and if the engine cannot start at all
 * (the runner's chunk fails to load on the main thread too) the widget gets an `error` event.
 */
import type { Command, DrawnPoints, SessionEvent } from './protocol.ts';
import type { TrainSettings } from './settings.ts';
import type { ExportedWeights } from '../../nn/mlp.ts';
import { createEngineClient } from '../worker-client.ts';
import type { EngineLocation } from '../worker-endpoint.ts';

export interface TrainerHandle {
  readonly where: () => EngineLocation;
  start(): void;
  pause(): void;
  step(n: number): void;
  /** New settings: live ones are applied in place, others reset (fresh weights). */
  update(settings: TrainSettings, reset: boolean, drawn?: DrawnPoints): void;
  reset(settings: TrainSettings, drawn?: DrawnPoints): void;
  sample(): void;
  exportWeights(): void;
  /** Loads saved weights of the same architecture into the network (training pauses). */
  importWeights(weights: ExportedWeights): void;
  dispose(): void;
  /** Current generation (events with another generation are dropped). */
  readonly generation: () => number;
}

export interface TrainerOptions {
  settings: TrainSettings;
  drawn?: DrawnPoints;
  /** `?backend=` (an unknown name is ignored). */
  force?: string | null;
  onEvent: (ev: SessionEvent) => void;
  /** Skip the worker (tests of the fallback; `?worker=0`). */
  noWorker?: boolean;
}

export function createTrainer(opts: TrainerOptions): TrainerHandle {
  let settings = opts.settings;
  let drawn = opts.drawn;
  const engine = createEngineClient<Command, SessionEvent>({
    name: 'train-cfm',
    force: opts.force,
    noWorker: opts.noWorker,
    createWorker: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'train-cfm' }),
    loadRunner: (post) =>
      import('./runner.ts').then(({ SessionRunner }) => new SessionRunner({ where: 'main-thread', maxChunkMs: 25, snapshotMs: 250, post })),
    // init carries the current settings; the fallback replays only what was asked of this generation since.
    init: (base) => ({ type: 'init', ...base, settings, drawn }),
    initSupersedes: ['reset'],
    // The worker died after it was ready (out of memory, say): the run fails with a message, and the
    // widget's retry (TrainerDriver) starts a fresh engine. Without this the widget kept saying it trained.
    crashedEngine: 'the training engine',
    onEvent: opts.onEvent,
  });
  const gen = engine.generation;
  const reset = (next: TrainSettings, nextDrawn?: DrawnPoints) => {
    settings = next;
    if (nextDrawn) drawn = nextDrawn;
    engine.send({ type: 'reset', gen: engine.nextGeneration(), settings, drawn });
  };

  return {
    where: engine.where,
    generation: gen,
    start: () => engine.send({ type: 'start', gen: gen() }),
    pause: () => engine.send({ type: 'pause', gen: gen() }),
    step: (n) => engine.send({ type: 'step', gen: gen(), n }),
    update(next, fresh, nextDrawn) {
      if (fresh) {
        reset(next, nextDrawn);
        return;
      }
      settings = next;
      if (nextDrawn) drawn = nextDrawn;
      engine.send({ type: 'update', gen: gen(), settings });
    },
    reset,
    sample: () => engine.send({ type: 'sample', gen: gen() }),
    exportWeights: () => engine.send({ type: 'export', gen: gen() }),
    importWeights: (weights) => engine.send({ type: 'import', gen: gen(), weights }),
    dispose: engine.dispose,
  };
}
