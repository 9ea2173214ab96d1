/**
 * What one sweep works on, TF-free (the widget draws it before TF.js loads; the worker trains on it):
 * the sizes, one pool of training points whose first n form the training set of size n (so the
 * sets are nested), m fresh data points, the m noise
 * draws every generator starts from, δ in data units, and the W₂ floor (fresh against fresh). All seeded from the sweep's seed.
 *
 * Per size, `referenceStats` computes what does not need a network: the fresh-data baseline (the
 * share of fresh points within δ of the training set) and the closed-form reference (the core's
 * exact marginal field of the n training points, sampled from the same noise: it memorises).
 */
import { Rng, sampleDataset, w2Exact } from '../../core/index.ts';
import { auctionScan } from '../../simd/auction-scan.ts';
import { sampleClosedForm } from '../../core/memorisation.ts';
import { dataScale, memorisationStats, nearestSummary, sizeGrid, type MemorisationStats } from '../../core/memorisation-curve.ts';
import type { MemoNSettings } from './settings.ts';

export const DIM = 2;
/** The data scale s of a data set is measured once on this many points with this seed (not the sweep's). */
const SCALE_POINTS = 4000;
const SCALE_SEED = 20250;
/** The W₂ floor averages this many pairs of fresh samples. */
const FLOOR_PAIRS = 5;

export interface SweepPlan {
  sizes: number[];
  /** The largest size's training points; the first n of them are the training set of size n. */
  pool: Float64Array;
  fresh: Float64Array;
  starts: Float64Array;
  m: number;
  scale: number;
  delta: number;
  /**
   * Mean W₂ between the fresh sample and FLOOR_PAIRS other fresh samples of the same size: what a
   * perfect generator scores with m points (one such W₂ varies by ±0.1 for m = 300 on the moons).
   */
  w2Floor: number;
}

/** The sizes of a sweep (sorted, from the settings' ends and spacing). */
export function sweepSizes(s: MemoNSettings): number[] {
  return sizeGrid(Number(s.nMin), Number(s.nMax), Number(s.factor));
}

/** The scale s = √(tr Σ / 2) of a data set, on a fixed large sample. */
export function scaleOf(dataset: MemoNSettings['dataset']): number {
  return dataScale(sampleDataset(dataset, SCALE_POINTS, new Rng(SCALE_SEED)), DIM);
}

/**
 * The plan of a sweep. `floor: false` skips the W₂ floor (NaN): five exact assignments of m points,
 * too slow for the page's main thread with large m; the worker computes it and reports it per size.
 */
export function makePlan(s: MemoNSettings, opts: { floor?: boolean } = {}): SweepPlan {
  const sizes = sweepSizes(s);
  const rng = new Rng(s.seed);
  const pool = sampleDataset(s.dataset, sizes[sizes.length - 1], rng.fork());
  const m = s.samples;
  const fresh = sampleDataset(s.dataset, m, rng.fork());
  const floorRng = rng.fork();
  const noise = rng.fork();
  const starts = new Float64Array(m * DIM);
  for (let i = 0; i < starts.length; i++) starts[i] = noise.normal();
  const scale = scaleOf(s.dataset);
  let floor = opts.floor === false ? NaN : 0;
  for (let k = 0; k < (opts.floor === false ? 0 : FLOOR_PAIRS); k++)
    floor += w2Exact(fresh, sampleDataset(s.dataset, m, floorRng), m, DIM, auctionScan) / FLOOR_PAIRS;
  return { sizes, pool, fresh, starts, m, scale, delta: s.deltaRel * scale, w2Floor: floor };
}

/** The training set of size n (a view into the pool). */
export function trainingSet(plan: SweepPlan, n: number): Float64Array {
  return plan.pool.subarray(0, n * DIM);
}

/** The fresh points' share within δ of the training set of size n and their median nearest distance. */
export function freshBaseline(plan: SweepPlan, n: number): Pick<MemorisationStats, 'fractionWithin' | 'medianNearest'> {
  return nearestSummary(plan.fresh, trainingSet(plan, n), DIM, plan.delta);
}

/** The closed-form sampler's points for size n (σ_min = 0, from the plan's noise) and their statistics. */
export function closedFormReference(plan: SweepPlan, n: number): { points: Float64Array; stats: MemorisationStats } {
  const train = trainingSet(plan, n);
  const points = sampleClosedForm(train, n, DIM, plan.starts, { sigmaMin: 0 });
  return { points, stats: memorisationStats(points, train, plan.fresh, DIM, plan.delta, auctionScan) };
}

/** The statistics of a generator's points for size n. */
export function statsFor(plan: SweepPlan, n: number, generated: ArrayLike<number>): MemorisationStats {
  return memorisationStats(generated, trainingSet(plan, n), plan.fresh, DIM, plan.delta, auctionScan);
}
