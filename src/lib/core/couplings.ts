/**
 * Couplings π of a minibatch (x₀ⁱ)ᵢ₌₁ⁿ ~ p₀ and (x₁ʲ)ⱼ₌₁ⁿ ~ p₁, returned as n paired copies:
 * - 'independent': π = p₀ ⊗ p₁ (the targets are randomly permuted, so any input order is fine).
 * - 'exact-ot': the minibatch optimal-transport plan for c(x, y) = ‖x − y‖². With uniform weights
 *   and equal sizes an optimal plan is a permutation (Birkhoff–von Neumann), found exactly by the
 *   assignment solver; we return every pair of that permutation once. (TorchCFM instead draws n pairs
 *   with replacement from the plan; using the permutation itself has the same law per pair and less
 *   variance.)
 * - 'sinkhorn': the entropic plan P_ε (Sinkhorn with ε-scaling, absolute ε on the squared cost,
 *   default 0.05 as TorchCFM's `reg`; by default the stabilised scaling form with tolerance 1e-5,
 *   which is several times faster than the pure log-domain iteration — pass `method: 'log'` for
 *   that), then n pairs drawn i.i.d. from P_ε (as TorchCFM's sampler does).
 * and the reflow coupling of rectified flow: (x₀, ψ₁(x₀)) for a given velocity field.
 *
 * The plan of each coupling is computed in one place (`couplingPlan`); `couple` draws its pairs
 * from that plan (`drawPairs`), so a widget that shows drawn pairs next to the field a plan induces
 * computes the plan once and uses it for both.
 */
import type { Rng } from './rng.ts';
import { solveAssignment, squaredEuclideanCost, squaredEuclideanStart, type BidScanFor } from './assignment.ts';
import { sinkhornLog, type SinkhornOptions } from './sinkhorn.ts';
import { integrate, type OdeMethod, type VelocityFn } from './ode.ts';

/**
 * The minibatch couplings, in display order, with their labels: the one list of them. `short` is
 * the name a legend or a widget with its own exact plan uses (the label where none is given).
 */
export const COUPLINGS = {
  independent: { label: 'Independent' },
  'exact-ot': { label: 'Exact minibatch OT', short: 'Exact OT' },
  sinkhorn: { label: 'Sinkhorn (entropic OT)', short: 'Sinkhorn' },
} as const satisfies Record<string, { label: string; short?: string }>;

export type CouplingName = keyof typeof COUPLINGS;

/** Names of the couplings, in display order. */
export const COUPLING_NAMES = Object.keys(COUPLINGS) as CouplingName[];

/** Label of each coupling (for a select's options). */
export const COUPLING_LABELS = Object.fromEntries(COUPLING_NAMES.map((n) => [n, COUPLINGS[n].label])) as Readonly<
  Record<CouplingName, string>
>;

/** Short name of each coupling (for legends). */
export const COUPLING_SHORT_LABELS = Object.fromEntries(
  COUPLING_NAMES.map((n) => {
    const c: { label: string; short?: string } = COUPLINGS[n];
    return [n, c.short ?? c.label];
  }),
) as Readonly<Record<CouplingName, string>>;

export interface CoupleOptions extends SinkhornOptions {
  /** Sinkhorn regularisation ε (absolute, on squared distances; default 0.05). */
  epsilon?: number;
  /** A faster bid for exact OT's assignment (src/lib/simd/auction-scan.ts); the same plan either way. */
  bidScan?: BidScanFor;
}

export interface Paired {
  x0: Float64Array;
  x1: Float64Array;
}

/** Copies x0 and the rows of x1 in the order `order` (x1 row order[i] goes to position i). */
function gather(src: ArrayLike<number>, order: ArrayLike<number>, n: number, d: number): Float64Array {
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) out[i * d + k] = src[order[i] * d + k];
  return out;
}

/**
 * Draws `count` index pairs (i, j) i.i.d. with probability P_ij / ΣP from a plan (n × m).
 * Returns two index arrays. Uses the cumulative sum and binary search (O(nm + count log nm)).
 */
export function samplePlanPairs(
  plan: ArrayLike<number>,
  n: number,
  m: number,
  count: number,
  rng: Rng,
): { rows: Int32Array; cols: Int32Array } {
  const cum = new Float64Array(n * m);
  let s = 0;
  for (let k = 0; k < n * m; k++) {
    s += Math.max(0, plan[k]);
    cum[k] = s;
  }
  const rows = new Int32Array(count);
  const cols = new Int32Array(count);
  for (let q = 0; q < count; q++) {
    const u = rng.uniform() * s;
    let lo = 0,
      hi = n * m - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    rows[q] = Math.floor(lo / m);
    cols[q] = lo - rows[q] * m;
  }
  return { rows, cols };
}

/**
 * The plan π (n × n, row-major: rows are sources, columns targets, Σ π = 1) of the named coupling
 * between x0 and x1 (both n × d): 1/n² everywhere for 'independent', 1/n on the optimal assignment
 * for 'exact-ot', the entropic plan P_ε for 'sinkhorn'. This is the one place a plan is computed:
 * `couple` draws its pairs from it, and a field built on a plan (the closed form with an empirical
 * source) should be given the same array.
 */
export function couplingPlan(
  name: CouplingName,
  x0: ArrayLike<number>,
  x1: ArrayLike<number>,
  n: number,
  d: number,
  opts: CoupleOptions = {},
): Float64Array {
  const plan = new Float64Array(n * n);
  switch (name) {
    case 'independent':
      plan.fill(1 / (n * n));
      return plan;
    case 'exact-ot': {
      const init = squaredEuclideanStart(n);
      const scan = init === 'auction' ? (opts.bidScan?.(n) ?? null) : null;
      const assign = solveAssignment(squaredEuclideanCost(x0, n, x1, n, d, scan?.cost), n, { init, scan });
      for (let i = 0; i < n; i++) plan[i * n + assign[i]] = 1 / n;
      return plan;
    }
    case 'sinkhorn': {
      const eps = opts.epsilon ?? 0.05;
      plan.set(sinkhornLog(squaredEuclideanCost(x0, n, x1, n, d), n, n, eps, { method: 'stabilized', tol: 1e-5, ...opts }).plan);
      return plan;
    }
    default:
      throw new Error(`unknown coupling "${String(name)}"`);
  }
}

/**
 * n pairs drawn from a plan of the named coupling (as `couplingPlan` returns it): a random
 * permutation for 'independent' (each pair uniform over the n² pairs, as under π = 1/n²), the
 * plan's own permutation for 'exact-ot', n i.i.d. draws from π for 'sinkhorn'.
 */
export function drawPairs(
  name: CouplingName,
  plan: ArrayLike<number>,
  x0: ArrayLike<number>,
  x1: ArrayLike<number>,
  n: number,
  d: number,
  rng: Rng,
): Paired {
  switch (name) {
    case 'independent':
      return { x0: Float64Array.from(x0), x1: gather(x1, rng.permutation(n), n, d) };
    case 'exact-ot': {
      const assign = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        let best = 0;
        for (let j = 1; j < n; j++) if (plan[i * n + j] > plan[i * n + best]) best = j;
        assign[i] = best;
      }
      return { x0: Float64Array.from(x0), x1: gather(x1, assign, n, d) };
    }
    case 'sinkhorn': {
      const { rows, cols } = samplePlanPairs(plan, n, n, n, rng);
      return { x0: gather(x0, rows, n, d), x1: gather(x1, cols, n, d) };
    }
    default:
      throw new Error(`unknown coupling "${String(name)}"`);
  }
}

/** Pairs n source points with n target points (both n × d) under the named coupling: pairs drawn from its plan. */
export function couple(
  name: CouplingName,
  x0: ArrayLike<number>,
  x1: ArrayLike<number>,
  n: number,
  d: number,
  rng: Rng,
  opts: CoupleOptions = {},
): Paired {
  return drawPairs(name, couplingPlan(name, x0, x1, n, d, opts), x0, x1, n, d, rng);
}

/** Transport cost Σᵢⱼ πᵢⱼ ‖x₀ⁱ − x₁ʲ‖² / Σ π of a plan (n × n). */
export function planCost(plan: ArrayLike<number>, x0: ArrayLike<number>, x1: ArrayLike<number>, n: number, d: number): number {
  const cost = squaredEuclideanCost(x0, n, x1, n, d);
  let s = 0;
  let mass = 0;
  for (let i = 0; i < n * n; i++) {
    s += plan[i] * cost[i];
    mass += plan[i];
  }
  return s / mass;
}

/** Number of pairs with a non-negligible weight (> 10⁻⁹ of the largest). */
export function planSupport(plan: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < plan.length; i++) max = Math.max(max, plan[i]);
  let k = 0;
  for (let i = 0; i < plan.length; i++) if (plan[i] > 1e-9 * max) k++;
  return k;
}

/**
 * The reflow coupling (Liu et al. 2023): pairs (x₀, ψ₁(x₀)) where ψ is the flow of `velocity`
 * from t = 0 to 1, computed with the given solver (default RK4, 50 steps).
 */
export function reflowCoupling(
  velocity: VelocityFn,
  x0: ArrayLike<number>,
  opts: { method?: OdeMethod; steps?: number; rtol?: number; atol?: number } = {},
): Paired {
  const res = integrate(velocity, x0, {
    method: opts.method ?? 'rk4',
    steps: opts.steps ?? 50,
    rtol: opts.rtol,
    atol: opts.atol,
    t0: 0,
    t1: 1,
  });
  return { x0: Float64Array.from(x0), x1: res.x };
}
