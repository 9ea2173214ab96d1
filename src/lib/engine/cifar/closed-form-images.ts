/**
 * The closed-form CFM sampler over k training images (the memorisation widget), in high dimension
 * (d = 3072 for CIFAR-10) and entirely from the core: the exact minimiser of the CFM loss for the
 * empirical data distribution p₁ = (1/k) Σᵢ δ(x − xᵢ) is the marginal velocity of Theorem 1
 * (core/closed-form.ts `marginalVelocity`, log-sum-exp weights, so nothing underflows at d = 3072),
 * integrated from seeded noise with the core's ODE solver (core/ode.ts `integrateAsync`, Euler).
 *
 * The path is our checkpoints' path, I-CFM with σ = 0 (x_t = t x₁ + (1 − t) x₀, the straight line):
 * as t → 1 the posterior weights become one-hot on the nearest scaled image, so every trajectory
 * ends on a training image, and the closed-form sampler only ever reproduces its training set.
 */
import { getPath, integrateAsync, marginalVelocity, type ConditionalPath } from '../../core/index.ts';

/** The conditional path of the closed-form sampler: I-CFM with σ = 0, as our checkpoints were trained. */
export const CLOSED_FORM_IMAGE_PATH: ConditionalPath = getPath('icfm', { sigma: 0 });

export interface ClosedFormImageOptions {
  /** Euler steps over [0, 1] (evaluation times s/steps < 1, where the field is defined). */
  steps: number;
  /**
   * Called after every field evaluation with the fraction done and the state x_t (n·d) the field was
   * evaluated at (read it during the call: the solver reuses it); may be async (to yield to the page).
   */
  onStep?: (done: number, x: Float64Array, t: number) => void | Promise<void>;
  /**
   * Awaited after each image's velocity within an evaluation (the same numbers: each image's velocity
   * depends on that image alone). One evaluation over 16 images and 256 targets in d = 3 072 is a
   * task of about 15 ms; a caller on the page's thread yields here.
   */
  pause?: () => Promise<void>;
}

/** Integrates the closed-form field from x₀ (n·d) to t = 1 with the core's Euler solver; returns x₁ (n·d). */
export async function sampleClosedFormImages(
  x0: ArrayLike<number>,
  n: number,
  targets: ArrayLike<number>,
  k: number,
  d: number,
  opts: ClosedFormImageOptions,
): Promise<Float64Array> {
  const path = CLOSED_FORM_IMAGE_PATH;
  let evals = 0;
  const res = await integrateAsync(
    async (x, t, out) => {
      if (opts.pause)
        for (let i = 0; i < n; i++) {
          out.set(marginalVelocity(path, x.subarray(i * d, (i + 1) * d), 1, t, targets, k, d), i * d);
          await opts.pause();
        }
      else out.set(marginalVelocity(path, x, n, t, targets, k, d));
      evals++;
      await opts.onStep?.(evals / opts.steps, x, t);
    },
    x0,
    { method: 'euler', steps: opts.steps, t0: 0, t1: 1 },
  );
  return res.x;
}
