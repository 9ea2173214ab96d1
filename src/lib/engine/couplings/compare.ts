/**
 * DOM-free comparison of couplings on one seeded pair of point sets (n source, n target points).
 * For each coupling, in three stages the engine (runner.ts) runs as separate units of work:
 * 1. `planStage`: its plan π on the whole sets, computed by the core. With the coupling solved on the
 *    whole sets (B = n), π = `couplingPlan` and the pairing lines are one draw from it (`drawPairs`).
 *    In minibatch mode, π = `minibatchPlan`: the coupling solved inside batches of B points and
 *    averaged over many epochs (the law of the pairs a minibatch trainer sees), and the lines are the
 *    n pairs of one epoch. Crossings and improving swaps of the lines, the transport cost of π.
 * 2. `flowStage`: the ODE trajectories of the exact marginal field built on π (straightness, path
 *    energy: core metrics) and the samples after k Euler steps with their W₂ to the target points.
 *    Trajectories start from the path's own source law: the I-CFM path with an empirical source is
 *    p₀ = (1/n) Σᵢ 𝒩(x₀ⁱ, σ² I), so start point i is x₀ⁱ + σ εᵢ with seeded εᵢ ~ 𝒩(0, I).
 * 3. `varianceStage`: Theorem 2's constant C of the coupling (core: couplingVariance).
 * Stages 2 and 3 also come in parts (particle ranges, independent Monte Carlo parts) that merge to
 * the same result, so the runner can look at its messages between them (a newer comparison).
 */
import {
  Rng,
  batchSizes,
  countCrossings,
  countImprovingSwaps,
  couplingPlan,
  couplingVariance,
  drawPairs,
  getPath,
  integrate,
  integrateAsync,
  marginalVelocity,
  minibatchPlan,
  planCost,
  planSupport,
  sampleDataset,
  w2Exact,
  straightness,
  pathEnergy,
  type CouplingName,
  type DatasetName,
  type VelocityFn,
} from '../../core/index.ts';
import { auctionScan } from '../../simd/auction-scan.ts';
/** How each coupling is solved: on the whole point sets at once, or inside minibatches of B points. */
export const BATCH_MODES = ['full', 'minibatch'] as const;
export type BatchMode = (typeof BATCH_MODES)[number];

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

export interface CompareOptions {
  sigma: number;
  epsilon: number;
  k: number;
  seed: number;
  fineSteps?: number;
  /** 'full' (default): the coupling is solved on the whole sets; 'minibatch': in batches of B. */
  batch?: BatchMode;
  B?: number;
  epochs?: number;
  /** Monte Carlo size of C: time strata × draws per stratum (default 16 × 64). */
  varianceStrata?: number;
  varianceSamples?: number;
}

/**
 * The largest batch actually used: n on the whole sets; in minibatches, B held to [1, n] and then
 * the size of the ⌈n/B⌉ near-equal batches an epoch is cut into (n = 48, B = 13 gives 4 batches of 12).
 */
export function effectiveBatchSize(opts: CompareOptions, n: number): number {
  return opts.batch === 'minibatch' ? batchSizes(n, Math.min(n, Math.max(1, Math.floor(opts.B ?? n))))[0] : n;
}

/** The seeded generator the pairs of a comparison are drawn with. */
export function pairDrawRng(seed: number): Rng {
  return new Rng(seed * 7 + 3);
}

/** The seeded generator that shuffles the minibatches (the same for every coupling: same batches). */
export function batchShuffleRng(seed: number): Rng {
  return new Rng(seed * 101 + 17);
}

export interface PlanStage {
  name: CouplingName;
  /** The coupling's plan π (n × n): the field is built on it. */
  plan: Float64Array;
  /** n pairs drawn from π (whole sets) or one epoch's pairs (minibatches): what a trainer sees. */
  lines: { x0: Float64Array; x1: Float64Array };
  crossings: number;
  /** Pairs of drawn pairs whose swap would lower the cost (0 for an optimal assignment). */
  swaps: number;
  /** Σ π‖x₁ − x₀‖² of the plan. */
  cost: number;
  /** Number of pairs with weight in π. */
  pairs: number;
  /** Largest batch size used and batches per epoch. */
  B: number;
  batches: number;
}

export function planStage(name: CouplingName, batch: Batch, opts: CompareOptions): PlanStage {
  const { src, tgt, n, d } = batch;
  const B = effectiveBatchSize(opts, n);
  let plan: Float64Array;
  let lines: { x0: Float64Array; x1: Float64Array };
  let batches = 1;
  if (opts.batch === 'minibatch') {
    const mb = minibatchPlan(
      name,
      src,
      tgt,
      n,
      d,
      B,
      opts.epochs ?? 32,
      batchShuffleRng(opts.seed),
      { epsilon: opts.epsilon, bidScan: auctionScan },
      pairDrawRng(opts.seed),
    );
    plan = mb.plan;
    lines = mb.pairs;
    batches = mb.batches;
  } else {
    // One plan for both what is drawn and the field integrated.
    plan = couplingPlan(name, src, tgt, n, d, { epsilon: opts.epsilon, bidScan: auctionScan });
    lines = drawPairs(name, plan, src, tgt, n, d, pairDrawRng(opts.seed));
  }
  return {
    name,
    plan,
    lines,
    crossings: countCrossings(lines.x0, lines.x1, n),
    swaps: countImprovingSwaps(lines.x0, lines.x1, n, d),
    cost: planCost(plan, src, tgt, n, d),
    pairs: planSupport(plan),
    B,
    batches,
  };
}

export interface FlowStage {
  /** Trajectories of the start points under the coupling's marginal field (fine RK4 grid). */
  trajectory: Float64Array[];
  straightness: number;
  energy: number;
  /** Samples after k Euler steps, and their W₂ to the target points. */
  kStep: Float64Array;
  w2: number;
}

/** The flow of the particles [from, to) only: every particle moves independently of the others. */
export interface FlowChunk {
  from: number;
  to: number;
  trajectory: Float64Array[];
  times: Float64Array;
  kStep: Float64Array;
}

export function flowChunk(plan: Float64Array, batch: Batch, opts: CompareOptions, from: number, to: number): FlowChunk {
  const { f, start, d } = chunkFlow(plan, batch, opts, from, to);
  const fine = integrate(f, start, { method: 'rk4', steps: opts.fineSteps ?? 16, t0: 0, t1: 1, trajectory: true, d });
  const coarse = integrate(f, start, { method: 'euler', steps: opts.k, t0: 0, t1: 1, d });
  return { from, to, trajectory: fine.trajectory!, times: Float64Array.from(fine.times!), kStep: coarse.x };
}

/**
 * The same chunk (the same numbers) with `await pause()` after every evaluation of the field, for the
 * runner's slices (in its worker, or on the page): each evaluation weighs every pair of the plan (n² of them).
 */
export async function flowChunkInSlices(
  plan: Float64Array,
  batch: Batch,
  opts: CompareOptions,
  from: number,
  to: number,
  pause: () => Promise<void>,
): Promise<FlowChunk> {
  const { f, start, d } = chunkFlow(plan, batch, opts, from, to);
  const g = async (x: Float64Array, t: number, out: Float64Array) => {
    f(x, t, out);
    await pause();
  };
  const fine = await integrateAsync(g, start, { method: 'rk4', steps: opts.fineSteps ?? 16, t0: 0, t1: 1, trajectory: true, d });
  const coarse = await integrateAsync(g, start, { method: 'euler', steps: opts.k, t0: 0, t1: 1, d });
  return { from, to, trajectory: fine.trajectory!, times: Float64Array.from(fine.times!), kStep: coarse.x };
}

/** The exact field of the plan for the particles [from, to), and their start points. */
function chunkFlow(plan: Float64Array, batch: Batch, opts: CompareOptions, from: number, to: number) {
  const { src, tgt, n, d } = batch;
  const start = startPoints(batch, opts.sigma).slice(from * d, to * d);
  const m = to - from;
  const path = getPath('icfm', { sigma: opts.sigma });
  const closed = { source: src, nSource: n, plan };
  const f: VelocityFn = (x, t, out) => {
    out.set(marginalVelocity(path, x, m, t, tgt, n, d, closed));
  };
  return { f, start, d };
}

/** Joins the chunks (in particle order, covering [0, n)) and computes the flow's statistics. */
export function mergeFlow(chunks: FlowChunk[], batch: Batch): FlowStage {
  const { tgt, n, d } = batch;
  const sorted = [...chunks].sort((a, b) => a.from - b.from);
  const snaps = sorted[0].trajectory.length;
  const trajectory = Array.from({ length: snaps }, () => new Float64Array(n * d));
  const kStep = new Float64Array(n * d);
  for (const c of sorted) {
    for (let s = 0; s < snaps; s++) trajectory[s].set(c.trajectory[s], c.from * d);
    kStep.set(c.kStep, c.from * d);
  }
  const times = sorted[0].times;
  return {
    trajectory,
    straightness: straightness(trajectory, n, d, times),
    energy: pathEnergy(trajectory, n, d, times),
    kStep,
    w2: w2Exact(kStep, tgt, n, d, auctionScan),
  };
}

/**
 * Samples after k Euler steps for the particles [from, to) only: what a change of k alone needs
 * (the plan, trajectories and C do not depend on k). Equal to `flowChunk(…).kStep`.
 */
export function eulerChunk(
  plan: Float64Array,
  batch: Batch,
  opts: CompareOptions,
  from: number,
  to: number,
): { from: number; kStep: Float64Array } {
  const { f, start, d } = chunkFlow(plan, batch, opts, from, to);
  return { from, kStep: integrate(f, start, { method: 'euler', steps: opts.k, t0: 0, t1: 1, d }).x };
}

/** Joins Euler chunks (covering [0, n)) into the k-step samples and their W₂ to the target points. */
export function mergeEuler(chunks: { from: number; kStep: Float64Array }[], batch: Batch): Pick<FlowStage, 'kStep' | 'w2'> {
  const { tgt, n, d } = batch;
  const kStep = new Float64Array(n * d);
  for (const c of chunks) kStep.set(c.kStep, c.from * d);
  return { kStep, w2: w2Exact(kStep, tgt, n, d, auctionScan) };
}

/** Particle ranges of about `size` particles each, covering [0, n). */
export function particleChunks(n: number, size: number): [number, number][] {
  const out: [number, number][] = [];
  for (let from = 0; from < n; from += size) out.push([from, Math.min(n, from + size)]);
  return out;
}

export function flowStage(plan: Float64Array, batch: Batch, opts: CompareOptions): FlowStage {
  return mergeFlow([flowChunk(plan, batch, opts, 0, batch.n)], batch);
}

export interface VarianceStage {
  /** Theorem 2's constant C of the coupling on the I-CFM path, and its Monte Carlo standard error. */
  C: number;
  cSe: number;
}

/** Independent parts of the Monte Carlo estimate of C (each with its own seeded generator). */
export const VARIANCE_PARTS = 4;

/** The seeded generator of part `part` of the Monte Carlo estimate of C. */
export function varianceRng(seed: number, part = 0): Rng {
  return new Rng(seed * 13 + 5 + 7919 * part);
}

/** One part of the estimate of C: (strata / VARIANCE_PARTS) time strata, the same draws per stratum. */
export function variancePart(plan: Float64Array, batch: Batch, opts: CompareOptions, part: number): VarianceStage {
  const { src, tgt, n, d } = batch;
  const path = getPath('icfm', { sigma: opts.sigma });
  const strata = Math.max(1, Math.round((opts.varianceStrata ?? 16) / VARIANCE_PARTS));
  const c = couplingVariance(path, src, n, tgt, n, d, plan, strata, opts.varianceSamples ?? 64, varianceRng(opts.seed, part));
  return { C: c.mean, cSe: c.se };
}

/** The mean of equally sized independent parts, with its standard error. */
export function mergeVariance(parts: VarianceStage[]): VarianceStage {
  const k = parts.length;
  return {
    C: parts.reduce((a, p) => a + p.C, 0) / k,
    cSe: Math.sqrt(parts.reduce((a, p) => a + p.cSe * p.cSe, 0)) / k,
  };
}

export function varianceStage(plan: Float64Array, batch: Batch, opts: CompareOptions): VarianceStage {
  return mergeVariance(Array.from({ length: VARIANCE_PARTS }, (_, part) => variancePart(plan, batch, opts, part)));
}

export type CouplingResult = PlanStage & FlowStage & VarianceStage;

/**
 * What a panel shows while its coupling is computed: the plan's figures and lines first (not π itself,
 * which stays with the engine), then the flow, then C.
 */
export type PartialCouplingResult = Omit<PlanStage, 'plan'> & Partial<FlowStage> & Partial<VarianceStage>;

/** All three stages at once (tests; the runner runs them as separate units). */
export function compareCoupling(name: CouplingName, batch: Batch, opts: CompareOptions): CouplingResult {
  const p = planStage(name, batch, opts);
  return { ...p, ...flowStage(p.plan, batch, opts), ...varianceStage(p.plan, batch, opts) };
}

/** W₂² between the two point sets: the cost of the optimal full-batch plan, the floor of every plan's cost. */
export function fullBatchOtCost(batch: Batch): number {
  const { src, tgt, n, d } = batch;
  return planCost(couplingPlan('exact-ot', src, tgt, n, d, { bidScan: auctionScan }), src, tgt, n, d);
}
