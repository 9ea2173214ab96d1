/**
 * Couplings of one minibatch as plans, and the statistics couplings-compared shows about them.
 *
 * A coupling π of n source points and n target points is an n × n plan (rows: sources, columns:
 * targets): uniform 1/n² for the independent coupling, a permutation matrix (1/n on the optimal
 * assignment) for exact OT, the entropic plan for Sinkhorn. With the two-sided I-CFM path, the exact
 * marginal field of the coupled path is the Theorem-1 mixture over all pairs with prior weights π —
 * the core's closed form with an empirical source (`marginalVelocity(…, { source, plan })`), which
 * is what a perfectly trained minibatch (OT-)CFM model converges to on this minibatch.
 */
import { sinkhornLog, solveAssignment, squaredEuclideanCost, type CouplingName } from '../../lib/core/index.ts';

/** The plan π (n × n, row-major, sums to 1) of the named coupling between src and tgt (both n × d). */
export function couplingPlan(name: CouplingName, src: Float64Array, tgt: Float64Array, n: number, d: number, epsilon = 0.5): Float64Array {
  const plan = new Float64Array(n * n);
  if (name === 'independent') {
    plan.fill(1 / (n * n));
  } else if (name === 'exact-ot') {
    const assign = solveAssignment(squaredEuclideanCost(src, n, tgt, n, d), n);
    for (let i = 0; i < n; i++) plan[i * n + assign[i]] = 1 / n;
  } else {
    plan.set(sinkhornLog(squaredEuclideanCost(src, n, tgt, n, d), n, n, epsilon).plan);
  }
  return plan;
}

/** Transport cost Σᵢⱼ πᵢⱼ ‖x₀ⁱ − x₁ʲ‖² of a plan. */
export function planCost(plan: Float64Array, src: Float64Array, tgt: Float64Array, n: number, d: number): number {
  const cost = squaredEuclideanCost(src, n, tgt, n, d);
  let s = 0;
  let mass = 0;
  for (let i = 0; i < n * n; i++) { s += plan[i] * cost[i]; mass += plan[i]; }
  return s / mass;
}

/** Number of pairs with a non-negligible weight (> 10⁻⁹ of the largest). */
export function planSupport(plan: Float64Array): number {
  let max = 0;
  for (const w of plan) max = Math.max(max, w);
  let k = 0;
  for (const w of plan) if (w > 1e-9 * max) k++;
  return k;
}

/** Do segments p1→p2 and p3→p4 cross (proper intersection, shared endpoints excluded)? */
export function segmentsCross(
  ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number,
): boolean {
  const o = (px: number, py: number, qx: number, qy: number, rx: number, ry: number) => (qx - px) * (ry - py) - (qy - py) * (rx - px);
  const d1 = o(cx, cy, dx, dy, ax, ay);
  const d2 = o(cx, cy, dx, dy, bx, by);
  const d3 = o(ax, ay, bx, by, cx, cy);
  const d4 = o(ax, ay, bx, by, dx, dy);
  return d1 * d2 < 0 && d3 * d4 < 0;
}

/** Number of crossing pairs among the n segments x0ᵢ → x1ᵢ (2D). */
export function countCrossings(x0: Float64Array, x1: Float64Array, n: number): number {
  let count = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (segmentsCross(x0[2 * i], x0[2 * i + 1], x1[2 * i], x1[2 * i + 1], x0[2 * j], x0[2 * j + 1], x1[2 * j], x1[2 * j + 1])) count++;
    }
  }
  return count;
}

/**
 * Number of pairs of pairs (i, j) that a swap would make cheaper. Exchanging the targets of pairs
 * i and j changes the squared cost by
 *   ‖x₀ⁱ − x₁ʲ‖² + ‖x₀ʲ − x₁ⁱ‖² − ‖x₀ⁱ − x₁ⁱ‖² − ‖x₀ʲ − x₁ʲ‖² = 2⟨x₀ⁱ − x₀ʲ, x₁ⁱ − x₁ʲ⟩,
 * so the swap helps exactly when that inner product is negative. An optimal assignment has none
 * (it is cyclically monotone), and then no two particles moving along their segments at constant
 * speed are ever at the same place at the same time. (Segments of a quadratic-cost optimal
 * assignment CAN still cross as sets, at a shallow angle, passed at different times.)
 */
export function countImprovingSwaps(x0: Float64Array, x1: Float64Array, n: number, d: number): number {
  let count = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += (x0[i * d + k] - x0[j * d + k]) * (x1[i * d + k] - x1[j * d + k]);
      if (s < -1e-12) count++;
    }
  }
  return count;
}
