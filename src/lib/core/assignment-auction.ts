/**
 * The auction start of the exact assignment (core/assignment.ts): Bertsekas' forward auction with
 * ε-scaling, which supplies near-optimal duals for the shortest-augmenting-path phase, and its bid,
 * the scan of a row for its two cheapest columns. The bid is the solver's hot loop: it can be done
 * elsewhere (a `BidScan`, e.g. the WebAssembly SIMD kernel of src/lib/simd/auction-scan.ts), which
 * finishes a row's last columns with `continueBid`, so the scalar bid is written once.
 */

/**
 * The auction's bid done elsewhere (a WebAssembly SIMD kernel: src/lib/simd/auction-scan.ts), on a
 * cost matrix and prices that live in its memory. It must return exactly what the scalar bid
 * (`continueBid` from column 0) finds for what a solve gives it (costs finite or +∞, prices from +0 upwards), so that
 * a solve is the same with or without it. Its arrays may be reused by the next request for a scan:
 * fill and solve before asking for another, and keep neither.
 */
export interface BidScan {
  readonly n: number;
  /** The n × n cost matrix (row-major): fill it, then solve with it. */
  readonly cost: Float64Array;
  /** The auction's prices p (n entries), which the solver resets and updates. */
  readonly prices: Float64Array;
  /**
   * Row i's bid: returns the first column j₁ minimising cost[i·n + j] + prices[j] and writes that
   * minimum w₁ to best[0] and the second smallest of the n values w₂ to best[1] (w₂ = w₁ on a tie).
   */
  bestTwo(i: number): number;
  readonly best: Float64Array;
}

/** Where a caller finds a bid scan for size n (null: scan in JavaScript). */
export type BidScanFor = (n: number) => BidScan | null;

/**
 * The auction's bid, scalar: continues the scan of a row (the one starting at `cost[base]`) for its
 * values wⱼ = cost[base + j] + prices[j] over the columns j in [from, to), from the two smallest values
 * so far (w₁ = best[0] ≤ w₂ = best[1]) and the first column j₁ attaining w₁. Updates `best` and returns the new j₁: the first minimising
 * column (strict <), with w₂ = w₁ when the minimum is attained twice. A whole bid starts from
 * (∞, ∞, 0) at column 0; a kernel that scans the first columns finishes the rest here (BidScan).
 */
export function continueBid(
  cost: ArrayLike<number>,
  base: number,
  prices: ArrayLike<number>,
  from: number,
  to: number,
  best: Float64Array,
  j1: number,
): number {
  let w1 = best[0],
    w2 = best[1];
  for (let j = from; j < to; j++) {
    const w = cost[base + j] + prices[j];
    if (w < w2) {
      if (w < w1) {
        w2 = w1;
        w1 = w;
        j1 = j;
      } else w2 = w;
    }
  }
  best[0] = w1;
  best[1] = w2;
  return j1;
}

/**
 * Auction initialisation (Bertsekas' forward auction with ε-scaling) for the duals: rows bid for
 * their cheapest column under prices p, raising its price by the gap to the second-best column plus
 * ε; ε shrinks geometrically. At the end every row is ε-optimal for prices p, so v = −p is a
 * near-optimal dual. For exactness only rows whose auction column attains min_j (C[i, j] − v[j])
 * exactly keep it (u[i] = that minimum: reduced costs ≥ 0, zero on the kept edges); the others are
 * left free for the shortest-augmenting-path phase, whose paths are short from such duals.
 * With a bid scan, the bids (and the final minima) come from it, on its prices.
 */
export function auctionInit(
  cost: ArrayLike<number>,
  n: number,
  u: Float64Array,
  v: Float64Array,
  col4row: Int32Array,
  row4col: Int32Array,
  scan: BidScan | null,
): number[] {
  let cmin = Infinity,
    cmax = -Infinity;
  for (let k = 0; k < n * n; k++) {
    const c = cost[k];
    if (c < cmin) cmin = c;
    if (c > cmax) cmax = c;
  }
  const range = cmax - cmin;
  const p = scan ? scan.prices.fill(0) : new Float64Array(n);
  const owner = new Int32Array(n);
  const assigned = new Int32Array(n);
  const stack = new Int32Array(n);
  const best = new Float64Array(2);
  const twoBest = scan ? scan.best : best;
  if (range > 0) {
    const epsFinal = (range * 1e-4) / n;
    let bidBudget = 200 * n * n; // safety net against pathological inputs; the SAP phase finishes anyway
    for (let eps = range / 4; bidBudget > 0; eps = Math.max(epsFinal, eps / 5)) {
      owner.fill(-1);
      assigned.fill(-1);
      let top = 0;
      for (let i = n - 1; i >= 0; i--) stack[top++] = i;
      while (top > 0 && bidBudget-- > 0) {
        const i = stack[--top];
        const base = i * n;
        let j1: number;
        if (scan) j1 = scan.bestTwo(i);
        else {
          best[0] = best[1] = Infinity;
          j1 = continueBid(cost, base, p, 0, n, best, 0);
        }
        const w1 = twoBest[0],
          w2 = twoBest[1];
        p[j1] += (w2 < Infinity ? w2 - w1 : 0) + eps;
        const prev = owner[j1];
        owner[j1] = i;
        assigned[i] = j1;
        if (prev >= 0) {
          assigned[prev] = -1;
          stack[top++] = prev;
        }
      }
      if (eps === epsFinal) break;
    }
  } else {
    for (let i = 0; i < n; i++) assigned[i] = i;
  }
  const free: number[] = [];
  for (let j = 0; j < n; j++) v[j] = -p[j];
  for (let i = 0; i < n; i++) {
    const base = i * n;
    let m = Infinity;
    if (scan) {
      scan.bestTwo(i); // min_j C[i, j] + p[j], the same number as C[i, j] − v[j] since v = −p exactly
      m = scan.best[0];
    } else
      for (let j = 0; j < n; j++) {
        const r = cost[base + j] - v[j];
        if (r < m) m = r;
      }
    u[i] = m;
    const j = assigned[i];
    if (j >= 0 && row4col[j] === -1 && cost[base + j] - v[j] === m) {
      col4row[i] = j;
      row4col[j] = i;
    } else {
      free.push(i);
    }
  }
  return free;
}
