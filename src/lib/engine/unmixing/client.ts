/**
 * Page side of the un-mixing trainer, a thin use of ../worker-client.ts: the engine runs in a Web
 * Worker (main-thread fallback when the worker cannot start or fails before it is ready), one
 * training job at a time, events of replaced jobs dropped. Loaded with `await import()` when the
 * reader presses Train; TF.js follows inside the engine. A worker that crashes after it was ready
 * fails the job with an `error` ("the training engine stopped (why)"). After any `error` the owner
 * (the widget's PlanNetwork) starts a fresh trainer for the next job: each job carries all it needs.
 */
import { createEngineClient } from '../worker-client.ts';
import type { PlanTraining, UnmixingCommand, UnmixingEvent } from './protocol.ts';

export interface PlanTrainer {
  train(job: PlanTraining): void;
  dispose(): void;
}

export function createPlanTrainer(opts: { onEvent: (ev: UnmixingEvent) => void; force?: string | null; noWorker?: boolean }): PlanTrainer {
  const engine = createEngineClient<UnmixingCommand, UnmixingEvent>({
    name: 'coupling-unmixing',
    force: opts.force,
    noWorker: opts.noWorker,
    createWorker: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'coupling-unmixing' }),
    loadRunner: (post) => import('./runner.ts').then(({ UnmixingRunner }) => new UnmixingRunner({ post })),
    init: (base) => ({ type: 'init', ...base }),
    // A newer job replaces an older one that has not reached the engine yet.
    latestOfEachType: true,
    crashedEngine: 'the training engine',
    onEvent: opts.onEvent,
  });
  return {
    train: (job) => engine.send({ type: 'train', gen: engine.nextGeneration(), job }),
    dispose: engine.dispose,
  };
}
