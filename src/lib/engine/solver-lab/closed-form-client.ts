/**
 * Page side of the solver lab's closed-form engine: in a Web Worker when one starts, else the same
 * runner on the page in slices of `pageSliceMs` (engine/worker-client.ts does the choosing, the
 * generations and the replay of early commands). The engine needs no backend: its ready event names none.
 * A worker that crashes fails its run with a message, and the reader's next change starts a fresh one:
 * a new field does anyway, and a new job for the crashed engine's field sends that field again (a
 * job needs the field the engine has computed).
 */
import type { SweepJob } from '../../core/solver-sweep.ts';
import { createRestartingEngineClient } from '../worker-client.ts';
import type { ClosedFormCommand, ClosedFormEvent } from './closed-form-protocol.ts';
import type { ClosedFormSpec } from './setting.ts';

export interface ClosedFormEngine {
  /** A new field (a new generation: events of older fields are dropped). */
  field(spec: ClosedFormSpec, job: SweepJob): void;
  /** A new solver or budget for the current field. */
  job(job: SweepJob): void;
  /** Stops unfinished work; its late events are dropped. */
  cancel(): void;
  dispose(): void;
}

/** The key a run event carries back: the page keeps only the run of its latest job. */
export const jobKey = (job: SweepJob): string => JSON.stringify(job);

export function createClosedFormEngine(opts: {
  noWorker?: boolean;
  /** Slice length when the runner computes on the page (the page's own budget, widgets/shared/task-chain.ts). */
  pageSliceMs: number;
  onEvent: (ev: ClosedFormEvent) => void;
}): ClosedFormEngine {
  /** The field of the latest `field`, and whether the engine that has it crashed since. */
  let spec: ClosedFormSpec | null = null;
  let lost = false;
  const engine = createRestartingEngineClient<ClosedFormCommand, ClosedFormEvent>({
    name: 'solver-lab closed form',
    noWorker: opts.noWorker,
    createWorker: () => new Worker(new URL('./closed-form-worker.ts', import.meta.url), { type: 'module', name: 'solver-lab-closed-form' }),
    loadRunner: (post) =>
      import('./closed-form-runner.ts').then(({ ClosedFormRunner }) => new ClosedFormRunner({ sliceMs: opts.pageSliceMs, post })),
    init: (base) => ({ type: 'init', gen: base.gen }),
    // The worker died after it was ready (out of memory, say): the run fails with a message (the
    // widget stops saying it is working), and the reader's next change starts a fresh worker.
    crashedEngine: 'the closed-form engine',
    onCrash: () => {
      lost = true;
    },
    onEvent: opts.onEvent,
  });
  const field = (next: ClosedFormSpec, job: SweepJob) => {
    spec = next;
    lost = false;
    engine.send({ type: 'field', gen: engine.nextGeneration(), spec: next, job, jobKey: jobKey(job) });
  };
  return {
    field,
    job: (job) => {
      if (lost && spec) field(spec, job);
      else engine.send({ type: 'job', gen: engine.generation(), job, jobKey: jobKey(job) });
    },
    cancel: () => {
      engine.nextGeneration();
      engine.send({ type: 'cancel' });
    },
    dispose: engine.dispose,
  };
}
