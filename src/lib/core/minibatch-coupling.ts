/**
 * The coupling that minibatch training actually uses, as one plan on the whole data set.
 *
 * Given n source points and n target points (two empirical measures), an *epoch* shuffles both sets
 * independently, cuts them into batches of (nearly) B points, and solves the named coupling inside
 * each batch with `couplingPlan`. A batch of b points carries mass b/n, and its plan (b × b, total
 * mass 1) is spread over the n × n grid at the batch members' indices. Every point lies in exactly
 * one batch per epoch, so each epoch's plan has all row and column sums exactly 1/n: it is a coupling
 * of the two empirical measures (the finite form of the minibatch-marginals proposition). The plan
 * returned is the average over `epochs` epochs, an unbiased Monte Carlo estimate of the law of a
 * minibatch pair; its transport cost can only be ≥ the optimal (full-batch) cost W₂², and the gap
 * is the minibatch bias.
 *
 * For the independent coupling the average is known exactly: every (i, j) shares a batch with the
 * same probability, so the expected plan is 1/n² everywhere, and that is what we return (the pairs of
 * the first epoch are still drawn batch by batch).
 */
import type { Rng } from './rng.ts';
import { couplingPlan, drawPairs, type CoupleOptions, type CouplingName, type Paired } from './couplings.ts';

/** Sizes of the ⌈n/B⌉ batches an epoch of n points is cut into: they differ by at most one and sum to n. */
export function batchSizes(n: number, B: number): number[] {
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError('batchSizes: n must be a positive integer');
  const b = Math.min(n, Math.max(1, Math.floor(B)));
  const k = Math.ceil(n / b);
  const base = Math.floor(n / k);
  const extra = n - base * k;
  return Array.from({ length: k }, (_, i) => base + (i < extra ? 1 : 0));
}

export interface MinibatchPlan {
  /** n × n plan (rows: sources, columns: targets), averaged over the epochs; sums to 1. */
  plan: Float64Array;
  /** The n pairs of the first epoch, batch by batch (what a trainer sees in one pass over the data). */
  pairs: Paired;
  /** Number of batches per epoch. */
  batches: number;
}

function gatherRows(x: ArrayLike<number>, idx: Int32Array, from: number, b: number, d: number): Float64Array {
  const out = new Float64Array(b * d);
  for (let i = 0; i < b; i++) for (let k = 0; k < d; k++) out[i * d + k] = x[idx[from + i] * d + k];
  return out;
}

/**
 * The averaged plan of the named coupling solved in minibatches of size B (see the module comment).
 * B ≥ n gives one batch per epoch: the full-batch plan (for exact OT, the optimal assignment of the
 * whole sets). `rng` shuffles the batches; the first epoch's pairs are drawn with `drawRng` (default
 * `rng`), so several couplings given equal batch generators are solved on the same batches.
 */
export function minibatchPlan(
  name: CouplingName,
  x0: ArrayLike<number>,
  x1: ArrayLike<number>,
  n: number,
  d: number,
  B: number,
  epochs: number,
  rng: Rng,
  opts: CoupleOptions = {},
  drawRng: Rng = rng,
): MinibatchPlan {
  if (!(Number.isInteger(epochs) && epochs >= 1)) throw new RangeError('minibatchPlan: epochs must be a positive integer');
  const sizes = batchSizes(n, B);
  const plan = new Float64Array(n * n);
  const px0 = new Float64Array(n * d);
  const px1 = new Float64Array(n * d);
  for (let e = 0; e < epochs; e++) {
    const p0 = rng.permutation(n);
    const p1 = rng.permutation(n);
    let from = 0;
    for (const b of sizes) {
      const s0 = gatherRows(x0, p0, from, b, d);
      const s1 = gatherRows(x1, p1, from, b, d);
      const bp = couplingPlan(name, s0, s1, b, d, opts);
      if (name !== 'independent') {
        const w = b / n / epochs;
        for (let i = 0; i < b; i++) for (let j = 0; j < b; j++) plan[p0[from + i] * n + p1[from + j]] += w * bp[i * b + j];
      }
      if (e === 0) {
        const drawn = drawPairs(name, bp, s0, s1, b, d, drawRng);
        px0.set(drawn.x0, from * d);
        px1.set(drawn.x1, from * d);
      }
      from += b;
    }
  }
  if (name === 'independent') plan.fill(1 / (n * n));
  return { plan, pairs: { x0: px0, x1: px1 }, batches: sizes.length };
}
