/**
 * Sampling from a velocity field with the core's ODE solvers: dx/dt = v_t(x), x(0) = x₀ ~ p₀,
 * integrated to t = 1. The field is either the network u_t^θ (batched: one forward pass per
 * function evaluation for all points at once) or the closed-form marginal field of the core
 * (Theorem 1, "what the network should learn") built on a fixed set of target points.
 *
 * The network is read back with `await data()` at every evaluation and driven by the core's
 * `integrateAsync`: no synchronous read anywhere (on WebGPU a synchronous read loses the device,
 * on WebGL it stalls the GPU pipeline). The closed form is plain arithmetic and runs synchronously.
 */
import {
  integrate, integrateAsync, marginalVelocity,
  type AsyncVelocityFn, type ConditionalPath, type IntegrateResult, type VelocityFn,
} from '../core/index.ts';
import { tf, type Tensor2D } from '../nn/tf.ts';
import type { VelocityMlp } from '../nn/mlp.ts';

/** The network as an asynchronous core field: one tidy forward pass, one awaited read-back. */
export function networkVelocity(net: VelocityMlp, dim: number): AsyncVelocityFn {
  return async (x, t, out) => {
    const n = x.length / dim;
    const v = tf.tidy(() => net.apply(tf.tensor2d(Float32Array.from(x), [n, dim]) as Tensor2D, tf.fill([n, 1], t) as Tensor2D));
    try {
      const data = await v.data();
      for (let i = 0; i < data.length; i++) out[i] = data[i];
    } finally {
      v.dispose();
    }
  };
}

/** The closed-form marginal velocity of the core for the empirical target `targets` (nTargets points). */
export function closedFormVelocity(path: ConditionalPath, targets: Float64Array, dim: number): VelocityFn {
  const nTargets = targets.length / dim;
  return (x, t, out) => {
    const n = x.length / dim;
    out.set(marginalVelocity(path, x, n, t, targets, nTargets, dim));
  };
}

export interface GenerateOptions {
  method: 'euler' | 'midpoint' | 'heun' | 'rk4' | 'dopri5';
  steps: number;
  t0?: number;
  t1?: number;
  trajectory?: boolean;
}

const solverOptions = (opts: GenerateOptions) =>
  ({ method: opts.method, steps: opts.steps, t0: opts.t0 ?? 0, t1: opts.t1 ?? 1, trajectory: opts.trajectory });

/** Integrates a synchronous field from x0 (n points): end points, NFE and optionally the trajectory. */
export function generate(f: VelocityFn, x0: Float64Array, opts: GenerateOptions): IntegrateResult {
  return integrate(f, x0, solverOptions(opts));
}

/** The same for an asynchronous field (the network). */
export function generateAsync(f: AsyncVelocityFn, x0: Float64Array, opts: GenerateOptions): Promise<IntegrateResult> {
  return integrateAsync(f, x0, solverOptions(opts));
}
