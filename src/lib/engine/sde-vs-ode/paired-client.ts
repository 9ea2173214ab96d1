/**
 * Page side of the SDE vs ODE widget's closed-form engine: in a Web Worker when one starts, else the
 * same runner on the page in slices of `pageSliceMs` (../worker-client.ts does the choosing, the
 * generations and the replay of early commands). No TF.js, no backend: its ready event names none.
 */
import { createRestartingEngineClient } from '../worker-client.ts';
import type { PairedSpec } from './paired.ts';
import type { PairedCommand, PairedEvent } from './paired-protocol.ts';

export interface PairedEngine {
  /** A new run (a new generation: events of older runs are dropped). */
  simulate(spec: PairedSpec): void;
  /** The figures at frame `step` of the current run. */
  metrics(step: number): void;
  pause(): void;
  resume(): void;
  dispose(): void;
}

export function createPairedEngine(opts: { noWorker?: boolean; pageSliceMs: number; onEvent: (ev: PairedEvent) => void }): PairedEngine {
  const engine = createRestartingEngineClient<PairedCommand, PairedEvent>({
    name: 'sde-vs-ode closed form',
    noWorker: opts.noWorker,
    createWorker: () => new Worker(new URL('./paired-worker.ts', import.meta.url), { type: 'module', name: 'sde-vs-ode-closed-form' }),
    loadRunner: (post) => import('./paired-runner.ts').then(({ PairedRunner }) => new PairedRunner({ sliceMs: opts.pageSliceMs, post })),
    init: (base) => ({ type: 'init', gen: base.gen }),
    // The worker died after it was ready (out of memory, say): the run fails with a message (the
    // widget stops saying it is working), and the reader's next run starts a fresh worker.
    crashedEngine: 'the closed-form engine',
    onEvent: opts.onEvent,
  });
  return {
    simulate: (spec) => engine.send({ type: 'simulate', gen: engine.nextGeneration(), spec }),
    metrics: (step) => engine.send({ type: 'metrics', gen: engine.generation(), step }),
    pause: () => engine.send({ type: 'pause' }),
    resume: () => engine.send({ type: 'resume' }),
    dispose: engine.dispose,
  };
}
