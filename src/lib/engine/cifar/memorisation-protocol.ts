/**
 * Typed messages between the memorisation widget and its closed-form engine (a TF-free Web Worker,
 * or the same runner on the page when no worker starts). `images` hands over the training images
 * once; each `sample` (a new generation) samples the closed-form field of the first k of them and
 * finds the samples' nearest training images. The page drops events of older generations.
 */
export type MemorisationCommand =
  | { type: 'init'; gen: number }
  /** The training images in model space (count × d); answered with the training set's own spacing. */
  | { type: 'images'; images: Float32Array; count: number; d: number }
  /** Closed-form samples from `n` noise images of `seed`, with `steps` Euler steps, over the first k images. */
  | { type: 'sample'; gen: number; k: number; steps: number; seed: number; n: number }
  /** Off-screen: the run waits between slices until `resume`. */
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'dispose' };

export type MemorisationEvent =
  | { type: 'ready' }
  /** Median distance from each of the first `of` training images to its nearest other one. */
  | { type: 'spacing'; median: number; of: number }
  /** The spacing could not be measured (a run's failures come as `error`, of their generation). */
  | { type: 'spacing-error'; message: string }
  /** The samples as they form: x_t (n·d) after `done` of the steps. */
  | { type: 'progress'; gen: number; done: number; t: number; x: Float32Array }
  /** The samples at t = 1 and each one's nearest training image among the first k (index, L2 distance). */
  | { type: 'samples'; gen: number; x: Float32Array; index: Int32Array; distance: Float64Array }
  | { type: 'error'; gen: number; message: string };

export function memorisationTransferables(ev: MemorisationEvent): ArrayBuffer[] {
  if (ev.type === 'progress') return [ev.x.buffer as ArrayBuffer];
  if (ev.type === 'samples') return [ev.x.buffer, ev.index.buffer, ev.distance.buffer] as ArrayBuffer[];
  return [];
}
