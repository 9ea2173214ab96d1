/**
 * Page side of the solver lab's engine: starts it in a Web Worker (falling back to the main thread
 * when the worker cannot start or fails before it is ready), owns the generation counter and drops
 * stale events, all through ../worker-client.ts. TF.js is loaded only inside the worker or the fallback's chunk.
 */
import type { OdeMethod } from '../../core/index.ts';
import { createEngineClient } from '../worker-client.ts';
import type { TrainedField, TrainSpec } from './fields.ts';
import type { LabCommand, LabEvent } from './protocol.ts';

export interface LabEngine {
  /** Trains the three fields afresh (a new generation: older events are dropped). */
  train(spec: TrainSpec): void;
  run(field: TrainedField, method: OdeMethod, steps: number, tolLog: number): void;
  /** Off-screen: training waits; on screen again: it goes on. */
  pause(): void;
  resume(): void;
  dispose(): void;
}

export function createLabEngine(opts: { force?: string | null; noWorker?: boolean; onEvent: (ev: LabEvent) => void }): LabEngine {
  const engine = createEngineClient<LabCommand, LabEvent>({
    name: 'solver-lab',
    force: opts.force,
    noWorker: opts.noWorker,
    createWorker: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'solver-lab' }),
    loadRunner: (post) => import('./runner.ts').then(({ LabRunner }) => new LabRunner({ where: 'main-thread', post })),
    init: (base) => ({ type: 'init', ...base }),
    // The worker died after it was ready (out of memory, say): training fails with a message, and the
    // widget drops this engine; Train starts a fresh one (widgets/solver-lab/trained.svelte.ts).
    crashedEngine: 'the training engine',
    onEvent: opts.onEvent,
  });
  return {
    train: (spec) => engine.send({ type: 'train', gen: engine.nextGeneration(), spec }),
    run: (field, method, steps, tolLog) => engine.send({ type: 'run', gen: engine.generation(), field, method, steps, tolLog }),
    pause: () => engine.send({ type: 'pause' }),
    resume: () => engine.send({ type: 'resume' }),
    dispose: engine.dispose,
  };
}
