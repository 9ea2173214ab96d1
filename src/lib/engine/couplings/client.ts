/**
 * Page side of the couplings comparison's engine: in a Web Worker when one starts, else the same
 * runner on the page in slices of `pageSliceMs` (../worker-client.ts does the choosing, the
 * generations and the replay of early commands). No TF.js, no backend: its ready event names none.
 * Events are posted without transferring buffers: the runner keeps its plans, and what it posts
 * besides (lines, trajectories, samples) is a few kilobytes.
 */
import { createRestartingEngineClient } from '../worker-client.ts';
import type { CompareSetting, CouplingsCommand, CouplingsEvent } from './protocol.ts';

export interface CouplingsEngine {
  /**
   * A new comparison (a new generation: events of older ones are dropped); `reusable`: the
   * generation of the last complete run the page holds all of (protocol.ts).
   */
  compare(setting: CompareSetting, reusable: number): void;
  dispose(): void;
}

export function createCouplingsEngine(opts: {
  noWorker?: boolean;
  /** Slice length when the runner computes on the page (the page's own budget, widgets/shared/task-chain.ts). */
  pageSliceMs: number;
  onEvent: (ev: CouplingsEvent) => void;
}): CouplingsEngine {
  const engine = createRestartingEngineClient<CouplingsCommand, CouplingsEvent>({
    name: 'couplings compared',
    noWorker: opts.noWorker,
    createWorker: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'couplings-compared' }),
    loadRunner: (post) => import('./runner.ts').then(({ CouplingsRunner }) => new CouplingsRunner({ sliceMs: opts.pageSliceMs, post })),
    init: (base) => ({ type: 'init', gen: base.gen }),
    // The worker died after it was ready (out of memory, say): the run fails with a message (the
    // widget stops saying it is working), and the reader's next run starts a fresh worker.
    crashedEngine: 'the couplings engine',
    onEvent: opts.onEvent,
  });
  return {
    compare: (setting, reusable) => engine.send({ type: 'compare', gen: engine.nextGeneration(), setting, reusable }),
    dispose: engine.dispose,
  };
}
