/**
 * Sample-based metrics between point sets and along flows.
 * - w2Exact: W₂(μ̂, ν̂) between two empirical measures of equal size (exact, assignment solver).
 * - slicedW2: √(E_θ W₂²(θᵀμ̂, θᵀν̂)) over random unit directions θ (1D OT by sorting).
 * - energyDistance: D² = 2E‖X − Y‖ − E‖X − X′‖ − E‖Y − Y′‖ (Székely), unbiased U-statistics.
 * - pathEnergy: E_{x₀} ∫ ‖ẋ_t‖² dt along trajectories (from finite differences of snapshots).
 * - normalisedPathEnergy: Tong et al.'s NPE = |PE − W₂²(p₀, p₁)| / W₂²(p₀, p₁) (≥ 0; 0 for the
 *   dynamic OT map, since the kinetic energy of any flow from p₀ to p₁ is ≥ W₂², Benamou–Brenier).
 * - straightness: Liu et al.'s S = ∫ E‖(X₁ − X₀) − Ẋ_t‖² dt (0 iff paths are straight at constant speed).
 * - meanSquaredError: (1/n) Σ ‖aᵢ − bᵢ‖², e.g. a learned field against the closed-form field.
 * - countCrossings / countImprovingSwaps: how tangled a set of drawn pairs x₀ⁱ → x₁ⁱ is (2D segment
 *   crossings; pairs of pairs a swap would make cheaper, 0 for an optimal assignment).
 */
import { Rng } from './rng.ts';
import { solveAssignmentFull, squaredEuclideanCost, squaredEuclideanStart, type BidScanFor } from './assignment.ts';
import type { ConditionalPath } from './paths.ts';
import { marginalVelocity, type ClosedFormOptions } from './closed-form.ts';
import type { VelocityFn } from './ode.ts';

/** Squared W₂ between two point sets of equal size n (n × d each), exact. */
export function w2SquaredExact(a: ArrayLike<number>, b: ArrayLike<number>, n: number, d: number, bidScan?: BidScanFor): number {
  if (b.length !== n * d || a.length < n * d) throw new Error('w2Exact: both sets must have n points of dimension d');
  if (n === 0) return 0;
  const init = squaredEuclideanStart(n);
  const scan = init === 'auction' ? (bidScan?.(n) ?? null) : null;
  return solveAssignmentFull(squaredEuclideanCost(a, n, b, n, d, scan?.cost), n, { init, scan }).cost / n;
}

/** W₂ between two point sets of equal size n (n × d each), exact (O(n³)). */
export function w2Exact(a: ArrayLike<number>, b: ArrayLike<number>, n: number, d: number, bidScan?: BidScanFor): number {
  return Math.sqrt(Math.max(0, w2SquaredExact(a, b, n, d, bidScan)));
}

/** Quantile of sorted values at level q ∈ (0, 1) (step function of the empirical measure). */
function quantileSorted(v: Float64Array, q: number): number {
  return v[Math.min(v.length - 1, Math.floor(q * v.length))];
}

/**
 * Sliced W₂ with `projections` random directions (default 128; seed 0 unless an rng is given).
 * Sizes may differ (b has b.length/d points); then the 1D W₂² integrates the quantile functions.
 */
export function slicedW2(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  n: number,
  d: number,
  opts: { projections?: number; rng?: Rng; seed?: number } = {},
): number {
  const m = Math.floor(b.length / d);
  const L = opts.projections ?? 128;
  const rng = opts.rng ?? new Rng(opts.seed ?? 0);
  const pa = new Float64Array(n);
  const pb = new Float64Array(m);
  const theta = new Float64Array(d);
  let total = 0;
  for (let l = 0; l < L; l++) {
    let nrm = 0;
    for (let k = 0; k < d; k++) {
      theta[k] = rng.normal();
      nrm += theta[k] * theta[k];
    }
    nrm = Math.sqrt(nrm) || 1;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += a[i * d + k] * theta[k];
      pa[i] = s / nrm;
    }
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += b[j * d + k] * theta[k];
      pb[j] = s / nrm;
    }
    pa.sort();
    pb.sort();
    let w = 0;
    if (n === m) {
      for (let i = 0; i < n; i++) w += (pa[i] - pb[i]) ** 2;
      w /= n;
    } else {
      // Merge the breakpoints of both quantile functions and integrate exactly.
      let i = 0,
        j = 0,
        q = 0;
      while (q < 1 - 1e-15) {
        const nextA = (i + 1) / n,
          nextB = (j + 1) / m;
        const next = Math.min(nextA, nextB);
        const mid = 0.5 * (q + next);
        w += (next - q) * (quantileSorted(pa, mid) - quantileSorted(pb, mid)) ** 2;
        q = next;
        if (nextA <= next + 1e-15) i++;
        if (nextB <= next + 1e-15) j++;
      }
    }
    total += w;
  }
  return Math.sqrt(total / L);
}

/** Energy distance D² between a (n × d) and b (b.length/d points): unbiased U-statistic estimate. */
export function energyDistance(a: ArrayLike<number>, b: ArrayLike<number>, n: number, d: number): number {
  const m = Math.floor(b.length / d);
  const dist = (x: ArrayLike<number>, i: number, y: ArrayLike<number>, j: number): number => {
    let s = 0;
    for (let k = 0; k < d; k++) {
      const r = x[i * d + k] - y[j * d + k];
      s += r * r;
    }
    return Math.sqrt(s);
  };
  let ab = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) ab += dist(a, i, b, j);
  let aa = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) aa += dist(a, i, a, j);
  let bb = 0;
  for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) bb += dist(b, i, b, j);
  return (2 * ab) / (n * m) - (n > 1 ? (2 * aa) / (n * (n - 1)) : 0) - (m > 1 ? (2 * bb) / (m * (m - 1)) : 0);
}

function defaultTimes(k: number): number[] {
  return Array.from({ length: k }, (_, i) => (k > 1 ? i / (k - 1) : 0));
}

/**
 * Path energy E ∫ ‖ẋ_t‖² dt of n trajectories (snapshots: `trajectory[s]` is n × d at `times[s]`;
 * default times evenly spaced on [0, 1]), with ẋ from finite differences on each step.
 */
export function pathEnergy(trajectory: ArrayLike<number>[], n: number, d: number, times?: ArrayLike<number>): number {
  const ts = times ?? defaultTimes(trajectory.length);
  let e = 0;
  for (let s = 0; s + 1 < trajectory.length; s++) {
    const dt = ts[s + 1] - ts[s];
    if (dt === 0) continue;
    const x = trajectory[s],
      y = trajectory[s + 1];
    let sum = 0;
    for (let j = 0; j < n * d; j++) sum += (y[j] - x[j]) ** 2;
    e += sum / Math.abs(dt);
  }
  return e / n;
}

/**
 * Normalised path energy of Tong et al.: |PE − W₂²(p₀, p₁)| / W₂²(p₀, p₁).
 * Forms: `(trajectory, n, d, times?, w2sq?)` — W₂² defaults to the exact W₂² between the first and
 * last snapshots; or `(trajectory, x0, x1, n, d)` — W₂² between the point sets x0 and x1 (e.g.
 * source samples and held-out target samples), with evenly spaced times on [0, 1].
 */
export function normalisedPathEnergy(
  trajectory: ArrayLike<number>[],
  n: number,
  d: number,
  times?: ArrayLike<number>,
  w2sq?: number,
): number;
export function normalisedPathEnergy(
  trajectory: ArrayLike<number>[],
  x0: ArrayLike<number>,
  x1: ArrayLike<number>,
  n: number,
  d: number,
): number;
export function normalisedPathEnergy(
  trajectory: ArrayLike<number>[],
  p1: number | ArrayLike<number>,
  p2: number | ArrayLike<number>,
  p3?: number | ArrayLike<number>,
  p4?: number,
): number {
  let n: number, d: number, times: ArrayLike<number> | undefined, ref: number;
  if (typeof p1 === 'number') {
    n = p1;
    d = p2 as number;
    times = p3 as ArrayLike<number> | undefined;
    ref = p4 ?? w2SquaredExact(trajectory[0], trajectory[trajectory.length - 1], n, d);
  } else {
    n = p3 as number;
    d = p4 as number;
    times = undefined;
    ref = w2SquaredExact(p1, p2 as ArrayLike<number>, n, d);
  }
  const pe = pathEnergy(trajectory, n, d, times);
  return Math.abs(pe - ref) / ref;
}

/**
 * Straightness S = ∫ E‖(X_T − X_0)/(T − t₀) − Ẋ_t‖² dt of Liu et al. (T − t₀ = 1 in their setting),
 * from trajectory snapshots (default times evenly spaced on [0, 1]). 0 for straight lines traversed
 * at constant speed.
 */
export function straightness(trajectory: ArrayLike<number>[], n: number, d: number, times?: ArrayLike<number>): number {
  const K = trajectory.length;
  if (K < 2) return 0;
  const ts = times ?? defaultTimes(K);
  const span = ts[K - 1] - ts[0];
  const first = trajectory[0],
    last = trajectory[K - 1];
  let s = 0;
  for (let k = 0; k + 1 < K; k++) {
    const dt = ts[k + 1] - ts[k];
    if (dt === 0) continue;
    const x = trajectory[k],
      y = trajectory[k + 1];
    let sum = 0;
    for (let j = 0; j < n * d; j++) {
      const r = (last[j] - first[j]) / span - (y[j] - x[j]) / dt;
      sum += r * r;
    }
    s += Math.abs(dt) * sum;
  }
  return s / n;
}

/** (1/n) Σᵢ ‖aᵢ − bᵢ‖² for two n × d arrays. */
export function meanSquaredError(a: ArrayLike<number>, b: ArrayLike<number>, n: number, d: number): number {
  let s = 0;
  for (let j = 0; j < n * d; j++) s += (a[j] - b[j]) ** 2;
  return s / n;
}

/**
 * Mean over the given times and points of ‖u(x, t) − u*_t(x)‖², u* the closed-form marginal field
 * of `path` for the target set: how far a (learned) field is from the exact FM minimiser.
 */
export function closedFormFieldError(
  u: VelocityFn,
  path: ConditionalPath,
  x: ArrayLike<number>,
  n: number,
  times: ArrayLike<number>,
  targets: ArrayLike<number>,
  nTargets: number,
  d: number,
  opts?: ClosedFormOptions,
): number {
  const xs = Float64Array.from(x);
  const out = new Float64Array(n * d);
  let total = 0;
  for (let s = 0; s < times.length; s++) {
    u(xs, times[s], out);
    total += meanSquaredError(out, marginalVelocity(path, xs, n, times[s], targets, nTargets, d, opts), n, d);
  }
  return total / times.length;
}

/**
 * Number of crossing pairs among the n segments x0ᵢ → x1ᵢ (2D): proper intersections, shared
 * endpoints and touching excluded (c and d strictly on opposite sides of the line through a and b,
 * and a and b of the line through c and d). The orientations are written out, with no closure or
 * call per pair: this runs on the page while a widget hydrates (reflow-live's round 0), in code not
 * yet optimised, where a closure per pair tripled the first call's time.
 */
export function countCrossings(x0: Float64Array, x1: Float64Array, n: number): number {
  let count = 0;
  for (let i = 0; i < n; i++) {
    const ax = x0[2 * i];
    const ay = x0[2 * i + 1];
    const bx = x1[2 * i];
    const by = x1[2 * i + 1];
    for (let j = i + 1; j < n; j++) {
      const cx = x0[2 * j];
      const cy = x0[2 * j + 1];
      const dx = x1[2 * j];
      const dy = x1[2 * j + 1];
      // Orientation of (p, q, r): (q − p) × (r − p); a and b against the line c→d, then c and d against a→b.
      const d1 = (dx - cx) * (ay - cy) - (dy - cy) * (ax - cx);
      const d2 = (dx - cx) * (by - cy) - (dy - cy) * (bx - cx);
      if (!(d1 * d2 < 0)) continue;
      const d3 = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
      const d4 = (bx - ax) * (dy - ay) - (by - ay) * (dx - ax);
      if (d3 * d4 < 0) count++;
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
