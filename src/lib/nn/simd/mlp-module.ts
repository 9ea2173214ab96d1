/**
 * WebAssembly SIMD kernels for the velocity MLP's forward pass, generated for one network's layer
 * sizes: for each layer a product `layerL(a, w, b, o, m)`,
 *     o[m × N] = a[m × K] · w[K × N] + b,
 * and, unless it is the linear output layer, its activation `actL` applied to o in place; m rows
 * (a multiple of ROW_BLOCK), row-major, every pointer a byte offset, 16-aligned.
 *
 * Why generate rather than call TF.js: at sampling sizes (2 000 points × 64 units) TF.js's wasm
 * backend runs each 64 × 64 product at about 10 GFLOP/s on this project's 2-core test machine. The
 * product here keeps a tile of 2 rows × 16 columns (8 vectors) in registers and unrolls the whole K
 * loop with the layer's sizes baked in as constants. On the same machine it measured 29 GFLOP/s
 * with separate multiply and add, and 44 with relaxed SIMD's fused multiply-add (2026-12-07,
 * Node 24, best of 300 calls).
 *
 * Activations (the network's, core/mlp-field.ts): ReLU max(z, 0); ELU z > 0 ? z : eᶻ − 1;
 * SELU λ·(z > 0 ? z : α(eᶻ − 1)); SiLU z / (1 + e⁻ᶻ). eˣ is evaluated as 2ⁿ·p(r) with
 * n = round(x·log₂e), r = x − n·ln 2 (ln 2 split in two parts, Cody–Waite) and p the degree-7
 * Taylor polynomial, whose remainder on |r| ≤ ln 2 / 2 is below 1.1·10⁻⁸ relative; x is clamped to
 * [−87, 88], where 2ⁿ stays a normal float.
 */
import { SELU_ALPHA, SELU_SCALE } from '../../core/mlp-field.ts';
import { FunctionBody, moduleBytes, SIMD, V128, I32 } from '../../simd/wasm-writer.ts';

export type KernelActivation = 'none' | 'relu' | 'elu' | 'selu' | 'silu';

/** Rows are processed in blocks of this many (every tile shape divides it). */
export const ROW_BLOCK = 8;

export interface LayerShape {
  /** Inputs per row (the stride of a). */
  k: number;
  /** Outputs per row (the stride of o), a multiple of 4. */
  n: number;
  activation: KernelActivation;
}

/** Pointer parameters of every layer function, then the row count. */
const A = 0,
  W = 1,
  B = 2,
  O = 3,
  M = 4;

const LOG2E = 1.4426950408889634;
const LN2_HI = 0.693359375;
const LN2_LO = -2.1219444e-4;
const EXP_MIN = -87;
const EXP_MAX = 88;
/** 1.5·2²³ + 127: added to x·log₂e it rounds to the nearest integer n and leaves n + 127 in the low bits. */
const ROUNDER = 12582912 + 127;
/** 1/7!, 1/6!, …, 1/2!, then the two unit coefficients are added as 1·r + 1. */
const TAYLOR = [1 / 5040, 1 / 720, 1 / 120, 1 / 24, 1 / 6, 1 / 2];

/** Columns of a tile, in vectors of 4: 4 where the width allows it (2 × 16 tiles), else 2 or 1. */
function tileColumns(n: number): number {
  return n % 16 === 0 ? 4 : n % 8 === 0 ? 2 : 1;
}

/** Pushes a constant vector (four f32 lanes of `value`). */
type Constant = (value: number) => void;

/**
 * The activations' constant vectors, at the start of the module's memory (a data segment), 16 bytes
 * each: an instruction reads one from there, where a v128.const inside a loop is rebuilt at every
 * use (several instructions each on x64) and 16 constants in locals do not fit the registers.
 */
const CONSTANTS = [EXP_MAX, EXP_MIN, LOG2E, ROUNDER, LN2_HI, LN2_LO, ...TAYLOR, 1, 0, SELU_ALPHA, SELU_SCALE].filter(
  (v, i, all) => all.indexOf(v) === i,
);

/** Bytes at the start of the memory that hold the constants: weights and buffers go after them. */
export const RESERVED_BYTES = Math.ceil((CONSTANTS.length * 16) / 64) * 64;

function constantBytes(): Uint8Array {
  const f32 = new Float32Array(RESERVED_BYTES / 4);
  CONSTANTS.forEach((v, i) => f32.fill(v, 4 * i, 4 * i + 4));
  return new Uint8Array(f32.buffer);
}

/** Pushes the constant vector of `value` (read from the reserved bytes). */
function constantReader(f: FunctionBody): Constant {
  return (value) => {
    const i = CONSTANTS.indexOf(value);
    if (i < 0) throw new Error(`mlp-module: no constant ${value}`);
    f.i32Const(0).simd(SIMD.load, 16 * i);
  };
}

/** Vectors of the activation pass handled together: their chains interleave (see activationFunction). */
const INTERLEAVE = 4;

/** Scratch locals of one vector's activation. */
interface Lanes {
  z: number;
  x: number;
  n: number;
  e: number;
}

/** a·b + addend, a and b the two values on the stack: one fused operation where `fma` (relaxed SIMD). */
function multiplyAdd(f: FunctionBody, c: Constant, addend: number, fma: boolean): void {
  if (fma) {
    c(addend);
    f.simd(SIMD.f32x4RelaxedMadd);
  } else {
    f.simd(SIMD.f32x4Mul);
    c(addend);
    f.simd(SIMD.f32x4Add);
  }
}

/**
 * Leaves eˣ in each vector's `e` (`x` is overwritten, `n` is scratch), one statement for every
 * vector in turn, so that their dependency chains interleave.
 */
function emitExp(f: FunctionBody, c: Constant, v: Lanes[], fma: boolean): void {
  const each = (emit: (l: Lanes) => void) => v.forEach(emit);
  each((l) => {
    f.get(l.x);
    c(EXP_MAX);
    f.simd(SIMD.f32x4Pmin);
    c(EXP_MIN);
    f.simd(SIMD.f32x4Pmax).set(l.x);
  });
  // x·log₂e + (1.5·2²³ + 127) rounds to an integer: its low mantissa bits are n + 127 (kept in `e`).
  each((l) => {
    f.get(l.x);
    c(LOG2E);
    f.simd(SIMD.f32x4Mul);
    c(ROUNDER);
    f.simd(SIMD.f32x4Add).set(l.e);
  });
  each((l) => {
    f.get(l.e);
    c(ROUNDER);
    f.simd(SIMD.f32x4Sub).set(l.n);
  });
  each((l) => {
    f.get(l.x).get(l.n);
    c(LN2_HI);
    f.simd(SIMD.f32x4Mul).simd(SIMD.f32x4Sub).get(l.n);
    c(LN2_LO);
    f.simd(SIMD.f32x4Mul).simd(SIMD.f32x4Sub).set(l.x);
  });
  // p(r) = ((((((r/7! + 1/6!)·r + 1/5!)·r + …)·r + 1/2)·r + 1)·r + 1, in `n`.
  each((l) => {
    c(TAYLOR[0]);
    f.set(l.n);
  });
  for (const k of [...TAYLOR.slice(1), 1, 1])
    each((l) => {
      f.get(l.n).get(l.x);
      multiplyAdd(f, c, k, fma);
      f.set(l.n);
    });
  // 2ⁿ: n + 127 shifted into the exponent field (the bits above it shift out).
  each((l) => f.get(l.n).get(l.e).i32Const(23).simd(SIMD.i32x4Shl).simd(SIMD.f32x4Mul).set(l.e));
}

/** Applies the activation to each vector's `z` in place. */
function emitActivation(f: FunctionBody, c: Constant, act: KernelActivation, v: Lanes[], fma: boolean): void {
  const each = (emit: (l: Lanes) => void) => v.forEach(emit);
  if (act === 'none') return;
  if (act === 'relu') {
    each((l) => {
      f.get(l.z);
      c(0);
      f.simd(SIMD.f32x4Pmax).set(l.z);
    });
    return;
  }
  if (act === 'silu') {
    each((l) => {
      c(0);
      f.get(l.z).simd(SIMD.f32x4Sub).set(l.x);
    });
    emitExp(f, c, v, fma);
    each((l) => {
      f.get(l.z);
      c(1);
      f.get(l.e).simd(SIMD.f32x4Add).simd(SIMD.f32x4Div).set(l.z);
    });
    return;
  }
  // ELU and SELU: eᶻ − 1 of min(z, 0) below zero, z above.
  each((l) => {
    f.get(l.z);
    c(0);
    f.simd(SIMD.f32x4Pmin).set(l.x);
  });
  emitExp(f, c, v, fma);
  each((l) => {
    f.get(l.e);
    c(1);
    f.simd(SIMD.f32x4Sub);
    if (act === 'selu') {
      c(SELU_ALPHA);
      f.simd(SIMD.f32x4Mul);
    }
    f.set(l.e);
  });
  each((l) => {
    f.get(l.z).get(l.e).get(l.z);
    c(0);
    f.simd(SIMD.f32x4Gt).simd(SIMD.bitselect);
    if (act === 'selu') {
      c(SELU_SCALE);
      f.simd(SIMD.f32x4Mul);
    }
    f.set(l.z);
  });
}

/**
 * The activation as a pass of its own over the m × N outputs (m·N is a multiple of 32), after the
 * product, INTERLEAVE vectors at a time. One vector's exponential is a chain of about 30 dependent
 * operations, and one at a time the loop waited on their latency: SELU then took about 0.3 ms on a
 * 2 000 × 64 layer (against 0.35 ms for its 64 × 64 product), four at a time 0.15 ms (Node 24 here).
 * Applied on the product's tile, with the constants as v128.const, it had taken 0.8 ms.
 */
function activationFunction(act: KernelActivation, n: number, fma: boolean): FunctionBody {
  const f = new FunctionBody(5);
  const c = constantReader(f);
  const [p, end] = [f.local(I32), f.local(I32)];
  const v: Lanes[] = Array.from({ length: INTERLEAVE }, () => ({ z: f.local(V128), x: f.local(V128), n: f.local(V128), e: f.local(V128) }));
  f.get(O).set(p);
  f.get(O)
    .get(M)
    .i32Const(n * 4)
    .i32Mul()
    .i32Add()
    .set(end);
  f.block().loop();
  f.get(p).get(end).i32GeU().brIf(1);
  v.forEach((l, u) =>
    f
      .get(p)
      .simd(SIMD.load, 16 * u)
      .set(l.z),
  );
  emitActivation(f, c, act, v, fma);
  v.forEach((l, u) =>
    f
      .get(p)
      .get(l.z)
      .simd(SIMD.store, 16 * u),
  );
  f.get(p)
    .i32Const(16 * INTERLEAVE)
    .i32Add()
    .set(p);
  f.br(0).end().end();
  return f;
}

function layerFunction(shape: LayerShape, fma: boolean): FunctionBody {
  const { k: K, n: N } = shape;
  if (N % 4 !== 0 || K < 1) throw new RangeError(`mlp-module: a layer needs K ≥ 1 and N a multiple of 4 (got ${K} × ${N})`);
  const C = tileColumns(N);
  const rows = ROW_BLOCK / C; // 8 accumulators: 2 × 4, 4 × 2 or 8 × 1 vectors
  const f = new FunctionBody(5);
  const r = f.local(I32),
    c = f.local(I32),
    ar = f.local(I32),
    wc = f.local(I32),
    or = f.local(I32);
  const acc = Array.from({ length: rows }, () => Array.from({ length: C }, () => f.local(V128)));
  const w = Array.from({ length: C }, () => f.local(V128));
  const s = f.local(V128);

  f.i32Const(0).set(r);
  f.block().loop();
  f.get(r).get(M).i32GeU().brIf(1);
  f.get(A)
    .get(r)
    .i32Const(K * 4)
    .i32Mul()
    .i32Add()
    .set(ar);
  f.get(O)
    .get(r)
    .i32Const(N * 4)
    .i32Mul()
    .i32Add()
    .set(or);
  f.i32Const(0).set(c);
  f.block().loop();
  f.get(c)
    .i32Const(N * 4)
    .i32GeU()
    .brIf(1);
  f.get(W).get(c).i32Add().set(wc);
  for (let j = 0; j < C; j++) {
    f.get(B)
      .get(c)
      .i32Add()
      .simd(SIMD.load, j * 16)
      .set(w[j]);
    for (let i = 0; i < rows; i++) f.get(w[j]).set(acc[i][j]);
  }
  for (let kk = 0; kk < K; kk++) {
    for (let j = 0; j < C; j++)
      f.get(wc)
        .simd(SIMD.load, (kk * N + j * 4) * 4)
        .set(w[j]);
    for (let i = 0; i < rows; i++) {
      f.get(ar)
        .simd(SIMD.load32Splat, (i * K + kk) * 4)
        .set(s);
      for (let j = 0; j < C; j++) {
        if (fma) f.get(s).get(w[j]).get(acc[i][j]).simd(SIMD.f32x4RelaxedMadd).set(acc[i][j]);
        else f.get(acc[i][j]).get(s).get(w[j]).simd(SIMD.f32x4Mul).simd(SIMD.f32x4Add).set(acc[i][j]);
      }
    }
  }
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < C; j++)
      f.get(or)
        .get(c)
        .i32Add()
        .get(acc[i][j])
        .simd(SIMD.store, (i * N + j * 4) * 4);
  f.get(c)
    .i32Const(C * 16)
    .i32Add()
    .set(c);
  f.br(0).end().end();
  f.get(r).i32Const(rows).i32Add().set(r);
  f.br(0).end().end();
  return f;
}

/**
 * The module for these layers. It exports `mem` (one page; grow it to fit), `layerL(a, w, b, o, m)`
 * for each layer (o = a·w + b) and, for a layer with an activation, `actL(a, w, b, o, m)`, which
 * applies it to o in place (a, w and b unused: every function has the same signature).
 */
export function mlpModuleBytes(layers: LayerShape[], fma: boolean): Uint8Array<ArrayBuffer> {
  const functions = layers.flatMap((shape, l) => [
    { name: `layer${l}`, body: layerFunction(shape, fma) },
    ...(shape.activation === 'none' ? [] : [{ name: `act${l}`, body: activationFunction(shape.activation, shape.n, fma) }]),
  ]);
  return moduleBytes(5, functions, 1, constantBytes());
}
