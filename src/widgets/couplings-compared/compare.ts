/**
 * DOM-free comparison of couplings on one seeded minibatch: for each coupling, its plan π (computed
 * once, by the core's `couplingPlan`), the pairing lines a minibatch trainer would draw (one draw
 * from that π, `drawPairs`), their crossings, the
 * coupling's transport cost, the ODE trajectories of the exact marginal field built on the same π
 * (straightness, path energy: core metrics), and the samples after k Euler steps with their W₂ to
 * the target points (core metrics). Trajectories start from the path's own source law p₀: the
 * I-CFM path with an empirical source is p₀ = (1/n) Σᵢ 𝒩(x₀ⁱ, σ² I), so start point i is
 * x₀ⁱ + σ εᵢ with seeded εᵢ ~ 𝒩(0, I).
 */
import {
  Rng,
  countCrossings,
  countImprovingSwaps,
  couplingPlan,
  drawPairs,
  getPath,
  integrate,
  marginalVelocity,
  planCost,
  planSupport,
  sampleDataset,
  w2Exact,
  straightness,
  pathEnergy,
  type CouplingName,
  type DatasetName,
  type VelocityFn,
} from '../../lib/core/index.ts';

export interface Batch {
  src: Float64Array;
  tgt: Float64Array;
  noise: Float64Array;
  n: number;
  d: number;
}

/** The same seeded data for every coupling: n source points, n target points, and n × d noise draws. */
export function makeBatch(source: DatasetName, target: DatasetName, n: number, seed: number): Batch {
  const rng = new Rng(seed);
  const src = sampleDataset(source, n, rng.fork());
  const tgt = sampleDataset(target, n, rng.fork());
  const noise = sampleDataset('normal', n, rng.fork());
  return { src, tgt, noise, n, d: 2 };
}

/** Start points x₀ⁱ + σ εᵢ: one draw from each component of the path's source law p₀. */
export function startPoints(batch: Batch, sigma: number): Float64Array {
  const out = new Float64Array(batch.src.length);
  for (let i = 0; i < out.length; i++) out[i] = batch.src[i] + sigma * batch.noise[i];
  return out;
}

export interface CouplingResult {
  name: CouplingName;
  /** The coupling's plan π (n × n): the drawn pairs come from it and the field is built on it. */
  plan: Float64Array;
  /** One draw of n pairs from π (what a minibatch trainer sees). */
  lines: { x0: Float64Array; x1: Float64Array };
  crossings: number;
  /** Pairs of drawn pairs whose swap would lower the cost (0 for an optimal assignment). */
  swaps: number;
  /** Σ π‖x₁ − x₀‖² of the full coupling. */
  cost: number;
  /** Trajectories of the start points under the coupling's marginal field (fine RK4 grid). */
  trajectory: Float64Array[];
  straightness: number;
  energy: number;
  /** Samples after k Euler steps, and their W₂ to the target points. */
  kStep: Float64Array;
  w2: number;
  pairs: number;
}

/** The seeded generator the pairs of a comparison are drawn with. */
export function pairDrawRng(seed: number): Rng {
  return new Rng(seed * 7 + 3);
}

export interface CompareOptions {
  sigma: number;
  epsilon: number;
  k: number;
  seed: number;
  fineSteps?: number;
}

export function compareCoupling(name: CouplingName, batch: Batch, opts: CompareOptions): CouplingResult {
  const { src, tgt, n, d } = batch;
  const start = startPoints(batch, opts.sigma);
  const path = getPath('icfm', { sigma: opts.sigma });
  // One plan for both what is drawn and the field integrated.
  const plan = couplingPlan(name, src, tgt, n, d, { epsilon: opts.epsilon });
  const drawn = drawPairs(name, plan, src, tgt, n, d, pairDrawRng(opts.seed));
  const closed = { source: src, nSource: n, plan };
  const f: VelocityFn = (x, t, out) => {
    out.set(marginalVelocity(path, x, n, t, tgt, n, d, closed));
  };
  const fine = integrate(f, start, { method: 'rk4', steps: opts.fineSteps ?? 16, t0: 0, t1: 1, trajectory: true, d });
  const coarse = integrate(f, start, { method: 'euler', steps: opts.k, t0: 0, t1: 1, d });
  const trajectory = fine.trajectory!;
  return {
    name,
    plan,
    lines: drawn,
    crossings: countCrossings(drawn.x0, drawn.x1, n),
    swaps: countImprovingSwaps(drawn.x0, drawn.x1, n, d),
    cost: planCost(plan, src, tgt, n, d),
    trajectory,
    straightness: straightness(trajectory, n, d, fine.times),
    energy: pathEnergy(trajectory, n, d, fine.times),
    kStep: coarse.x,
    w2: w2Exact(coarse.x, tgt, n, d),
    pairs: planSupport(plan),
  };
}
