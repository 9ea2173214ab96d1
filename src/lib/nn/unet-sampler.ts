/**
 * Sampling images from a UNet velocity field: integrate dx/dt = u_t^θ(x) from t = 0 (noise,
 * x₀ ~ 𝒩(0, I)) to t = 1 (data) with a fixed-step Runge–Kutta method, as src/lib/core/ode.ts does
 * for points, but at the tensor level: each step is one tf.tidy, the previous state is disposed, and
 * between steps control returns to the caller (progress, cancellation, frames along t).
 *
 * The budget is given in NFE (velocity evaluations): Euler spends 1 per step, midpoint and Heun 2,
 * RK4 4, so steps = max(1, floor(NFE / evals per step)).
 *
 * Frames along t can come with the network's guess of the end point, x̂₁ = α(t) x_t + β(t) u_t^θ(x_t)
 * (core/parametrisations.ts gives α, β for the checkpoint's path). It costs no extra network evaluation
 * at t < 1: the first stage k1 of every Runge–Kutta step is exactly u_t^θ(x_t) at the step's start,
 * so the guess for the frame at t = s·h reuses the k1 of step s (tensorStepWithVelocity hands it back).
 * At t = 1 there is no step left: when β(1) = 0 (every path with b(1) = 0, e.g. σ = 0, where
 * x̂₁ = x₁ exactly) the guess is α(1)·x₁ without any evaluation; otherwise (say Lipman's OT path with
 * σ_min > 0) one extra evaluation on the frame image alone, reported as `predictionEvaluations`.
 */
import { tf } from './tf.ts';
import type { UNet } from './unet.ts';
import { gaussianNoise } from './unet-noise.ts';
import { ODE_METHODS, stepsForBudget, type FixedStepMethod } from '../core/index.ts';
import { tensorStepWithVelocity } from './tensor-ode.ts';

export { gaussianNoise };

/** The image sampler's solvers are the fixed-step methods. */
export type ImageSolver = FixedStepMethod;

export interface SampleOptions {
  n: number;
  nfe: number;
  solver: ImageSolver;
  seed: number;
  /** Class labels (conditional models); length n. Undefined: unconditional / null class. */
  labels?: Int32Array;
  /** Classifier-free guidance weight w (1 = plain conditional), or one w per image (length n). */
  guidance?: number | Float32Array;
  /** Keep frames of image `frameIndex` (default 0) at every step. */
  frames?: boolean;
  frameIndex?: number;
  /**
   * With `frames`: also keep the network's guess of x₁ for each frame, x̂₁ = α x_t + β u_t(x_t), given
   * t ↦ (α, β) for the path the model was trained with (core's x1PredictionCoefficients).
   */
  x1Prediction?: (t: number) => { alpha: number; beta: number };
  /** Called with each frame as it is taken (t, image `frameIndex` in model space, and its x̂₁ if asked). */
  onFrame?: (t: number, image: Float32Array, prediction?: Float32Array) => void;
  /** Called after each step with the evaluations done so far and the total. */
  onProgress?: (nfeDone: number, nfeTotal: number, t: number) => void;
  signal?: AbortSignal;
  /** Awaited between steps (after progress): a paused run waits here, holding only its state tensor. */
  gate?: () => Promise<void>;
  /** Initial noise instead of the seeded one (tests): n·32·32·3 floats, NHWC. */
  x0?: Float32Array;
}

export interface SampleResult {
  /** NHWC float32 in the model's space (≈ [-1, 1]), n·H·W·C values. */
  images: Float32Array;
  /** Image `frameIndex` at t = 0, h, 2h, …, 1, with the guess x̂₁ when `x1Prediction` was given. */
  frames: { t: number; image: Float32Array; prediction?: Float32Array }[];
  /** Solver evaluations (the NFE budget spent on the whole batch). */
  nfe: number;
  /** Extra evaluations on the frame image for the guess at t = 1 (0 or 1; not part of `nfe`). */
  predictionEvaluations: number;
  steps: number;
  ms: number;
}

export class SamplingCancelled extends Error {
  constructor() {
    super('sampling cancelled');
    this.name = 'SamplingCancelled';
  }
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Samples `n` images; rejects with SamplingCancelled when `signal` aborts (all tensors freed). */
export async function sampleImages(model: UNet, opts: SampleOptions): Promise<SampleResult> {
  const { n, solver } = opts;
  const size = model.config.image_size;
  const ch = model.config.in_channels;
  const per = size * size * ch;
  const steps = stepsForBudget(opts.nfe, solver);
  const nfeTotal = steps * ODE_METHODS[solver].evalsPerStep;
  const guidance = opts.guidance ?? 1;
  if (typeof guidance !== 'number' && guidance.length !== n) throw new Error(`guidance: ${guidance.length} weights for ${n} images`);
  const frameIndex = Math.min(Math.max(0, opts.frameIndex ?? 0), n - 1);
  const predict = opts.frames ? opts.x1Prediction : undefined;
  const t0 = now();
  const noise = opts.x0 ?? gaussianNoise(n * per, opts.seed);
  let x = tf.tensor4d(noise, [n, size, size, ch]);
  const y = opts.labels ? tf.tensor1d(opts.labels, 'int32') : undefined;
  const f = (xx: tf.Tensor4D, t: number) => model.guidedVelocity(xx, tf.fill<tf.Rank.R1>([xx.shape[0]], t), y, guidance);
  const frames: SampleResult['frames'] = [];
  let predictionEvaluations = 0;
  const sliceFrame = (batch: tf.Tensor4D) => tf.slice(batch, [frameIndex, 0, 0, 0], [1, size, size, ch]);
  /** Image `frameIndex` of state `xs` at time t and, if asked, x̂₁ from the velocity `k1` at (xs, t). */
  const grabFrame = async (t: number, xs: tf.Tensor4D, k1: tf.Tensor4D | null) => {
    const one = sliceFrame(xs);
    let guess: tf.Tensor4D | null = null;
    try {
      if (predict) {
        const { alpha, beta } = predict(t);
        guess = tf.tidy((): tf.Tensor4D => {
          if (beta === 0) return tf.mul(one, alpha);
          let u: tf.Tensor4D;
          if (k1) u = sliceFrame(k1);
          else {
            // t = 1 with β(1) ≠ 0: one evaluation on this image alone (its label, if any).
            const y1 = y ? tf.slice(y, [frameIndex], [1]) : undefined;
            const w1 = typeof guidance === 'number' ? guidance : guidance.subarray(frameIndex, frameIndex + 1);
            u = model.guidedVelocity(one, tf.fill<tf.Rank.R1>([1], t), y1, w1);
            predictionEvaluations++;
          }
          return tf.add(tf.mul(one, alpha), tf.mul(u, beta));
        });
      }
      const image = (await one.data()) as Float32Array;
      const prediction = guess ? ((await guess.data()) as Float32Array) : undefined;
      frames.push(prediction ? { t, image, prediction } : { t, image });
      opts.onFrame?.(t, image, prediction);
    } finally {
      one.dispose();
      guess?.dispose();
    }
  };
  try {
    const h = 1 / steps;
    for (let s = 0; s < steps; s++) {
      if (opts.signal?.aborted) throw new SamplingCancelled();
      const t = s * h;
      const { next, k1 } = tensorStepWithVelocity(f, x, t, h, solver);
      const prev = x;
      x = next; // from here on the finally below frees the new state
      try {
        if (opts.frames) await grabFrame(t, prev, k1);
      } finally {
        k1.dispose();
        prev.dispose();
      }
      // Wait for this step to finish (a one-value read-back) so progress and cancel are truthful.
      const probe = tf.slice(x, [0, 0, 0, 0], [1, 1, 1, 1]);
      await probe.data();
      probe.dispose();
      opts.onProgress?.((s + 1) * ODE_METHODS[solver].evalsPerStep, nfeTotal, (s + 1) * h);
      // A macrotask yield: on wasm/cpu the read-back resolves as a microtask, which would keep the page
      // from painting the progress and from seeing a Cancel click until the whole run is over.
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      await opts.gate?.();
    }
    if (opts.signal?.aborted) throw new SamplingCancelled();
    if (opts.frames) await grabFrame(1, x, null);
    const images = (await x.data()) as Float32Array;
    return { images, frames, nfe: nfeTotal, predictionEvaluations, steps, ms: now() - t0 };
  } finally {
    x.dispose();
    y?.dispose();
  }
}
