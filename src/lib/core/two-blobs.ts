/**
 * The two-blob example of the design-choices chapter, specified there in full: in the plane,
 * 2m source points, m around each of (−2, −2) and (2, −2), and 2m target points, m around each of
 * (−2, 2) and (2, 2), every coordinate its centre plus `spread` times a standard normal (m = 8,
 * spread = 0.05 in the text). Point i (source or target) lies on the left for i < m, on the right
 * otherwise. The cluster plans pair each source point, with equal weights, with the m target points
 * on its own side ('good') or on the other side ('bad'); 'independent' pairs it with all of them.
 * Every plan is a coupling of the two empirical measures: each row and column carries mass 1/(2m).
 */
import { Rng } from './rng.ts';
import { CLUSTER_COUPLINGS } from './cluster-coupling.ts';
import { COUPLINGS } from './couplings.ts';

/**
 * The plans of the example, in display order: the one list of them. Their labels are those of the
 * general couplings they are (cluster-coupling.ts, couplings.ts), not repeated here.
 */
export const CLUSTER_PLANS = {
  bad: { label: CLUSTER_COUPLINGS.bad.short },
  good: { label: CLUSTER_COUPLINGS.good.short },
  independent: { label: COUPLINGS.independent.label },
} as const satisfies Record<string, { label: string }>;

export type ClusterPlanName = keyof typeof CLUSTER_PLANS;
export const CLUSTER_PLAN_NAMES = Object.keys(CLUSTER_PLANS) as ClusterPlanName[];
export const CLUSTER_PLAN_LABELS = Object.fromEntries(CLUSTER_PLAN_NAMES.map((k) => [k, CLUSTER_PLANS[k].label])) as Readonly<
  Record<ClusterPlanName, string>
>;

export interface TwoBlobs {
  /** Source and target points (n × 2 each). */
  src: Float64Array;
  tgt: Float64Array;
  /** Points per distribution (2m). */
  n: number;
  /** Side of point i: −1 (left) or +1 (right), for sources and targets alike. */
  side: (i: number) => -1 | 1;
}

/** One seeded draw of the point sets (the draw order is fixed: source i, then target i, x before y). */
export function twoBlobs(seed: number, perBlob = 8, spread = 0.05): TwoBlobs {
  const n = 2 * perBlob;
  const side = (i: number): -1 | 1 => (i < perBlob ? -1 : 1);
  const rng = new Rng(seed);
  const src = new Float64Array(2 * n);
  const tgt = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    src[2 * i] = 2 * side(i) + spread * rng.normal();
    src[2 * i + 1] = -2 + spread * rng.normal();
    tgt[2 * i] = 2 * side(i) + spread * rng.normal();
    tgt[2 * i + 1] = 2 + spread * rng.normal();
  }
  return { src, tgt, n, side };
}

/** The named cluster plan (n × n, rows sources, columns targets, total mass 1). */
export function clusterPlan(ex: TwoBlobs, name: ClusterPlanName): Float64Array {
  const { n, side } = ex;
  const p = new Float64Array(n * n);
  const per = name === 'independent' ? 1 / (n * n) : 2 / (n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const same = side(i) === side(j);
      if (name === 'independent' || (name === 'good') === same) p[i * n + j] = per;
    }
  return p;
}

/**
 * Start points of m particles drawn from the coupled I-CFM path at t = 0: particle q starts at
 * x₀ⁱ + σ ε with i = q mod n (so every source point gets ⌊m/n⌋ or ⌈m/n⌉ particles).
 */
export function blobStarts(ex: TwoBlobs, sigma: number, m: number, rng: Rng): Float64Array {
  const out = new Float64Array(2 * m);
  for (let q = 0; q < m; q++) {
    const i = q % ex.n;
    out[2 * q] = ex.src[2 * i] + sigma * rng.normal();
    out[2 * q + 1] = ex.src[2 * i + 1] + sigma * rng.normal();
  }
  return out;
}

/** Fraction of particles whose first coordinate has kept its sign from `start` to `end` (both m × 2). */
export function sameSideFraction(start: ArrayLike<number>, end: ArrayLike<number>, m: number): number {
  let k = 0;
  for (let q = 0; q < m; q++) if (Math.sign(end[2 * q]) === Math.sign(start[2 * q])) k++;
  return k / m;
}
