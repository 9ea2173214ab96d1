/**
 * The exact marginal field of a coupled two-sided Gaussian path, for an empirical coupling.
 *
 * A coupling π of n source points and n target points is a finite set of pairs (x₀ᵖ, x₁ᵖ) with
 * weights πₚ (summing to one): all n² pairs with weight 1/n² for the independent coupling, n pairs
 * with weight 1/n for an optimal assignment, the entries of the entropic plan for Sinkhorn. With the
 * two-sided path x_t = a(t) x₁ + b(t) x₀ + c(t) ε of the core (I-CFM: c = σ > 0), the conditional
 * law of x_t given the pair p is 𝒩(μₚ(t), c(t)² I) with μₚ = a x₁ᵖ + b x₀ᵖ, so Theorem 1 gives
 *     u_t(x) = Σₚ wₚ(x, t) uₚ(x, t),   wₚ ∝ πₚ 𝒩(x; μₚ(t), c(t)² I),
 *     uₚ(x, t) = a′ x₁ᵖ + b′ x₀ᵖ + (c′/c)(x − μₚ(t))      (the core's conditional velocity).
 * The weights are computed with log-sum-exp. Nothing here is learned: it is the field a perfectly
 * trained minibatch (OT-)CFM model would converge to on this minibatch.
 */
import {
  conditionalVelocity, solveAssignment, sinkhornLog, squaredEuclideanCost, type ConditionalPath, type CouplingName,
} from '../../lib/core/index.ts';

export interface PairMixture {
  x0: Float64Array; x1: Float64Array; weight: Float64Array; logWeight: Float64Array;
  /** Number of pairs. */
  m: number; d: number;
}

function mixtureFrom(pairs: [number, number, number][], src: Float64Array, tgt: Float64Array, d: number): PairMixture {
  const m = pairs.length;
  const x0 = new Float64Array(m * d);
  const x1 = new Float64Array(m * d);
  const weight = new Float64Array(m);
  let total = 0;
  for (const [, , w] of pairs) total += w;
  pairs.forEach(([i, j, w], p) => {
    x0.set(src.subarray(i * d, (i + 1) * d), p * d);
    x1.set(tgt.subarray(j * d, (j + 1) * d), p * d);
    weight[p] = w / total;
  });
  return { x0, x1, weight, logWeight: weight.map(Math.log), m, d };
}

/**
 * The coupling of n source and n target points as a weighted set of pairs.
 * Sinkhorn entries below `1e-9 × max` are dropped (their posterior weight is negligible).
 */
export function couplingPairs(name: CouplingName, src: Float64Array, tgt: Float64Array, n: number, d: number, epsilon = 0.5): PairMixture {
  const pairs: [number, number, number][] = [];
  if (name === 'independent') {
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) pairs.push([i, j, 1]);
  } else if (name === 'exact-ot') {
    const assign = solveAssignment(squaredEuclideanCost(src, n, tgt, n, d), n);
    for (let i = 0; i < n; i++) pairs.push([i, assign[i], 1]);
  } else {
    const plan = sinkhornLog(squaredEuclideanCost(src, n, tgt, n, d), n, n, epsilon).plan;
    let max = 0;
    for (let i = 0; i < plan.length; i++) max = Math.max(max, plan[i]);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      const w = plan[i * n + j];
      if (w > 1e-9 * max) pairs.push([i, j, w]);
    }
  }
  return mixtureFrom(pairs, src, tgt, d);
}

/** The marginal field of the pair mixture at `nq` points (nq × d) and time t. */
export function pairsVelocity(path: ConditionalPath, mix: PairMixture, x: Float64Array, nq: number, t: number): Float64Array {
  const { m, d } = mix;
  const { a, b, c } = path.coefficients(t);
  if (!(c > 0)) throw new Error('the pair-mixture field needs a path with c(t) > 0 (I-CFM with σ > 0)');
  const mu = new Float64Array(m * d);
  for (let p = 0; p < m * d; p++) mu[p] = a * mix.x1[p] + b * mix.x0[p];
  const out = new Float64Array(nq * d);
  const logw = new Float64Array(m);
  const inv2c2 = 1 / (2 * c * c);
  const xq = new Float64Array(m * d);
  for (let q = 0; q < nq; q++) {
    let best = -Infinity;
    for (let p = 0; p < m; p++) {
      let s = 0;
      for (let k = 0; k < d; k++) { const r = x[q * d + k] - mu[p * d + k]; s += r * r; }
      logw[p] = mix.logWeight[p] - s * inv2c2;
      if (logw[p] > best) best = logw[p];
    }
    let z = 0;
    for (let p = 0; p < m; p++) { logw[p] = Math.exp(logw[p] - best); z += logw[p]; }
    for (let p = 0; p < m; p++) for (let k = 0; k < d; k++) xq[p * d + k] = x[q * d + k];
    const up = conditionalVelocity(path, xq, m, t, mix.x0, mix.x1, d);
    for (let k = 0; k < d; k++) {
      let s = 0;
      for (let p = 0; p < m; p++) s += logw[p] * up[p * d + k];
      out[q * d + k] = s / z;
    }
  }
  return out;
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

/** Mean squared length of the pairing lines, Σ πₚ ‖x₁ᵖ − x₀ᵖ‖² (the transport cost of π). */
export function couplingCost(mix: PairMixture): number {
  let s = 0;
  for (let p = 0; p < mix.m; p++) {
    let q = 0;
    for (let k = 0; k < mix.d; k++) { const r = mix.x1[p * mix.d + k] - mix.x0[p * mix.d + k]; q += r * r; }
    s += mix.weight[p] * q;
  }
  return s;
}
