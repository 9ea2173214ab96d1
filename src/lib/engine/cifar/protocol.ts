/**
 * The typed message protocol between the CIFAR widgets and the CIFAR sampling engine (a Web Worker,
 * or the same engine on the main thread as a fallback). Every command and event after `init` carries
 * the client's generation `gen`; the client drops events whose generation is not the current one, so a
 * cancelled or superseded run can never draw over a newer one. Large arrays travel as transferred
 * ArrayBuffers (frames as Uint8ClampedArray RGB bytes, final images as Float32Array in model space).
 *
 * With `predictions`, each frame also carries the network's guess of the end point at that t,
 * x̂₁ = E[x₁ | x_t] implied by the learned velocity (core/parametrisations.ts, for the path named in the
 * checkpoint's metadata); `done` then says which formula was used, or why there is no guess.
 */
import type { BackendChoice } from '../../nn/backend.ts';
import type { BackendName } from '../../nn/backend-names.ts';
import type { ImageSolver } from '../../nn/unet-sampler.ts';

export interface CifarSampleRequest {
  solver: ImageSolver;
  nfe: number;
  seed: number;
  count: number;
  /** Class per image (conditional checkpoints); absent for unconditional ones. */
  labels?: Int32Array;
  /** Classifier-free guidance weight w (1 = plain conditional). */
  guidance?: number;
  /**
   * A guidance sweep: the `count` seeded noise images (with their `labels`) are sampled once per w in
   * `sweep`, in one batch; `done.images` holds them grouped by w (count · sweep.length images), and
   * `guidance` is ignored. `frameIndex` counts in that whole batch.
   */
  sweep?: number[];
  /** Stream the frames of image `frameIndex` (default 0) along t. */
  frames?: boolean;
  frameIndex?: number;
  /** With `frames`: send the network's guess x̂₁ of the frame image at each frame time too. */
  predictions?: boolean;
}

/** What `done` says about the guesses: the path they were computed for, or why there are none. */
export type CifarPredictionInfo = { ok: true; path: string } | { ok: false; reason: string };

export type CifarCommand =
  | { type: 'init'; force?: string | null; remembered?: string | null }
  /** `url`: absolute URL of the checkpoint folder (ends with '/'). */
  | { type: 'load'; gen: number; url: string }
  | { type: 'sample'; gen: number; url: string; request: CifarSampleRequest }
  | { type: 'cancel'; gen: number }
  /** The widget left the screen: the run `gen` waits between solver steps until `resume`. */
  | { type: 'pause'; gen: number }
  | { type: 'resume'; gen: number };

export type CifarEvent =
  | { type: 'backend'; backend: BackendChoice; where: 'worker' | 'main-thread' }
  /** Weights bytes so far; `source`: downloading, or read back from Cache Storage. */
  | { type: 'load-progress'; gen: number; loaded: number; total: number; source?: 'cache' | 'network' }
  /** `source`: where the weights came from ('memory' when this engine had them loaded already). */
  | { type: 'loaded'; gen: number; url: string; bytes: number; title: string; source: 'cache' | 'network' | 'memory' }
  /** Whether the run `gen` is now waiting (after a `pause`) or going again (after `resume`). */
  | { type: 'paused'; gen: number; paused: boolean }
  | { type: 'progress'; gen: number; step: number; total: number; t: number }
  /** `prediction`: RGB bytes of x̂₁ for the same image at the same t (requests with `predictions`). */
  | { type: 'frame'; gen: number; t: number; pixels: Uint8ClampedArray; prediction?: Uint8ClampedArray }
  | {
      type: 'done';
      gen: number;
      images: Float32Array;
      nfe: number;
      steps: number;
      ms: number;
      backend: BackendName;
      /** Present when the request asked for predictions. */
      predictions?: CifarPredictionInfo;
    }
  | { type: 'cancelled'; gen: number }
  /** `gen` 0: an error outside any run (TF.js or backend failed to start). */
  | { type: 'error'; gen: number; message: string };

/** Model-space values (≈ [-1, 1]) to RGB bytes, as the canvas shows them. */
export function toBytes(image: Float32Array): Uint8ClampedArray {
  const out = new Uint8ClampedArray(image.length);
  for (let i = 0; i < image.length; i++) out[i] = Math.round((image[i] + 1) * 127.5);
  return out;
}
