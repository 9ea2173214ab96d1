/**
 * Sampling images from a UNet velocity field: integrate dx/dt = u_t^θ(x) from t = 0 (noise,
 * x₀ ~ 𝒩(0, I)) to t = 1 (data) with a fixed-step Runge–Kutta method, as src/lib/core/ode.ts does
 * for points, but at the tensor level: each step is one tf.tidy, the previous state is disposed, and
 * between steps control returns to the caller (progress, cancellation, frames along t).
 *
 * The budget is given in NFE (velocity evaluations): Euler spends 1 per step, midpoint and Heun 2,
 * RK4 4, so steps = max(1, floor(NFE / evals per step)).
 */
import { tf } from './tf.ts';
import type { UNet } from './unet.ts';
import { gaussianNoise } from './unet-noise.ts';

export { gaussianNoise };

export type ImageSolver = 'euler' | 'midpoint' | 'heun' | 'rk4';
export const IMAGE_SOLVERS: readonly ImageSolver[] = ['euler', 'midpoint', 'heun', 'rk4'];
export const EVALS_PER_STEP: Record<ImageSolver, number> = { euler: 1, midpoint: 2, heun: 2, rk4: 4 };

export interface SampleOptions {
  n: number;
  nfe: number;
  solver: ImageSolver;
  seed: number;
  /** Class labels (conditional models); length n. Undefined: unconditional / null class. */
  labels?: Int32Array;
  /** Classifier-free guidance weight w (1 = plain conditional). */
  guidance?: number;
  /** Keep frames of image `frameIndex` (default 0) at every step. */
  frames?: boolean;
  frameIndex?: number;
  /** Called with each frame as it is taken (t, image `frameIndex` in model space). */
  onFrame?: (t: number, image: Float32Array) => void;
  /** Called after each step with the evaluations done so far and the total. */
  onProgress?: (nfeDone: number, nfeTotal: number, t: number) => void;
  signal?: AbortSignal;
  /** Initial noise instead of the seeded one (tests): n·32·32·3 floats, NHWC. */
  x0?: Float32Array;
}

export interface SampleResult {
  /** NHWC float32 in the model's space (≈ [-1, 1]), n·H·W·C values. */
  images: Float32Array;
  frames: { t: number; image: Float32Array }[];
  nfe: number;
  steps: number;
  ms: number;
}

export class SamplingCancelled extends Error {
  constructor() { super('sampling cancelled'); this.name = 'SamplingCancelled'; }
}

/** One fixed step of `solver` from t to t + h (all intermediate tensors freed by the tidy). */
export function solverStep(
  f: (x: tf.Tensor4D, t: number) => tf.Tensor4D, x: tf.Tensor4D, t: number, h: number, solver: ImageSolver,
): tf.Tensor4D {
  return tf.tidy(() => {
    const k1 = f(x, t);
    if (solver === 'euler') return tf.add(x, tf.mul(k1, h));
    if (solver === 'midpoint') {
      const k2 = f(tf.add(x, tf.mul(k1, h / 2)), t + h / 2);
      return tf.add(x, tf.mul(k2, h));
    }
    if (solver === 'heun') {
      const k2 = f(tf.add(x, tf.mul(k1, h)), t + h);
      return tf.add(x, tf.mul(tf.add(k1, k2), h / 2));
    }
    const k2 = f(tf.add(x, tf.mul(k1, h / 2)), t + h / 2);
    const k3 = f(tf.add(x, tf.mul(k2, h / 2)), t + h / 2);
    const k4 = f(tf.add(x, tf.mul(k3, h)), t + h);
    return tf.add(x, tf.mul(tf.addN([k1, tf.mul(k2, 2), tf.mul(k3, 2), k4]), h / 6));
  });
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Samples `n` images; rejects with SamplingCancelled when `signal` aborts (all tensors freed). */
export async function sampleImages(model: UNet, opts: SampleOptions): Promise<SampleResult> {
  const { n, solver } = opts;
  const size = model.config.image_size;
  const ch = model.config.in_channels;
  const per = size * size * ch;
  const steps = Math.max(1, Math.floor(opts.nfe / EVALS_PER_STEP[solver]));
  const nfeTotal = steps * EVALS_PER_STEP[solver];
  const guidance = opts.guidance ?? 1;
  const frameIndex = Math.min(Math.max(0, opts.frameIndex ?? 0), n - 1);
  const t0 = now();
  const noise = opts.x0 ?? gaussianNoise(n * per, opts.seed);
  let x = tf.tensor4d(noise, [n, size, size, ch]);
  const y = opts.labels ? tf.tensor1d(opts.labels, 'int32') : undefined;
  const f = (xx: tf.Tensor4D, t: number) =>
    model.guidedVelocity(xx, tf.fill([xx.shape[0]], t) as tf.Tensor1D, y, guidance);
  const frames: SampleResult['frames'] = [];
  const grabFrame = async (t: number) => {
    const one = tf.slice(x, [frameIndex, 0, 0, 0], [1, size, size, ch]);
    const image = (await one.data()) as Float32Array;
    one.dispose();
    frames.push({ t, image });
    opts.onFrame?.(t, image);
  };
  try {
    if (opts.frames) await grabFrame(0);
    const h = 1 / steps;
    for (let s = 0; s < steps; s++) {
      if (opts.signal?.aborted) throw new SamplingCancelled();
      const next = solverStep(f, x, s * h, h, solver);
      x.dispose();
      x = next;
      const t = (s + 1) * h;
      if (opts.frames) await grabFrame(t);
      else {
        // Wait for this step to finish (a one-value read-back) so progress and cancel are truthful.
        const probe = tf.slice(x, [0, 0, 0, 0], [1, 1, 1, 1]);
        await probe.data();
        probe.dispose();
      }
      opts.onProgress?.((s + 1) * EVALS_PER_STEP[solver], nfeTotal, t);
      // A macrotask yield: on wasm/cpu the read-back resolves as a microtask, which would keep the page
      // from painting the progress and from seeing a Cancel click until the whole run is over.
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
    }
    if (opts.signal?.aborted) throw new SamplingCancelled();
    const images = (await x.data()) as Float32Array;
    return { images, frames, nfe: nfeTotal, steps, ms: now() - t0 };
  } finally {
    x.dispose();
    y?.dispose();
  }
}
