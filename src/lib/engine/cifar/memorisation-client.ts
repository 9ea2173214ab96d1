/**
 * Page side of the memorisation widget's closed-form engine: in a Web Worker when one starts, else the
 * same runner on the page in slices of `pageSliceMs` (../worker-client.ts does the choosing, the
 * generations and the replay of early commands). No TF.js, no backend: its ready event names none.
 * A worker that crashes fails its run with a message; the reader's next run starts a fresh one, which
 * gets the training images again first (the client keeps the last ones sent: the page's own copy),
 * and starts paused if the widget had paused the engine (scrolled away).
 */
import { createRestartingEngineClient } from '../worker-client.ts';
import type { MemorisationCommand, MemorisationEvent } from './memorisation-protocol.ts';

export interface MemorisationEngine {
  /** The training images (count × d, model space), once: the engine answers with their spacing. */
  images(images: Float32Array, count: number, d: number): void;
  /** A new closed-form run (a new generation: events of older runs are dropped). */
  sample(run: { k: number; steps: number; seed: number; n: number }): void;
  pause(): void;
  resume(): void;
  dispose(): void;
}

export function createMemorisationEngine(opts: {
  noWorker?: boolean;
  pageSliceMs: number;
  onEvent: (ev: MemorisationEvent) => void;
}): MemorisationEngine {
  /** The last training images sent: a fresh engine after a crash needs them before its first run. */
  let images: Extract<MemorisationCommand, { type: 'images' }> | null = null;
  /** Paused by the widget (scrolled away): a fresh engine starts paused too. */
  let paused = false;
  const engine = createRestartingEngineClient<MemorisationCommand, MemorisationEvent>({
    name: 'memorisation closed form',
    noWorker: opts.noWorker,
    createWorker: () =>
      new Worker(new URL('./memorisation-worker.ts', import.meta.url), { type: 'module', name: 'memorisation-closed-form' }),
    loadRunner: (post) =>
      import('./memorisation-runner.ts').then(({ MemorisationRunner }) => new MemorisationRunner({ sliceMs: opts.pageSliceMs, post })),
    init: (base) => ({ type: 'init', gen: base.gen }),
    // The worker died after it was ready (out of memory, say): the run fails with a message (the
    // widget stops saying it is working), and the reader's next run starts a fresh worker.
    crashedEngine: 'the closed-form engine',
    // The spacing belongs to the training images, not to a run: it reaches the page whatever the generation.
    ungenerational: ['spacing', 'spacing-error'],
    restore: () => [...(images ? [images] : []), ...(paused ? [{ type: 'pause' } as const] : [])],
    onEvent: opts.onEvent,
  });
  return {
    // Posting copies the images (the page keeps its own for the network half's neighbours).
    images: (x, count, d) => {
      images = { type: 'images', images: x, count, d };
      engine.send(images);
    },
    sample: (run) => engine.send({ type: 'sample', gen: engine.nextGeneration(), ...run }),
    pause: () => {
      paused = true;
      engine.send({ type: 'pause' });
    },
    resume: () => {
      paused = false;
      engine.send({ type: 'resume' });
    },
    dispose: engine.dispose,
  };
}
