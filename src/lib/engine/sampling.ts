/**
 * Sampling from a velocity field with the core's ODE solvers: dx/dt = v_t(x), x(0) = x₀ ~ p₀,
 * integrated to t = 1. The field is either the network u_t^θ (batched: one forward pass per
 * function evaluation for all points at once) or the closed-form marginal field of the core
 * (Theorem 1, "what the network should learn") built on a fixed set of target points.
 */
import { integrate, marginalVelocity, type ConditionalPath, type VelocityFn } from '../core/index.ts';
import { tf, type Tensor2D } from '../nn/tf.ts';
import type { VelocityMlp } from '../nn/mlp.ts';

/**
 * The network as a core VelocityFn. The solver interface is synchronous, so each evaluation reads
 * its result back with dataSync: cheap on wasm/cpu (a copy), a blocking GPU read on webgl/webgpu.
 * Only sampling does this; training never reads back synchronously.
 */
export function networkVelocity(net: VelocityMlp, dim: number): VelocityFn {
  return (x, t, out) => {
    const n = x.length / dim;
    const v = tf.tidy(() => net.apply(tf.tensor2d(x instanceof Float32Array ? x : Float32Array.from(x), [n, dim]) as Tensor2D, tf.fill([n, 1], t) as Tensor2D));
    const data = v.dataSync();
    v.dispose();
    for (let i = 0; i < data.length; i++) out[i] = data[i];
  };
}

/** The closed-form marginal velocity of the core for the empirical target `targets` (nTargets points). */
export function closedFormVelocity(path: ConditionalPath, targets: Float64Array, dim: number): VelocityFn {
  const nTargets = targets.length / dim;
  return (x, t, out) => {
    const n = x.length / dim;
    const v = marginalVelocity(path, x instanceof Float64Array ? x : Float64Array.from(x), n, t, targets, nTargets, dim);
    out.set(v);
  };
}

/** The network as an asynchronous evaluation (`await data()`): the only safe read on WebGPU. */
export function networkVelocityAsync(net: VelocityMlp, dim: number): (x: Float64Array, t: number) => Promise<Float64Array> {
  return async (x, t) => {
    const n = x.length / dim;
    const v = tf.tidy(() => net.apply(tf.tensor2d(Float32Array.from(x), [n, dim]) as Tensor2D, tf.fill([n, 1], t) as Tensor2D));
    const data = await v.data();
    v.dispose();
    return Float64Array.from(data);
  };
}

/** Backends on which a synchronous read is a cheap copy (no GPU round trip). */
export function syncReadIsCheap(): boolean {
  const b = tf.getBackend();
  return b === 'wasm' || b === 'cpu';
}

const NEED_EVALUATION = Symbol('need evaluation');

/**
 * Runs the core's (synchronous) solver with an asynchronous velocity: replay with a cache. Each
 * pass calls `integrate` from the start; evaluations already computed are served from the cache
 * and the first missing one stops the pass, is computed with `await`, and cached. The solvers are
 * deterministic, so pass k reproduces the same states and asks for evaluation k; NFE passes in
 * all, each replaying only cheap array arithmetic. This keeps one set of solvers (the core's)
 * while never reading GPU memory synchronously (on WebGPU a synchronous read loses the device).
 */
export async function integrateAsync(fAsync: (x: Float64Array, t: number) => Promise<Float64Array>, x0: Float64Array, opts: GenerateOptions) {
  const cache: Float64Array[] = [];
  for (;;) {
    let k = 0;
    let pending: { x: Float64Array; t: number } | null = null;
    const f: VelocityFn = (x, t, out) => {
      if (k < cache.length) { out.set(cache[k++]); return; }
      pending = { x: Float64Array.from(x), t };
      throw NEED_EVALUATION;
    };
    try {
      return generate(f, x0, opts);
    } catch (err) {
      if (err !== NEED_EVALUATION || !pending) throw err;
      const p: { x: Float64Array; t: number } = pending;
      cache.push(await fAsync(p.x, p.t));
    }
  }
}

export interface GenerateOptions {
  method: 'euler' | 'midpoint' | 'heun' | 'rk4' | 'dopri5';
  steps: number;
  t0?: number;
  t1?: number;
  trajectory?: boolean;
}

/** Integrates from x0 (n points) and returns the end points, the NFE and optionally the trajectory. */
export function generate(f: VelocityFn, x0: Float64Array, opts: GenerateOptions) {
  return integrate(f, x0, { method: opts.method, steps: opts.steps, t0: opts.t0 ?? 0, t1: opts.t1 ?? 1, trajectory: opts.trajectory });
}
