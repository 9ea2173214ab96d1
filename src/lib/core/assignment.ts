/**
 * Exact linear assignment (the discrete optimal-transport problem between two point sets of equal
 * size with uniform weights): find the permutation σ minimising Σᵢ C[i, σ(i)].
 *
 * Algorithm: shortest augmenting paths with dual potentials (Jonker–Volgenant 1987; the variant
 * described by Crouse 2016, "On implementing 2D rectangular assignment algorithms"). Rows are
 * inserted one at a time; for each, a Dijkstra search over reduced costs C[i,j] − u[i] − v[j] ≥ 0
 * finds the cheapest augmenting path to an unassigned column, the duals are updated so that reduced
 * costs stay non-negative and are zero on assigned pairs, and the path is flipped. Each insertion
 * costs O(n²), so the whole solve is O(n³). At the end (u, v) is a feasible dual solution with
 * Σu + Σv equal to the primal cost, which certifies optimality (LP duality).
 */

import { auctionInit, type BidScan } from './assignment-auction.ts';

export type { BidScan, BidScanFor } from './assignment-auction.ts';

export interface AssignmentOptions {
  /**
   * How to start the exact shortest-path phase: 'jv' (Jonker–Volgenant's column reduction and
   * augmenting row reduction), 'auction' (an ε-scaling auction supplies near-optimal duals, which
   * makes the augmenting paths short on geometric costs), or 'auto' (default: JV, switching to the
   * auction when JV leaves more than n/8 rows free, as it does on squared-distance costs).
   */
  init?: 'auto' | 'auction' | 'jv';
  /** A faster bid for the auction start; `cost` must then be its `cost` array. */
  scan?: BidScan | null;
}

/** The size from which the auction start beats JV's on squared Euclidean costs (measured 2026-12-06). */
const AUCTION_START_MIN_N = 64;

/**
 * The start for squared Euclidean costs between two point clouds (minibatch OT, exact W₂). There
 * JV's reductions leave more than n/8 rows free from n ≈ 32 on, so 'auto' runs them only to start
 * again from the auction. Timed in Node here (standard normal → moons and → 8 Gaussians, n = 32 to
 * 512): from n = 64 on the auction start alone took 13–33 % less time than 'auto', and less than JV
 * alone (at n = 64 by 1–13 %, from n = 128 by 2–7×), although at n = 64–96 it reads more cost entries
 * than JV (assignment-work.test.ts); at n = 32, JV alone was fastest. `npm run bench:core` prints
 * all three at n = 128–1024.
 */
export function squaredEuclideanStart(n: number): NonNullable<AssignmentOptions['init']> {
  return n >= AUCTION_START_MIN_N ? 'auction' : 'jv';
}

export interface AssignmentResult {
  /** rowToCol[i] = column assigned to row i. */
  rowToCol: Int32Array;
  /** Total cost Σᵢ C[i, rowToCol[i]]. */
  cost: number;
  /** Dual potentials: C[i, j] − u[i] − v[j] ≥ 0, with equality on the assignment. */
  u: Float64Array;
  v: Float64Array;
}

/**
 * Solves the n × n assignment problem for a dense row-major cost matrix (finite entries).
 * Returns the full result (assignment, cost, dual certificate).
 */
export function solveAssignmentFull(cost: ArrayLike<number>, n: number, opts: AssignmentOptions = {}): AssignmentResult {
  if (cost.length < n * n) throw new Error('solveAssignment: cost must have n·n entries');
  const scan = opts.scan ?? null;
  if (scan && (scan.n !== n || scan.cost !== cost)) throw new Error('solveAssignment: the bid scan must hold this cost matrix');
  const u = new Float64Array(n);
  const v = new Float64Array(n);
  const spc = new Float64Array(n); // shortest path cost to each column
  const path = new Int32Array(n); // predecessor row of each column on the shortest path tree
  const col4row = new Int32Array(n).fill(-1);
  const row4col = new Int32Array(n).fill(-1);
  const remaining = new Int32Array(n);
  const scannedRows = new Int32Array(n); // rows visited in this search (SR as a list)
  const doneCols = new Int32Array(n);

  const init = opts.init ?? 'auto';
  let freeRows = init === 'auction' ? auctionInit(cost, n, u, v, col4row, row4col, scan) : jvInit(cost, n, u, v, col4row, row4col);
  if (init === 'auto' && n >= 32 && freeRows.length > n / 8) {
    // Geometric costs leave many rows free after JV's reductions, and the augmenting paths from
    // those duals are long: start again from auction duals instead.
    u.fill(0);
    v.fill(0);
    col4row.fill(-1);
    row4col.fill(-1);
    freeRows = auctionInit(cost, n, u, v, col4row, row4col, scan);
  }

  for (const cur of freeRows) {
    spc.fill(Infinity);
    let numRemaining = n;
    for (let it = 0; it < n; it++) remaining[it] = n - 1 - it;
    let nScanned = 0;
    let nDone = 0;
    let minVal = 0;
    let i = cur;
    let sink = -1;
    while (sink === -1) {
      scannedRows[nScanned++] = i;
      let lowest = Infinity;
      let index = -1;
      const base = i * n;
      const ui = u[i];
      for (let it = 0; it < numRemaining; it++) {
        const j = remaining[it];
        const r = minVal + cost[base + j] - ui - v[j];
        if (r < spc[j]) {
          path[j] = i;
          spc[j] = r;
        }
        const s = spc[j];
        if (s < lowest || (s === lowest && row4col[j] === -1)) {
          lowest = s;
          index = it;
        }
      }
      minVal = lowest;
      if (!(minVal < Infinity)) throw new Error('solveAssignment: infeasible (non-finite costs)');
      const j = remaining[index];
      if (row4col[j] === -1) sink = j;
      else i = row4col[j];
      doneCols[nDone++] = j;
      remaining[index] = remaining[--numRemaining];
    }
    // Dual update: keeps reduced costs ≥ 0 and makes the new path tight.
    u[cur] += minVal;
    for (let k = 1; k < nScanned; k++) {
      const r = scannedRows[k];
      u[r] += minVal - spc[col4row[r]];
    }
    for (let k = 0; k < nDone; k++) {
      const j = doneCols[k];
      v[j] -= minVal - spc[j];
    }
    // Augment along the path ending at `sink`.
    let j = sink;
    for (;;) {
      const r = path[j];
      row4col[j] = r;
      const prev = col4row[r];
      col4row[r] = j;
      j = prev;
      if (r === cur) break;
    }
  }
  let total = 0;
  for (let r = 0; r < n; r++) total += cost[r * n + col4row[r]];
  return { rowToCol: col4row, cost: total, u, v };
}

/** The optimal assignment of an n × n cost matrix: row i → column result[i]. */
export function solveAssignment(cost: ArrayLike<number>, n: number, opts: AssignmentOptions = {}): Int32Array {
  return solveAssignmentFull(cost, n, opts).rowToCol;
}

/**
 * Squared Euclidean cost matrix C[i, j] = ‖aᵢ − bⱼ‖² (n × m, row-major) between a (n × d) and b
 * (m × d), written to `out` when given (a bid scan's `cost`).
 */
export function squaredEuclideanCost(
  a: ArrayLike<number>,
  n: number,
  b: ArrayLike<number>,
  m: number,
  d: number,
  out?: Float64Array,
): Float64Array {
  if (out && out.length !== n * m) throw new Error('squaredEuclideanCost: out must have n·m entries');
  const c = out ?? new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) {
        const r = a[i * d + k] - b[j * d + k];
        s += r * r;
      }
      c[i * m + j] = s;
    }
  }
  return c;
}

/**
 * Jonker–Volgenant initialisation: column reduction, reduction transfer and two passes of
 * augmenting row reduction assign many rows cheaply while keeping (u, v) dual feasible:
 * C[i, j] − u[i] − v[j] ≥ 0 for every assigned row i, with equality on its assigned column.
 * Returns the rows left free.
 */
function jvInit(cost: ArrayLike<number>, n: number, u: Float64Array, v: Float64Array, col4row: Int32Array, row4col: Int32Array): number[] {
  const matches = new Int32Array(n);
  for (let j = n - 1; j >= 0; j--) {
    let min = cost[j];
    let imin = 0;
    for (let r = 1; r < n; r++) {
      const c = cost[r * n + j];
      if (c < min) {
        min = c;
        imin = r;
      }
    }
    v[j] = min;
    if (++matches[imin] === 1) {
      col4row[imin] = j;
      row4col[j] = imin;
    }
  }
  const free = new Int32Array(n);
  let numFree = 0;
  for (let r = 0; r < n; r++) {
    if (matches[r] === 0) {
      free[numFree++] = r;
      continue;
    }
    const j1 = col4row[r];
    if (matches[r] === 1) {
      // Reduction transfer: lower v[j1] by the row's second-best reduced cost.
      let min = Infinity;
      for (let j = 0; j < n; j++)
        if (j !== j1) {
          const c = cost[r * n + j] - v[j];
          if (c < min) min = c;
        }
      if (min < Infinity) v[j1] -= min;
    }
    u[r] = cost[r * n + j1] - v[j1];
  }
  for (let pass = 0; pass < 2 && numFree > 0; pass++) {
    let k = 0;
    const prevNumFree = numFree;
    numFree = 0;
    // Ties and tiny gaps u2 − u1 can make row reduction cycle for a long time on geometric costs:
    // bound the work (what is left over is handled by the shortest-path phase).
    let budget = 2 * n;
    while (k < prevNumFree) {
      const r = free[k++];
      if (budget-- <= 0) {
        free[numFree++] = r;
        continue;
      }
      let u1 = Infinity,
        u2 = Infinity,
        j1 = -1,
        j2 = -1;
      for (let j = 0; j < n; j++) {
        const h = cost[r * n + j] - v[j];
        if (h < u2) {
          if (h >= u1) {
            u2 = h;
            j2 = j;
          } else {
            u2 = u1;
            j2 = j1;
            u1 = h;
            j1 = j;
          }
        }
      }
      let i0 = row4col[j1];
      if (u1 < u2) v[j1] -= u2 - u1;
      else if (i0 >= 0 && j2 >= 0) {
        j1 = j2;
        i0 = row4col[j2];
      }
      col4row[r] = j1;
      row4col[j1] = r;
      u[r] = cost[r * n + j1] - v[j1];
      if (i0 >= 0) {
        col4row[i0] = -1;
        if (u1 < u2)
          free[--k] = i0; // re-process the displaced row at once
        else free[numFree++] = i0;
      }
    }
  }
  return Array.from(free.subarray(0, numFree));
}
