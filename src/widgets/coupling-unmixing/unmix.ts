/**
 * DOM-free computation of the un-mixing widget, all with the core: the two-blob example of the
 * design-choices chapter (seed s draws twoBlobs(s + 4), so seed 1 is the chapter's first draw), the
 * chosen coupling's plan on it, particles started from the coupled I-CFM path at t = 0 (x₀ⁱ + σε) and
 * carried by the exact marginal field of that plan (200 RK4 steps, as in the chapter), the fraction
 * of each source blob that ends on its own side, the straightness S of the trajectories, and
 * Theorem 2's constant C of the plan. The flow runs in particle chunks a widget can spread over tasks.
 */
import {
  Rng,
  blobStarts,
  clusterPlan,
  couplingPlan,
  couplingVarianceStrata,
  getPath,
  integrate,
  integrateAsync,
  marginalVelocity,
  minibatchPlan,
  straightness,
  twoBlobs,
  type CouplingVariance,
  type TwoBlobs,
  type VelocityFn,
} from '../../lib/core/index.ts';
import type { UnmixingCoupling } from './schema.ts';

/** RK4 steps from t = 0 to 1 (the chapter's), and every how many steps a trajectory point is kept for drawing. */
export const RK4_STEPS = 200;
export const KEEP_EVERY = 5;
/** Minibatch OT: batch size and epochs averaged. */
export const MINIBATCH = { B: 4, epochs: 64 } as const;

export interface Setup {
  ex: TwoBlobs;
  plan: Float64Array;
  start: Float64Array;
  m: number;
  sigma: number;
}

export function blobsFor(seed: number): TwoBlobs {
  return twoBlobs(seed + 4);
}

/** The plan of the named coupling on the example (n × n). */
export function unmixingPlan(ex: TwoBlobs, name: UnmixingCoupling, seed: number): Float64Array {
  switch (name) {
    case 'exact-ot':
      return couplingPlan('exact-ot', ex.src, ex.tgt, ex.n, 2);
    case 'minibatch-ot':
      return minibatchPlan('exact-ot', ex.src, ex.tgt, ex.n, 2, MINIBATCH.B, MINIBATCH.epochs, new Rng(seed * 31 + 1)).plan;
    default:
      return clusterPlan(ex, name);
  }
}

export function setup(name: UnmixingCoupling, sigma: number, m: number, seed: number): Setup {
  const ex = blobsFor(seed);
  // Particle noise from the chapter's generator (seed 9) for the default seed; others shift it.
  const start = blobStarts(ex, sigma, m, new Rng(seed + 8));
  return { ex, plan: unmixingPlan(ex, name, seed), start, m, sigma };
}

export interface FlowChunk {
  from: number;
  to: number;
  /** Kept trajectory points (every KEEP_EVERY steps), each (to − from) × 2, and their times. */
  trajectory: Float64Array[];
  times: Float64Array;
  end: Float64Array;
  /** Straightness of these particles on the full RK4 grid. */
  straightness: number;
}

/** Carries particles from..to with the exact marginal field of the plan, or with `field` (a trained network). */
export function flowChunk(s: Setup, from: number, to: number, field?: VelocityFn): FlowChunk {
  const res = integrate(chunkField(s, to - from, field), s.start.slice(2 * from, 2 * to), {
    method: 'rk4',
    steps: RK4_STEPS,
    trajectory: true,
    d: 2,
  });
  return keepChunk(res.trajectory!, res.times!, res.x, from, to);
}

/**
 * The same flow (the same numbers) with `await pause()` after every evaluation of the field: the
 * widget runs it on the page's thread, and one particle's 800 evaluations against the plan's n²
 * pairs were a task of 10–20 ms.
 */
export async function flowChunkInSlices(
  s: Setup,
  from: number,
  to: number,
  field: VelocityFn | undefined,
  pause: () => Promise<void>,
): Promise<FlowChunk> {
  const f = chunkField(s, to - from, field);
  const res = await integrateAsync(
    async (x, t, out) => {
      f(x, t, out);
      await pause();
    },
    s.start.slice(2 * from, 2 * to),
    { method: 'rk4', steps: RK4_STEPS, trajectory: true, d: 2 },
  );
  return keepChunk(res.trajectory!, res.times!, res.x, from, to);
}

/** The exact marginal field of the plan for k particles, unless a trained field is given. */
function chunkField(s: Setup, k: number, field?: VelocityFn): VelocityFn {
  const { ex, plan } = s;
  const path = getPath('icfm', { sigma: s.sigma });
  return (
    field ??
    ((x, t, out) => {
      out.set(marginalVelocity(path, x, k, t, ex.tgt, ex.n, 2, { source: ex.src, nSource: ex.n, plan }));
    })
  );
}

/** Every KEEP_EVERY-th point of a chunk's trajectory, its end and its straightness on the full grid. */
function keepChunk(all: Float64Array[], grid: ArrayLike<number>, end: Float64Array, from: number, to: number): FlowChunk {
  const keep: Float64Array[] = [];
  const times: number[] = [];
  for (let i = 0; i < all.length; i += KEEP_EVERY) {
    keep.push(all[i]);
    times.push(grid[i]);
  }
  return { from, to, trajectory: keep, times: Float64Array.from(times), end, straightness: straightness(all, to - from, 2, grid) };
}

export interface UnmixingResult {
  trajectory: Float64Array[];
  times: Float64Array;
  end: Float64Array;
  /** Fraction of the particles from the left / right source blob that end on their own side. */
  ownSide: { left: number; right: number; all: number };
  /** Fraction of the plan's mass on pairs that stay on their side (what the pairing itself prescribes). */
  prescribed: number;
  straightness: number;
}

/** Joins the chunks (covering [0, m)) and measures the flow. */
export function mergeFlow(s: Setup, chunks: FlowChunk[]): UnmixingResult {
  const { m, start, ex, plan } = s;
  const sorted = [...chunks].sort((a, b) => a.from - b.from);
  const snaps = sorted[0].trajectory.length;
  const trajectory = Array.from({ length: snaps }, () => new Float64Array(2 * m));
  const end = new Float64Array(2 * m);
  for (const c of sorted) {
    for (let q = 0; q < snaps; q++) trajectory[q].set(c.trajectory[q], 2 * c.from);
    end.set(c.end, 2 * c.from);
  }
  const count = { left: [0, 0], right: [0, 0] };
  for (let q = 0; q < m; q++) {
    const side = start[2 * q] < 0 ? count.left : count.right;
    side[1]++;
    if (Math.sign(end[2 * q]) === Math.sign(start[2 * q])) side[0]++;
  }
  let stay = 0;
  let mass = 0;
  for (let i = 0; i < ex.n; i++)
    for (let j = 0; j < ex.n; j++) {
      mass += plan[i * ex.n + j];
      if (ex.side(i) === ex.side(j)) stay += plan[i * ex.n + j];
    }
  return {
    trajectory,
    times: sorted[0].times,
    end,
    ownSide: {
      left: count.left[0] / Math.max(1, count.left[1]),
      right: count.right[0] / Math.max(1, count.right[1]),
      all: (count.left[0] + count.right[0]) / m,
    },
    prescribed: stay / mass,
    straightness: sorted.reduce((a, c) => a + c.straightness * (c.to - c.from), 0) / m,
  };
}

export function flowAll(s: Setup, field?: VelocityFn): UnmixingResult {
  return mergeFlow(s, [flowChunk(s, 0, s.m, field)]);
}

/**
 * Time strata and draws per stratum of the C estimate. Each stratum draws one time, and for a bad plan
 * V(t) is a narrow peak around t = 1/2 (of width about σ), so the strata must be many: with 16 strata
 * the estimate at σ = 0.1 swung between 0.3 and 1.2 from seed to seed around a true 0.8, far outside
 * its reported standard error, which sees only the spread within strata.
 */
export const VARIANCE_DRAWS = { strata: 256, perStratum: 8 } as const;

/** The estimate of Theorem 2's constant C of the plan (VARIANCE_DRAWS: 256 time strata × 8 draws), stratum by stratum. */
function varianceStrata(s: Setup, seed: number): Generator<number, CouplingVariance, void> {
  return couplingVarianceStrata(
    getPath('icfm', { sigma: s.sigma }),
    s.ex.src,
    s.ex.n,
    s.ex.tgt,
    s.ex.n,
    2,
    s.plan,
    VARIANCE_DRAWS.strata,
    VARIANCE_DRAWS.perStratum,
    new Rng(seed * 13 + 77),
  );
}

/** Theorem 2's constant C of the plan, in one go. */
export function unmixingVariance(s: Setup, seed: number): { C: number; se: number } {
  const strata = varianceStrata(s, seed);
  for (;;) {
    const step = strata.next();
    if (step.done) return { C: step.value.mean, se: step.value.se };
  }
}

/**
 * The same C, awaiting `pause` after every stratum (about 0.3 ms each), so that the page is never
 * blocked by the whole estimate (about 70 ms in one piece, measured in Chromium here).
 */
export async function unmixingVarianceInSlices(s: Setup, seed: number, pause: () => Promise<void>): Promise<{ C: number; se: number }> {
  const strata = varianceStrata(s, seed);
  for (;;) {
    const step = strata.next();
    if (step.done) return { C: step.value.mean, se: step.value.se };
    await pause();
  }
}
