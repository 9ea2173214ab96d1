/**
 * The fixed-step Runge–Kutta methods the samplers offer, and their cost, without TF.js (widgets
 * size their frame strips from them before TF.js is loaded). Euler spends 1 velocity evaluation per
 * step, explicit midpoint and Heun 2, classical RK4 4; a budget of NFE evaluations buys
 * max(1, ⌊NFE / cost⌋) steps, and a sampler keeps a frame at each of the steps + 1 times 0, h, …, 1.
 * The tensor versions of the steps are in tensor-ode.ts; the Float64Array versions in core/ode.ts.
 */
export type FixedStepMethod = 'euler' | 'midpoint' | 'heun' | 'rk4';
export const FIXED_STEP_METHODS: readonly FixedStepMethod[] = ['euler', 'midpoint', 'heun', 'rk4'];
export const EVALS_PER_STEP: Record<FixedStepMethod, number> = { euler: 1, midpoint: 2, heun: 2, rk4: 4 };

export function isFixedStepMethod(m: string): m is FixedStepMethod {
  return (FIXED_STEP_METHODS as readonly string[]).includes(m);
}

/** Solver steps bought by a budget of `nfe` evaluations (at least one). */
export function solverSteps(nfe: number, method: FixedStepMethod): number {
  return Math.max(1, Math.floor(nfe / EVALS_PER_STEP[method]));
}
