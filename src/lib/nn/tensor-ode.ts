/**
 * Fixed-step Runge–Kutta methods on tensors, for sampling a network's ODE dx/dt = u_t^θ(x) without
 * leaving the device: the state stays a tensor from t0 to t1 and is read back once at the end (the
 * core's solvers in src/lib/core/ode.ts work on Float64Arrays and would need one upload and one
 * read-back per evaluation). The tableaux are those of ode.ts: Euler (order 1), explicit midpoint
 * (2), Heun (2), classical RK4 (4).
 */
import { tf } from './tf.ts';

export type FixedStepMethod = 'euler' | 'midpoint' | 'heun' | 'rk4';
export const FIXED_STEP_METHODS: readonly FixedStepMethod[] = ['euler', 'midpoint', 'heun', 'rk4'];
/** Velocity evaluations per step. */
export const EVALS_PER_STEP: Record<FixedStepMethod, number> = { euler: 1, midpoint: 2, heun: 2, rk4: 4 };

export function isFixedStepMethod(m: string): m is FixedStepMethod {
  return (FIXED_STEP_METHODS as readonly string[]).includes(m);
}

/**
 * One step of `method` from t to t + h: returns the new state (a fresh tensor; every intermediate
 * is freed by the tidy, and `x` itself is left to the caller).
 */
export function tensorStep<T extends tf.Tensor>(
  f: (x: T, t: number) => T, x: T, t: number, h: number, method: FixedStepMethod,
): T {
  return tf.tidy(() => {
    const k1 = f(x, t);
    const at = (k: T, c: number) => tf.add(x, tf.mul(k, c)) as T;
    if (method === 'euler') return at(k1, h);
    if (method === 'midpoint') return at(f(at(k1, h / 2), t + h / 2), h);
    if (method === 'heun') {
      const k2 = f(at(k1, h), t + h);
      return at(tf.add(k1, k2) as T, h / 2);
    }
    const k2 = f(at(k1, h / 2), t + h / 2);
    const k3 = f(at(k2, h / 2), t + h / 2);
    const k4 = f(at(k3, h), t + h);
    return at(tf.addN([k1, tf.mul(k2, 2), tf.mul(k3, 2), k4]) as T, h / 6);
  });
}
