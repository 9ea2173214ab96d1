/**
 * The memorisation widget's closed-form engine loop (TF-free: in its own Web Worker, or on the page
 * when no worker starts): the training set's spacing (each of its first 64 images to its nearest
 * other), then, per `sample`, the closed-form sampler over the first k images
 * (closed-form-images.ts) and the samples' nearest training images (image-neighbours.ts). Between
 * units of work (one image's velocity, one nearest-neighbour search) it lets pending messages in
 * every `sliceMs`, so a newer `sample` supersedes the running one at once, and it posts the forming
 * samples at most every PROGRESS_POST_MS.
 *
 * Why a worker: on the page, in 6 ms slices, the default run (8 samples, 64 images, 40 steps, in
 * d = 3 072) still made tasks of 14–43 ms while the page loaded (Lighthouse's phone: four times
 * that), 507 ms of blocking time on /widgets/memorisation/.
 */
import { PauseGate } from '../pause-gate.ts';
import { yieldToEvents } from '../yield.ts';
import { gaussianNoise } from '../../nn/unet-noise.ts';
import { sampleClosedFormImages } from './closed-form-images.ts';
import { median, nearestNeighboursInSlices } from './image-neighbours.ts';
import { memorisationTransferables, type MemorisationCommand, type MemorisationEvent } from './memorisation-protocol.ts';

/** In the worker, computing time between two looks at the messages. */
export const MEMORISATION_WORKER_SLICE_MS = 30;
/** The forming samples reach the page at most this often (each post redraws a row of images). */
export const PROGRESS_POST_MS = 100;
/** Training images whose nearest other training image sets the spacing the widget quotes. */
export const SPACING_QUERIES = 64;

/** Thrown inside a superseded run; it ends quietly. */
class Superseded extends Error {}

interface MemorisationRunnerOptions {
  post: (ev: MemorisationEvent, transfer: ArrayBuffer[]) => void;
  sliceMs: number;
}

export class MemorisationRunner {
  private readonly opts: MemorisationRunnerOptions;
  private gen = -1;
  private images: { data: Float32Array; count: number; d: number } | null = null;
  private readonly gate = new PauseGate();
  /** Work is queued: the spacing before the first sample, each sample after the previous one stops. */
  private queue: Promise<void> = Promise.resolve();

  constructor(opts: MemorisationRunnerOptions) {
    this.opts = opts;
  }

  handle(cmd: MemorisationCommand): void {
    switch (cmd.type) {
      case 'init':
        this.emit({ type: 'ready' });
        return;
      case 'images':
        this.images = { data: cmd.images, count: cmd.count, d: cmd.d };
        this.queue = this.queue
          .then(() => this.spacing())
          .catch((err: unknown) => {
            if (!(err instanceof Superseded))
              this.emit({ type: 'spacing-error', message: err instanceof Error ? err.message : String(err) });
          });
        return;
      case 'sample':
        this.gen = cmd.gen; // the running sample stops at its next pause
        this.gate.release();
        this.enqueue(() => this.sample(cmd), cmd.gen);
        return;
      case 'pause':
      case 'resume':
        this.gate.set(cmd.type === 'pause');
        return;
      case 'dispose':
        this.gen = -2;
        this.images = null;
        this.gate.set(false);
        return;
    }
  }

  private enqueue(job: () => Promise<void>, gen: number): void {
    this.queue = this.queue.then(job).catch((err: unknown) => {
      if (err instanceof Superseded) return;
      this.emit({ type: 'error', gen, message: err instanceof Error ? err.message : String(err) });
    });
  }

  private emit(ev: MemorisationEvent): void {
    this.opts.post(ev, memorisationTransferables(ev));
  }

  /** A pause between units of work: every sliceMs, lets messages in and waits while paused. */
  private pauser(live: () => boolean): () => Promise<void> {
    let since = performance.now();
    return async () => {
      if (!live()) throw new Superseded();
      if (performance.now() - since < this.opts.sliceMs) return;
      await yieldToEvents();
      await this.gate.wait(live);
      if (!live()) throw new Superseded();
      since = performance.now();
    };
  }

  private async spacing(): Promise<void> {
    const im = this.images;
    if (!im) return;
    const live = () => this.images === im;
    const q = Math.min(SPACING_QUERIES, im.count);
    const nn = await nearestNeighboursInSlices(im.data, q, im.data, im.count, im.d, true, this.pauser(live));
    this.emit({ type: 'spacing', median: median(nn.distance), of: q });
  }

  private async sample(cmd: Extract<MemorisationCommand, { type: 'sample' }>): Promise<void> {
    const im = this.images;
    const gen = cmd.gen;
    const live = () => gen === this.gen;
    if (!live()) return;
    if (!im) throw new Error('no training images yet');
    const { d } = im;
    const k = Math.max(1, Math.min(cmd.k, im.count));
    const targets = im.data.subarray(0, k * d);
    const pause = this.pauser(live);
    let posted = -Infinity;
    const x1 = await sampleClosedFormImages(gaussianNoise(cmd.n * d, cmd.seed), cmd.n, targets, k, d, {
      steps: cmd.steps,
      pause,
      onStep: (done, x, t) => {
        if (!live()) throw new Superseded();
        if (performance.now() - posted < PROGRESS_POST_MS) return;
        posted = performance.now();
        this.emit({ type: 'progress', gen, done, t, x: Float32Array.from(x) });
      },
    });
    const xs = Float32Array.from(x1);
    const nn = await nearestNeighboursInSlices(xs, cmd.n, targets, k, d, false, pause);
    if (live()) this.emit({ type: 'samples', gen, x: xs, index: nn.index, distance: nn.distance });
  }
}
