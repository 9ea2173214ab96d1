/**
 * The assignment auction's bid (core/assignment-auction.ts) on a WebAssembly SIMD kernel: for row i,
 * the column j₁ minimising wⱼ = C[i, j] + pⱼ and the two smallest values w₁ ≤ w₂. The scalar bid
 * (`continueBid`) spends
 * about 2–4 ns per column here (V8: a load, an add and one or two compares and branches per column);
 * the kernel does two columns per float64 vector, four per iteration, without branches, and gives
 * exactly the scalar bid's answer, ties included (the first minimising column; w₂ = w₁ when the
 * minimum is attained twice), so a solve takes the same bids, in the same order, and returns the same
 * assignment and duals. That holds for what a solve feeds it (`BidScan`'s contract in core/assignment-auction.ts):
 * costs finite or +∞, prices from +0 upwards. A NaN would make a lane's w₂ fall to its w₁ (pmax
 * drops it), and a −0 sum can come back as −0 where the scalar bid keeps +0.
 *
 * The cost matrix and the prices live in the kernel's memory: `auctionScan(n)` returns views of it
 * for one n, which the caller fills (`squaredEuclideanCost(…, out)`) and hands to the solver.
 */
import { continueBid, type BidScan } from '../core/assignment-auction.ts';
import { FunctionBody, I32, moduleBytes, SIMD, V128 } from './wasm-writer.ts';

/** Bytes of constants at address 0: +∞, the lane offsets (0, 1) and (2, 3), the step (4, 4). */
const CONSTANTS = new Float64Array([Infinity, Infinity, 0, 1, 2, 3, 4, 4]);
const INF = 0;
const LANES_A = 16;
const LANES_B = 32;
const STEP = 48;
/** The kernel's answer: w₁, w₂ and j₁ (as a float64), each in lane 0 of a vector. */
const OUT = 64;
const PRICES = 128;
/** Columns per loop iteration: two vectors of two float64 lanes. */
const SCAN_WIDTH = 4;
const PAGE = 65536;

interface Best {
  m1: number;
  m2: number;
  ix: number;
}

/**
 * `bestTwo(rowPtr, count, pricesPtr)`: scans `count` columns (a multiple of 4) of the row at
 * `rowPtr` against the prices at `pricesPtr`. Lanes keep their own minimum (strict <, so the first
 * column wins a tie), second minimum and column; then the lanes are merged pairwise, the smaller
 * column winning ties, and lane 0 of each result is stored at OUT.
 */
function bestTwoBody(): FunctionBody {
  const f = new FunctionBody(3);
  const [row, count, prices] = [0, 1, 2];
  const end = f.local(I32);
  const base = f.local(V128); // the column of lane 0 of set a in this iteration, in both lanes
  const step = f.local(V128);
  const w = f.local(V128);
  const sets: Best[] = [0, 1].map(() => ({ m1: f.local(V128), m2: f.local(V128), ix: f.local(V128) }));
  for (const s of sets) {
    f.i32Const(0).simd(SIMD.load, INF).set(s.m1);
    f.get(s.m1).set(s.m2);
  }
  f.i32Const(0).simd(SIMD.load, STEP).set(step);
  f.get(row).get(count).i32Const(8).i32Mul().i32Add().set(end);
  f.block().loop();
  f.get(row).get(end).i32GeU().brIf(1);
  sets.forEach((s, k) => {
    f.get(row)
      .simd(SIMD.load, 16 * k)
      .get(prices)
      .simd(SIMD.load, 16 * k)
      .simd(SIMD.f64x2Add)
      .set(w);
    // m2 ← min(m2, max(m1, w)): the second smallest of the lane's values so far.
    f.get(s.m2).get(s.m1).get(w).simd(SIMD.f64x2Pmax).simd(SIMD.f64x2Pmin).set(s.m2);
    f.get(base).get(s.ix).get(w).get(s.m1).simd(SIMD.f64x2Lt).simd(SIMD.bitselect).set(s.ix);
    f.get(s.m1).get(w).simd(SIMD.f64x2Pmin).set(s.m1);
  });
  f.get(base).get(step).simd(SIMD.f64x2Add).set(base);
  f.get(row)
    .i32Const(16 * sets.length)
    .i32Add()
    .set(row);
  f.get(prices)
    .i32Const(16 * sets.length)
    .i32Add()
    .set(prices);
  f.br(0).end().end();
  // Columns: the iteration's base plus the lane's offset.
  [LANES_A, LANES_B].forEach((offset, k) => {
    f.get(sets[k].ix).i32Const(0).simd(SIMD.load, offset).simd(SIMD.f64x2Add).set(sets[k].ix);
  });
  const merge = (a: Best, b: Best): void => {
    // b wins if its minimum is smaller, or equal at a smaller column.
    f.get(b.ix).get(a.ix);
    f.get(b.m1).get(a.m1).simd(SIMD.f64x2Lt);
    f.get(b.m1).get(a.m1).simd(SIMD.f64x2Eq).get(b.ix).get(a.ix).simd(SIMD.f64x2Lt).simd(SIMD.v128And);
    f.simd(SIMD.v128Or).simd(SIMD.bitselect).set(a.ix);
    f.get(a.m2).get(b.m2).simd(SIMD.f64x2Pmin).get(a.m1).get(b.m1).simd(SIMD.f64x2Pmax).simd(SIMD.f64x2Pmin).set(a.m2);
    f.get(a.m1).get(b.m1).simd(SIMD.f64x2Pmin).set(a.m1);
  };
  merge(sets[0], sets[1]);
  // Lane 1 against lane 0: merge with a copy whose lanes are swapped.
  const SWAP = [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7];
  const swapped: Best = { m1: sets[1].m1, m2: sets[1].m2, ix: sets[1].ix };
  for (const key of ['m1', 'm2', 'ix'] as const) f.get(sets[0][key]).get(sets[0][key]).shuffle(SWAP).set(swapped[key]);
  merge(sets[0], swapped);
  (['m1', 'm2', 'ix'] as const).forEach((key, k) =>
    f
      .i32Const(OUT)
      .get(sets[0][key])
      .simd(SIMD.store, 16 * k),
  );
  return f;
}

/** The compiled kernel, built at first use (null where WebAssembly SIMD is missing). */
let kernel: { bestTwo: (row: number, count: number, prices: number) => void; memory: WebAssembly.Memory } | null | undefined;
let current: BidScan | null = null;
let inJavaScript = false;

/**
 * Benchmarks only: `true` makes `auctionScan` answer null, so that the solver bids in JavaScript as
 * it did before the kernel (the baseline `npm run bench` measures against). Returns the setting before.
 */
export function bidInJavaScript(on: boolean): boolean {
  const before = inJavaScript;
  inJavaScript = on;
  return before;
}

function compile(): typeof kernel {
  try {
    const data = new Uint8Array(CONSTANTS.buffer.slice(0));
    const bytes = moduleBytes(3, [{ name: 'bestTwo', body: bestTwoBody() }], 1, data);
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    const { bestTwo, mem } = instance.exports as { bestTwo: (r: number, c: number, p: number) => void; mem: WebAssembly.Memory };
    return { bestTwo, memory: mem };
  } catch {
    return null;
  }
}

/**
 * The SIMD bid for an n × n auction, or null where WebAssembly SIMD is unavailable (the solver then
 * scans in JavaScript). One kernel and one memory serve every n; the returned views stay valid until
 * the next call.
 */
export function auctionScan(n: number): BidScan | null {
  if (inJavaScript) return null;
  if (kernel === undefined) kernel = compile();
  if (!kernel || !Number.isInteger(n) || n < 1) return null;
  if (current && current.n === n && current.cost.buffer === kernel.memory.buffer) return current;
  const { bestTwo, memory } = kernel;
  const costPtr = PRICES + Math.ceil((8 * n) / 16) * 16;
  const bytes = costPtr + 8 * n * n;
  if (bytes > memory.buffer.byteLength) {
    try {
      memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
    } catch {
      return null; // no memory for this n: the solver bids in JavaScript
    }
  }
  const cost = new Float64Array(memory.buffer, costPtr, n * n);
  const prices = new Float64Array(memory.buffer, PRICES, n);
  const out = new Float64Array(memory.buffer, OUT, 6);
  const best = new Float64Array(2);
  const vectorised = n - (n % SCAN_WIDTH);
  current = {
    n,
    cost,
    prices,
    best,
    bestTwo(i: number): number {
      const start = i * n;
      bestTwo(costPtr + 8 * start, vectorised, PRICES);
      best[0] = out[0];
      best[1] = out[2];
      // The last n mod 4 columns, as the scalar bid does (they come after every column above).
      return continueBid(cost, start, prices, vectorised, n, best, out[4]);
    },
  };
  return current;
}
