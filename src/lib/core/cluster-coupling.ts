/**
 * Cluster-constrained couplings of two equal-sized point sets, for any data: each set is split at
 * the median of its first coordinate into a left half and a right half (by rank, so the halves
 * have n/2 points each), and every source point is paired, with equal weights, with the n/2 target
 * points of its own half ('good') or of the other half ('bad'). Both plans are couplings of the two
 * empirical measures (every row and column carries mass 1/n). On the two-blob example of the
 * design-choices chapter the halves are the blobs and these are exactly its good and bad plans
 * (two-blobs.ts); here they apply to whatever the reader chose or drew.
 */

/**
 * The cluster couplings, in display order, with their labels: the one list of them. `short` is the
 * name of the same plan in the two-blob example (two-blobs.ts), where the clusters are given.
 */
export const CLUSTER_COUPLINGS = {
  good: { label: 'Cluster-constrained, good', short: 'Good plan' },
  bad: { label: 'Cluster-constrained, bad', short: 'Bad plan' },
} as const satisfies Record<string, { label: string; short: string }>;
export type ClusterCouplingName = keyof typeof CLUSTER_COUPLINGS;
export const CLUSTER_COUPLING_NAMES = Object.keys(CLUSTER_COUPLINGS) as ClusterCouplingName[];
export const CLUSTER_COUPLING_LABELS = Object.fromEntries(CLUSTER_COUPLING_NAMES.map((k) => [k, CLUSTER_COUPLINGS[k].label])) as Readonly<
  Record<ClusterCouplingName, string>
>;

/** 0 for the left half, 1 for the right half of n points (n × d) by the rank of coordinate 0. */
export function halfOf(points: ArrayLike<number>, n: number, d: number): Uint8Array {
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => points[i * d] - points[j * d] || i - j);
  const side = new Uint8Array(n);
  for (let r = Math.floor(n / 2); r < n; r++) side[order[r]] = 1;
  return side;
}

/**
 * The plan (n × n, rows sources, columns targets, total mass 1) of the named cluster coupling
 * between x0 and x1 (both n × d). n must be even (each half then has n/2 points).
 */
export function clusterCouplingPlan(
  name: ClusterCouplingName,
  x0: ArrayLike<number>,
  x1: ArrayLike<number>,
  n: number,
  d: number,
): Float64Array {
  if (n < 2 || n % 2 !== 0) throw new Error('cluster coupling: n must be even and at least 2');
  const s0 = halfOf(x0, n, d);
  const s1 = halfOf(x1, n, d);
  const per = 2 / (n * n);
  const plan = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const same = s0[i] === s1[j];
      if ((name === 'good') === same) plan[i * n + j] = per;
    }
  return plan;
}
