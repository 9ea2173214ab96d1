/**
 * DOM-free comparison of couplings on one seeded minibatch: for each coupling, the pairing lines a
 * minibatch trainer would draw (one draw from π via the core's `couple`), their crossings, the
 * coupling's transport cost, the exact pair-mixture field's ODE trajectories from fresh source
 * points (straightness, path energy: core metrics), and the samples after k Euler steps with their
 * W₂ to the target points (core metrics).
 */
import {
  Rng, couple, getPath, integrate, sampleDataset, w2Exact, straightness, pathEnergy,
  type CouplingName, type DatasetName, type VelocityFn,
} from '../../lib/core/index.ts';
import { countCrossings, countImprovingSwaps, couplingCost, couplingPairs, pairsVelocity } from './pairs-field.ts';

export const COUPLINGS: readonly CouplingName[] = ['independent', 'exact-ot', 'sinkhorn'];
export const COUPLING_LABELS: Record<CouplingName, string> = {
  independent: 'Independent', 'exact-ot': 'Exact minibatch OT', sinkhorn: 'Sinkhorn (entropic OT)',
};

export interface Batch { src: Float64Array; tgt: Float64Array; fresh: Float64Array; n: number; d: number }

/** The same seeded data for every coupling: n source, n target, and n fresh source points to transport. */
export function makeBatch(source: DatasetName, target: DatasetName, n: number, seed: number): Batch {
  const rng = new Rng(seed);
  const src = sampleDataset(source, n, rng.fork());
  const tgt = sampleDataset(target, n, rng.fork());
  const fresh = sampleDataset(source, n, rng.fork());
  return { src, tgt, fresh, n, d: 2 };
}

export interface CouplingResult {
  name: CouplingName;
  /** One draw of n pairs from π (what a minibatch trainer sees). */
  lines: { x0: Float64Array; x1: Float64Array };
  crossings: number;
  /** Pairs of drawn pairs whose swap would lower the cost (0 for an optimal assignment). */
  swaps: number;
  /** Σ π‖x₁ − x₀‖² of the full coupling. */
  cost: number;
  /** Trajectories of the fresh points under the pair-mixture field (fine RK4 grid). */
  trajectory: Float64Array[];
  straightness: number;
  energy: number;
  /** Samples after k Euler steps, and their W₂ to the target points. */
  kStep: Float64Array;
  w2: number;
  pairs: number;
}

export interface CompareOptions { sigma: number; epsilon: number; k: number; seed: number; fineSteps?: number }

export function compareCoupling(name: CouplingName, batch: Batch, opts: CompareOptions): CouplingResult {
  const { src, tgt, fresh, n, d } = batch;
  const path = getPath('icfm', { sigma: opts.sigma });
  const mix = couplingPairs(name, src, tgt, n, d, opts.epsilon);
  const drawn = couple(name, src, tgt, n, d, new Rng(opts.seed * 7 + 3), { epsilon: opts.epsilon });
  const f: VelocityFn = (x, t, out) => { out.set(pairsVelocity(path, mix, x, n, t)); };
  const fine = integrate(f, fresh, { method: 'rk4', steps: opts.fineSteps ?? 16, t0: 0, t1: 1, trajectory: true, d });
  const coarse = integrate(f, fresh, { method: 'euler', steps: opts.k, t0: 0, t1: 1, d });
  const trajectory = fine.trajectory!;
  return {
    name,
    lines: drawn,
    crossings: countCrossings(drawn.x0, drawn.x1, n),
    swaps: countImprovingSwaps(drawn.x0, drawn.x1, n, d),
    cost: couplingCost(mix),
    trajectory,
    straightness: straightness(trajectory, n, d),
    energy: pathEnergy(trajectory, n, d, fine.times!),
    kStep: coarse.x,
    w2: w2Exact(coarse.x, tgt, n, d),
    pairs: mix.m,
  };
}
