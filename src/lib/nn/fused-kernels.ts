/**
 * Fused kernels for the 2D trainer's step on the CPU-side backends (wasm and cpu), written as plain
 * loops over the tensors' memory and registered with TF.js under our own kernel names:
 *
 * - `CfmAdamW`: the whole Adam/AdamW update of every parameter at once — all parameters, all
 *   gradients and the flat moment buffers m, v in, new parameters and moments out. One kernel per
 *   step where the composite version (adam.ts) needs about forty (reshapes, concat, a dozen
 *   element-wise ops, split, reshapes back).
 * - `CfmSeluFromElu`: h = λ·prelu(e, α) from e = elu(z) (two kernels → one), on cpu only: on wasm
 *   Prelu and the product are XNNPACK kernels, faster than this loop (activations.ts).
 * - `CfmSeluGrad`: dz = dh·σ'(z) for SELU from dh, z and e = elu(z) (six kernels → one).
 *
 * The arithmetic is that of the composite ops, operation for operation, each rounded to float32
 * (`Math.fround`), so the results are the same numbers the element-wise kernels produce. A loop over
 * a few thousand numbers costs less than the bookkeeping of one TF.js kernel call, which is what a
 * step this small spends most of its time on. WebGL and WebGPU keep the composite ops (`hasFused`).
 */
import { tf, type Tensor } from './tf.ts';
import { SELU_ALPHA, SELU_SCALE } from '../core/mlp-field.ts';

/** What the kernel functions need from a backend: typed views of inputs, fresh float32 outputs. */
interface Memory {
  view(t: tf.TensorInfo): Float32Array;
  /** Allocates all outputs first (on wasm an allocation can move the heap and detach older views). */
  outputs(shapes: number[][]): { infos: tf.TensorInfo[]; views: Float32Array[] };
}

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
}
interface CpuBackendLike {
  data: { get(id: object): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): tf.TensorInfo;
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

function wasmMemory(backend: WasmBackendLike): Memory {
  return {
    view: (t) => backend.typedArrayFromHeap(t),
    outputs(shapes) {
      const infos = shapes.map((s) => backend.makeOutput(s, 'float32'));
      return { infos, views: infos.map((i) => backend.typedArrayFromHeap(i)) };
    },
  };
}

function cpuMemory(backend: CpuBackendLike): Memory {
  return {
    view: (t) => backend.data.get(t.dataId).values,
    outputs(shapes) {
      const views = shapes.map((s) => new Float32Array(size(s)));
      return { infos: shapes.map((s, i) => backend.makeTensorInfo(s, 'float32', views[i])), views };
    },
  };
}

const MEMORY: Record<string, (backend: unknown) => Memory> = {
  wasm: (b) => wasmMemory(b as WasmBackendLike),
  cpu: (b) => cpuMemory(b as CpuBackendLike),
};

const f = Math.fround;
// The scalars the composite ops multiply by (TF.js makes float32 scalars of them).
const C1 = f(SELU_SCALE * SELU_ALPHA);
const C2 = f(SELU_SCALE * (1 - SELU_ALPHA));
const ALPHA = f(SELU_ALPHA);
const SCALE = f(SELU_SCALE);

/** Attributes of one AdamW update (the scalars of adam.ts, already combined for this step). */
export interface AdamWAttrs {
  /** 1 − β₁ and 1 − β₂. */
  oneMinusBeta1: number;
  oneMinusBeta2: number;
  /** η√(1 − β₂ᵏ)/(1 − β₁ᵏ) and ε√(1 − β₂ᵏ). */
  stepSize: number;
  epsHat: number;
  /** 1 − ηλ, applied only when `decay` is true (AdamW with λ > 0). */
  decayFactor: number;
  decay: boolean;
  /** Number of parameter tensors P: inputs p0…p(P−1), g0…g(P−1), m, v. */
  count: number;
}

type Inputs = Record<string, tf.TensorInfo>;

function adamW(mem: Memory, inputs: Inputs, a: AdamWAttrs): tf.TensorInfo[] {
  const P = a.count;
  const params = Array.from({ length: P }, (_, i) => inputs[`p${i}`]);
  const { infos, views } = mem.outputs([...params.map((p) => p.shape), inputs.m.shape, inputs.v.shape]);
  const m = mem.view(inputs.m),
    v = mem.view(inputs.v);
  const mOut = views[P],
    vOut = views[P + 1];
  const b1 = f(a.oneMinusBeta1),
    b2 = f(a.oneMinusBeta2),
    s = f(a.stepSize),
    e = f(a.epsHat),
    d = f(a.decayFactor);
  let o = 0;
  for (let i = 0; i < P; i++) {
    const theta = mem.view(params[i]),
      g = mem.view(inputs[`g${i}`]),
      out = views[i];
    for (let j = 0; j < theta.length; j++, o++) {
      const gj = g[j];
      const mj = f(m[o] + f(f(gj - m[o]) * b1));
      const vj = f(v[o] + f(f(f(gj * gj) - v[o]) * b2));
      mOut[o] = mj;
      vOut[o] = vj;
      const update = f(f(mj * s) / f(f(Math.sqrt(vj)) + e));
      const th = a.decay ? f(theta[j] * d) : theta[j];
      out[j] = f(th - update);
    }
  }
  return infos;
}

/** λ·prelu(e, α) with the roundings of Prelu then a product by λ, so it matches them to the bit. */
function seluFromElu(mem: Memory, inputs: Inputs): tf.TensorInfo {
  const { infos, views } = mem.outputs([inputs.e.shape]);
  const e = mem.view(inputs.e),
    h = views[0];
  for (let i = 0; i < h.length; i++) h[i] = f((e[i] < 0 ? f(e[i] * ALPHA) : e[i]) * SCALE);
  return infos[0];
}

function seluGrad(mem: Memory, inputs: Inputs): tf.TensorInfo {
  const { infos, views } = mem.outputs([inputs.dh.shape]);
  const dh = mem.view(inputs.dh),
    z = mem.view(inputs.z),
    e = mem.view(inputs.e),
    dz = views[0];
  // Branch-free: the signs of z are a coin toss in training, and the two mispredicted branches per
  // element took a third of the loop's time (8192 elements: 78 → 51 µs). The blend pos + (1 − pos)·(e + 1)
  // is exactly 1 or e + 1; like TF.js's EluGrad, e + 1 is not rounded to float32 before the product.
  // The numbers are those of EluGrad, Step and the products, bit for bit (selu-kernels.test.ts), for
  // a finite e (an infinite one means training has already diverged).
  for (let i = 0; i < dz.length; i++) {
    const d = dh[i],
      pos = +(e[i] > 0);
    const eluGrad = f(d * (pos + (1 - pos) * (e[i] + 1)));
    dz[i] = f(f(eluGrad * C1) + f(f(d * +(z[i] > 0)) * C2));
  }
  return infos[0];
}

const KERNELS = {
  CfmAdamW: (mem: Memory, inputs: Inputs, attrs: unknown) => adamW(mem, inputs, attrs as AdamWAttrs),
  CfmSeluFromElu: (mem: Memory, inputs: Inputs) => seluFromElu(mem, inputs),
  CfmSeluGrad: (mem: Memory, inputs: Inputs) => seluGrad(mem, inputs),
} as const;

let registered = false;
/** When false (tests), the composite ops run even where the fused kernels exist. */
let enabled = true;

function register(): void {
  if (registered) return;
  registered = true;
  for (const backendName of Object.keys(MEMORY)) {
    for (const [kernelName, fn] of Object.entries(KERNELS)) {
      if (tf.getKernel(kernelName, backendName)) continue;
      tf.registerKernel({
        kernelName,
        backendName,
        kernelFunc: ({ inputs, backend, attrs }) => fn(MEMORY[backendName](backend), inputs as Inputs, attrs),
      });
    }
  }
}

/**
 * Above this many elements an element-wise loop in JavaScript loses to the wasm backend's SIMD
 * kernels (Euler sampling of 2000 points measured so), so larger tensors keep the composite ops.
 */
const FUSED_MAX_ELEMENTS = 32768;

/** Whether the fused kernels run on the current backend (wasm and cpu), for a tensor of `elements`. */
export function hasFused(elements = 0): boolean {
  if (!enabled || elements > FUSED_MAX_ELEMENTS) return false;
  register();
  return tf.getBackend() in MEMORY;
}

/** Turns the fused kernels off (or back on): the composite ops then run everywhere (tests, benchmarks). */
export function useFusedKernels(on: boolean): void {
  enabled = on;
}

/** Runs a fused kernel (call only where `hasFused()`). */
export function runFused(name: keyof typeof KERNELS, inputs: Record<string, Tensor>, attrs: object = {}): Tensor | Tensor[] {
  return tf.engine().runKernel<Tensor | Tensor[]>(name, inputs, attrs as unknown as tf.NamedAttrMap);
}
