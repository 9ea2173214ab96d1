/**
 * A small WebAssembly binary writer: just what the generated kernels need (the MLP's in
 * nn/simd/mlp-module.ts, the assignment auction's in auction-scan.ts), so that a kernel specialised
 * to its sizes is built in the page, without a toolchain or a binary file in the repository.
 * Encodings from the WebAssembly core specification 2.0 (binary format, §5) and its fixed-width SIMD
 * and relaxed SIMD opcodes.
 */

/** Unsigned LEB128. */
export function uleb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** Value types. */
export const I32 = 0x7f;
export const V128 = 0x7b;

/** The SIMD instructions used, by their opcode after the 0xfd prefix. */
export const SIMD = {
  load: 0x00,
  load32Splat: 0x09,
  store: 0x0b,
  /** i8x16.shuffle; its 16 lane indices follow (see `FunctionBody.shuffle`). */
  shuffle: 0x0d,
  f32x4Gt: 0x44,
  f64x2Eq: 0x47,
  f64x2Lt: 0x49,
  v128And: 0x4e,
  v128Or: 0x50,
  bitselect: 0x52,
  i32x4Shl: 0xab,
  f32x4Add: 0xe4,
  f32x4Sub: 0xe5,
  f32x4Mul: 0xe6,
  f32x4Div: 0xe7,
  /** b < a ? b : a, and a < b ? b : a: minps and maxps on x64 (min and max proper take several instructions). */
  f32x4Pmin: 0xea,
  f32x4Pmax: 0xeb,
  f64x2Add: 0xf0,
  /** As f32x4Pmin and f32x4Pmax, on two float64 lanes (minpd, maxpd). */
  f64x2Pmin: 0xf6,
  f64x2Pmax: 0xf7,
  /** Relaxed SIMD: a·b + c, fused where the hardware has FMA. */
  f32x4RelaxedMadd: 0x105,
} as const;

/** The body of one function: locals are declared up front, then instructions appended. */
export class FunctionBody {
  private readonly code: number[] = [];
  private readonly localTypes: number[] = [];
  private readonly params: number;

  /** `params`: how many parameters the function takes (they are locals 0 … params − 1). */
  constructor(params: number) {
    this.params = params;
  }

  /** A new local of type `type`; returns its index. */
  local(type: number): number {
    this.localTypes.push(type);
    return this.params + this.localTypes.length - 1;
  }

  get(i: number): this {
    this.code.push(0x20, ...uleb(i));
    return this;
  }
  set(i: number): this {
    this.code.push(0x21, ...uleb(i));
    return this;
  }
  i32Const(v: number): this {
    this.code.push(0x41, ...sleb(v));
    return this;
  }
  i32Add(): this {
    this.code.push(0x6a);
    return this;
  }
  i32Mul(): this {
    this.code.push(0x6c);
    return this;
  }
  i32GeU(): this {
    this.code.push(0x4f);
    return this;
  }
  /** `block` and `loop` with no result; close each with `end()`. */
  block(): this {
    this.code.push(0x02, 0x40);
    return this;
  }
  loop(): this {
    this.code.push(0x03, 0x40);
    return this;
  }
  end(): this {
    this.code.push(0x0b);
    return this;
  }
  br(depth: number): this {
    this.code.push(0x0c, ...uleb(depth));
    return this;
  }
  brIf(depth: number): this {
    this.code.push(0x0d, ...uleb(depth));
    return this;
  }
  /** A SIMD instruction; memory instructions take their byte offset (alignment 16 for v128, 4 for a splat). */
  simd(op: number, offset?: number): this {
    this.code.push(0xfd, ...uleb(op));
    if (offset !== undefined) this.code.push(op === SIMD.load32Splat ? 2 : 4, ...uleb(offset));
    return this;
  }
  /** i8x16.shuffle of the two vectors on the stack: byte k of the result is byte `lanes[k]` of their concatenation. */
  shuffle(lanes: readonly number[]): this {
    if (lanes.length !== 16) throw new Error('shuffle: 16 lane indices');
    this.code.push(0xfd, ...uleb(SIMD.shuffle), ...lanes);
    return this;
  }
  /** The encoded body: locals (run-length by type), instructions, `end`. */
  bytes(): number[] {
    const groups: [number, number][] = [];
    for (const t of this.localTypes) {
      const last = groups.at(-1);
      if (last && last[1] === t) last[0]++;
      else groups.push([1, t]);
    }
    const body = [...uleb(groups.length), ...groups.flatMap(([n, t]) => [...uleb(n), t]), ...this.code, 0x0b];
    return [...uleb(body.length), ...body];
  }
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function name(s: string): number[] {
  const b = Array.from(new TextEncoder().encode(s));
  return [...uleb(b.length), ...b];
}

/**
 * A module of functions that all take `params` i32 parameters and return nothing, each exported
 * under its name, with one exported memory "mem" of `pages` 64 KiB pages to start with, whose
 * first bytes are `data`.
 */
export function moduleBytes(
  params: number,
  functions: { name: string; body: FunctionBody }[],
  pages: number,
  data: Uint8Array,
): Uint8Array<ArrayBuffer> {
  const type = [0x60, ...uleb(params), ...Array<number>(params).fill(I32), 0x00];
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, ...type]),
    ...section(3, [...uleb(functions.length), ...functions.map(() => 0)]),
    ...section(5, [1, 0x00, ...uleb(pages)]),
    ...section(7, [
      ...uleb(functions.length + 1),
      ...functions.flatMap((f, i) => [...name(f.name), 0x00, ...uleb(i)]),
      ...name('mem'),
      0x02,
      0,
    ]),
    ...section(10, [...uleb(functions.length), ...functions.flatMap((f) => f.body.bytes())]),
    // One active segment at address 0 (memory 0, offset i32.const 0).
    ...section(11, [1, 0x00, 0x41, 0x00, 0x0b, ...uleb(data.length), ...data]),
  ];
  return new Uint8Array(bytes);
}
