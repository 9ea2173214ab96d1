/**
 * Fixed-step Runge–Kutta steps on tensors, for sampling a network's ODE dx/dt = u_t^θ(x) without
 * leaving the device: the state stays a tensor from t0 to t1 and is read back when the caller wants
 * it (the core's solvers in src/lib/core/ode.ts work on Float64Arrays and would need one upload and
 * one read-back per evaluation). The tableaux are those of ode.ts: Euler (order 1), explicit
 * midpoint (2), Heun (2), classical RK4 (4). Used by the 2D engine (engine/train/sampling.ts) and the
 * image sampler (unet-sampler.ts).
 */
import { tf } from './tf.ts';
import type { FixedStepMethod } from '../core/index.ts';

export interface StepWithVelocity<T extends tf.Tensor> {
  /** The state at t + h. */
  next: T;
  /** The first stage k1 = u_t(x): the velocity at the step's start. */
  k1: T;
}

/**
 * One step of `method` from t to t + h that also hands back its first stage k1 = u_t(x). Every other
 * intermediate is freed by the tidy; the caller owns (and must dispose) `next` and `k1`, and `x`
 * stays the caller's too.
 */
export function tensorStepWithVelocity<T extends tf.Tensor>(
  f: (x: T, t: number) => T,
  x: T,
  t: number,
  h: number,
  method: FixedStepMethod,
): StepWithVelocity<T> {
  const [next, k1] = tf.tidy<[T, T]>(() => {
    const k1 = f(x, t);
    const at = (k: tf.Tensor, c: number) => tf.add<T>(x, tf.mul(k, c));
    if (method === 'euler') return [at(k1, h), k1];
    if (method === 'midpoint') return [at(f(at(k1, h / 2), t + h / 2), h), k1];
    if (method === 'heun') return [at(tf.add(k1, f(at(k1, h), t + h)), h / 2), k1];
    const k2 = f(at(k1, h / 2), t + h / 2);
    const k3 = f(at(k2, h / 2), t + h / 2);
    const k4 = f(at(k3, h), t + h);
    return [at(tf.addN([k1, tf.mul(k2, 2), tf.mul(k3, 2), k4]), h / 6), k1];
  });
  return { next, k1 };
}

/** One step of `method` from t to t + h: the new state (the caller owns it; `x` is left alone). */
export function tensorStep<T extends tf.Tensor>(f: (x: T, t: number) => T, x: T, t: number, h: number, method: FixedStepMethod): T {
  const { next, k1 } = tensorStepWithVelocity(f, x, t, h, method);
  k1.dispose();
  return next;
}
