/**
 * The fixed-step solvers of the image sampler and their cost in velocity evaluations per step, without
 * TF.js (widgets size their frame strips from them before TF.js is loaded). Euler spends 1 evaluation
 * per step, midpoint and Heun 2, RK4 4; a budget of NFE evaluations buys max(1, ⌊NFE / cost⌋) steps,
 * and the sampler keeps a frame at each of the steps + 1 times 0, h, …, 1.
 */
export type ImageSolver = 'euler' | 'midpoint' | 'heun' | 'rk4';
export const IMAGE_SOLVERS: readonly ImageSolver[] = ['euler', 'midpoint', 'heun', 'rk4'];
export const EVALS_PER_STEP: Record<ImageSolver, number> = { euler: 1, midpoint: 2, heun: 2, rk4: 4 };

/** Solver steps bought by a budget of `nfe` evaluations (at least one). */
export function solverSteps(nfe: number, solver: ImageSolver): number {
  return Math.max(1, Math.floor(nfe / EVALS_PER_STEP[solver]));
}
