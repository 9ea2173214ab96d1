/**
 * The velocity MLP as a synchronous core field (`VelocityFn`) on WebAssembly SIMD kernels generated
 * for its layer sizes (mlp-module.ts): what the CPU backends sample with. The network's parameters
 * are read once (`exportWeights()`, or any `MlpWeights`), laid out in the module's memory, and every
 * evaluation writes the points, runs one kernel per layer and reads the output back; there are no
 * tensors and no awaits inside a solve, so the core's solvers (fixed-step and Dopri5) drive it
 * directly.
 *
 * Same function as core/mlp-field.ts's `mlpVelocity` (float64), in float32: the time features are
 * folded into the first layer's bias at each t, [x, φ(t)] W₀ + b₀ = x W₀ˣ + (φ(t) W₀ᵗ + b₀), computed
 * in float64 and rounded once; widths are padded to the kernel's tile with zero weights, which every
 * activation maps to zero, so padded units stay exactly 0.
 */
import { layerSizes, mlpParameterCount, writeTimeFeatures, type MlpWeights } from '../../core/mlp-field.ts';
import type { VelocityFn } from '../../core/ode.ts';
import { ACTIVATIONS } from '../activation-names.ts';
import { mlpModuleBytes, RESERVED_BYTES, ROW_BLOCK, type KernelActivation, type LayerShape } from './mlp-module.ts';

/** What this engine offers: SIMD kernels, and fused multiply-add through relaxed SIMD. */
export interface SimdSupport {
  simd: boolean;
  relaxed: boolean;
}

let support: SimdSupport | null = null;

/** Whether WebAssembly SIMD (and relaxed SIMD) validate here; checked once with two one-layer modules. */
export function simdSupport(): SimdSupport {
  if (support) return support;
  const probe = (fma: boolean) => {
    try {
      return typeof WebAssembly === 'object' && WebAssembly.validate(mlpModuleBytes([{ k: 1, n: 4, activation: 'none' }], fma));
    } catch {
      return false;
    }
  };
  const simd = probe(false);
  support = { simd, relaxed: simd && probe(true) };
  return support;
}

/**
 * Rows taken through every layer before the next block starts (a multiple of ROW_BLOCK): two hidden
 * buffers of 256 × 64 floats are 128 KiB, where 2 000 rows' are 1 MiB, more than a core's L2.
 */
const BLOCK_ROWS = 256;

const roundUp = (v: number, m: number) => Math.ceil(v / m) * m;
const padWidth = (n: number) => roundUp(n, n <= 4 ? 4 : 8);

type Kernel = (a: number, w: number, b: number, o: number, m: number) => void;

interface Exports {
  mem: WebAssembly.Memory;
  [layer: `layer${number}` | `act${number}`]: Kernel;
}

/** Where one evaluation's time goes (milliseconds, averaged over the evaluations profiled). */
export interface SimdProfile {
  /** Each layer's product. */
  products: number[];
  /** Each hidden layer's activation. */
  activations: number[];
  /** Everything else: the points in, the first layer's bias at t, the velocities out. */
  transfers: number;
}

/**
 * One instance of the kernels for a set of layer shapes, shared by every network of those shapes:
 * its memory holds the constants, then the weights of the network that evaluated last (`owner`),
 * then room for `rows` rows of points, two hidden layers and the output. Reused from one solve to
 * the next, so a solve neither compiles nor allocates and touches fresh pages.
 */
class Kernels {
  readonly exports: Exports;
  readonly shapes: LayerShape[];
  /** Byte offsets of each layer's packed weights and bias. */
  readonly wAt: number[] = [];
  readonly bAt: number[] = [];
  /** End of the weights (bytes). */
  readonly weightsEnd: number;
  owner: SimdMlp | null = null;
  rows = 0;
  xAt = 0;
  hAt: [number, number] = [0, 0];
  outAt = 0;

  constructor(exports: Exports, shapes: LayerShape[]) {
    this.exports = exports;
    this.shapes = shapes;
    let bytes = RESERVED_BYTES;
    for (const sh of shapes) {
      this.wAt.push(bytes);
      bytes += sh.k * sh.n * 4;
      this.bAt.push(bytes);
      bytes += sh.n * 4;
    }
    this.weightsEnd = bytes;
    this.grow(bytes);
  }

  /** Room for m rows (a multiple of ROW_BLOCK): the points (d per row) and the output, and two hidden buffers of a block of rows. */
  reserveRows(m: number, d: number): void {
    if (m <= this.rows) return;
    const wide = Math.max(...this.shapes.map((s) => s.n));
    this.xAt = roundUp(this.weightsEnd, 16);
    const block = Math.min(m, BLOCK_ROWS);
    this.hAt = [this.xAt + roundUp(m * d * 4, 16), 0];
    this.hAt[1] = this.hAt[0] + block * wide * 4;
    this.outAt = this.hAt[1] + block * wide * 4;
    this.grow(this.outAt + m * this.shapes[this.shapes.length - 1].n * 4);
    // Rows past the points (up to the next ROW_BLOCK) are computed too and their outputs never read;
    // they start at zero, and later hold the points of an earlier, larger call.
    new Float32Array(this.exports.mem.buffer, this.xAt, (this.hAt[0] - this.xAt) / 4).fill(0);
    this.rows = m;
  }

  private grow(bytes: number): void {
    const mem = this.exports.mem;
    const need = Math.ceil(bytes / 65536) - mem.buffer.byteLength / 65536;
    if (need > 0) mem.grow(need);
  }
}

/** Kernel sets kept, most recently used last: a reader changing width, depth or activation makes new ones. */
const kernels = new Map<string, Promise<Kernels>>();
const KERNEL_SETS_KEPT = 4;

function kernelsFor(shapes: LayerShape[], fma: boolean): Promise<Kernels> {
  const key = JSON.stringify([shapes, fma]);
  let k = kernels.get(key);
  if (k) kernels.delete(key);
  else {
    k = WebAssembly.instantiate(mlpModuleBytes(shapes, fma)).then(
      ({ instance }) => new Kernels(instance.exports as unknown as Exports, shapes),
    );
    k.catch(() => kernels.delete(key));
  }
  kernels.set(key, k);
  for (const old of kernels.keys()) if (kernels.size > KERNEL_SETS_KEPT) kernels.delete(old);
  return k;
}

export interface SimdMlpOptions {
  /** Use relaxed SIMD's fused multiply-add where the engine has it (default true). */
  fma?: boolean;
  /**
   * φ(t) as the network computes it (default the core's float64 `writeTimeFeatures`): the TF.js
   * network rounds t·ω_k to float32 first, which moves sin(128π t) by up to 3·10⁻⁵ at F = 8.
   */
  timeFeatures?: (t: number) => ArrayLike<number>;
}

export class SimdMlp {
  /** Whether the products use fused multiply-add (relaxed SIMD). */
  readonly fma: boolean;
  readonly velocity: VelocityFn;
  private readonly kernels: Kernels;
  /** This network's weights and biases as the kernels' memory holds them (from RESERVED_BYTES on). */
  private readonly packed: Float32Array;
  /** Float64 copies for the first layer's time-dependent bias: b₀ and W₀ᵗ (rows of φ(t)). */
  private readonly b0: Float64Array;
  private readonly w0t: Float64Array;
  private readonly dim: number;
  private readonly frequencies: number;
  private readonly width: number;
  private readonly phi: Float64Array;
  private readonly timeFeatures: ((t: number) => ArrayLike<number>) | undefined;

  /**
   * The field of these weights, or null where WebAssembly SIMD is missing or the activation is not
   * one the kernels have. Throws, as `mlpVelocity` does, when the weights do not fit the configuration.
   */
  static async create(weights: MlpWeights, opts: SimdMlpOptions = {}): Promise<SimdMlp | null> {
    const need = mlpParameterCount(weights.config);
    if (weights.data.length !== need)
      throw new RangeError(`SimdMlp: ${weights.data.length} parameters given, the configuration needs ${need}`);
    const s = simdSupport();
    const { activation } = weights.config;
    if (!s.simd || !(ACTIVATIONS as readonly string[]).includes(activation)) return null;
    const fma = (opts.fma ?? true) && s.relaxed;
    const shapes = layerShapes(weights.config, activation as KernelActivation);
    return new SimdMlp(weights, await kernelsFor(shapes, fma), fma, opts.timeFeatures);
  }

  private constructor(weights: MlpWeights, kernels: Kernels, fma: boolean, timeFeatures: SimdMlpOptions['timeFeatures']) {
    const { dim: d, width, timeFrequencies: F } = weights.config;
    this.kernels = kernels;
    this.fma = fma;
    this.dim = d;
    this.width = width;
    this.frequencies = F;
    this.phi = new Float64Array(1 + 2 * F);
    this.timeFeatures = timeFeatures;
    // The core's layout (mlp-field.ts): W₀ [d + 1 + 2F, width], b₀, W₁ [width, width], b₁, …, W_L [width, d], b_L.
    const sizes = layerSizes(weights.config);
    const fanIn = sizes.slice(0, -1);
    const fanOut = sizes.slice(1);
    const data = weights.data;
    this.w0t = Float64Array.from({ length: (1 + 2 * F) * width }, (_, q) => data[d * width + q]);
    this.b0 = Float64Array.from({ length: width }, (_, j) => data[fanIn[0] * width + j]);
    const base = RESERVED_BYTES / 4;
    this.packed = new Float32Array(kernels.weightsEnd / 4 - base);
    let o = 0;
    kernels.shapes.forEach(({ n }, l) => {
      const w = kernels.wAt[l] / 4 - base;
      for (let i = 0; i < (l === 0 ? d : fanIn[l]); i++)
        for (let j = 0; j < fanOut[l]; j++) this.packed[w + i * n + j] = data[o + i * fanOut[l] + j];
      o += fanIn[l] * fanOut[l];
      const b = kernels.bAt[l] / 4 - base;
      for (let j = 0; j < fanOut[l]; j++) this.packed[b + j] = data[o + j];
      o += fanOut[l];
    });
    this.velocity = (x, t, out) => this.evaluate(x, t, out);
  }

  /** Times `evaluations` evaluations at the points x, kernel by kernel. */
  profile(x: Float64Array, t: number, evaluations: number): SimdProfile {
    const layers = this.kernels.shapes.length;
    const p: SimdProfile = { products: Array<number>(layers).fill(0), activations: Array<number>(layers - 1).fill(0), transfers: 0 };
    const out = new Float64Array(x.length);
    for (let e = 0; e < evaluations; e++) {
      const start = performance.now();
      let kernels = 0;
      this.evaluate(x, t, out, (l, act, ms) => {
        (act ? p.activations : p.products)[l] += ms / evaluations;
        kernels += ms;
      });
      p.transfers += (performance.now() - start - kernels) / evaluations;
    }
    return p;
  }

  /** u_t^θ at the n = x.length / d points of x, into out; `timed` hears each kernel's time. */
  private evaluate(x: Float64Array, t: number, out: Float64Array, timed?: (layer: number, activation: boolean, ms: number) => void): void {
    const k = this.kernels;
    const d = this.dim;
    const n = x.length / d;
    const m = roundUp(Math.max(n, 1), ROW_BLOCK);
    k.reserveRows(m, d);
    const f32 = new Float32Array(k.exports.mem.buffer);
    if (k.owner !== this) {
      f32.set(this.packed, RESERVED_BYTES / 4);
      k.owner = this;
    }
    const xs = k.xAt / 4;
    for (let i = 0; i < n * d; i++) f32[xs + i] = x[i];
    this.writeFirstBias(f32, t);
    const shapes = k.shapes;
    const stride = shapes[shapes.length - 1].n;
    const run = (name: `layer${number}` | `act${number}`, l: number, src: number, dst: number, rows: number) => {
      const start = timed ? performance.now() : 0;
      k.exports[name](src, k.wAt[l], k.bAt[l], dst, rows);
      timed?.(l, name.startsWith('act'), performance.now() - start);
    };
    // Through all the layers one block of rows at a time: the hidden layers stay in the cache.
    for (let first = 0; first < m; first += BLOCK_ROWS) {
      const rows = Math.min(BLOCK_ROWS, m - first);
      let src = k.xAt + first * d * 4;
      for (let l = 0; l < shapes.length; l++) {
        const dst = l === shapes.length - 1 ? k.outAt + first * stride * 4 : k.hAt[l % 2];
        run(`layer${l}`, l, src, dst, rows);
        if (shapes[l].activation !== 'none') run(`act${l}`, l, dst, dst, rows);
        src = dst;
      }
    }
    const os = k.outAt / 4;
    for (let q = 0; q < n; q++) for (let c = 0; c < d; c++) out[q * d + c] = f32[os + q * stride + c];
  }

  /** b₀ + φ(t) W₀ᵗ, in float64, into the first layer's bias. */
  private writeFirstBias(f32: Float32Array, t: number): void {
    const phi = this.phi;
    if (this.timeFeatures) phi.set(this.timeFeatures(t));
    else writeTimeFeatures(t, this.frequencies, phi, 0);
    const width = this.width;
    const b = this.kernels.bAt[0] / 4;
    for (let j = 0; j < width; j++) {
      let s = this.b0[j];
      for (let q = 0; q < phi.length; q++) s += phi[q] * this.w0t[q * width + j];
      f32[b + j] = s;
    }
  }
}

/** The kernels' layer shapes: the first takes x alone (its time rows fold into the bias), widths padded. */
function layerShapes(config: MlpWeights['config'], activation: KernelActivation): LayerShape[] {
  const { dim: d, width, depth } = config;
  const w = padWidth(width);
  const shapes: LayerShape[] = [{ k: d, n: w, activation }];
  for (let l = 1; l < depth; l++) shapes.push({ k: w, n: w, activation });
  shapes.push({ k: w, n: padWidth(d), activation: 'none' });
  return shapes;
}
