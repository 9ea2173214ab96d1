/**
 * The velocity network u_t^θ(x) of the low-dimensional chapters: an MLP on (x, t).
 *
 * Input features: x (d numbers), the raw time t, and F pairs of sinusoidal time features
 * sin(ω_k t), cos(ω_k t) with ω_k = π·2^k (k = 0..F−1), so the network can represent fields that
 * change quickly in t (near t = 1 for peaked targets) without a deep stack. F = 0 gives the plain
 * concat(x, t) input of Tong et al.'s 2D experiments.
 *
 * Written with raw ops on a handful of `tf.Variable`s (W₀, b₀, …, W_L, b_L) rather than tf.layers:
 * one forward pass is 4 kernels of time embedding plus 2–3 per layer, so a whole training step
 * stays a few dozen kernels inside one `tf.tidy`.
 *
 * Initialisation follows PyTorch's `nn.Linear` default (W and b uniform on ±1/√fan_in), so the
 * PyTorch reference benchmark and the published runs start from the same distribution.
 */
import { tf, type Tensor, type Tensor2D, type Variable } from './tf.ts';
import { activate, activationBackward, fusedActivation, seluFromElu, seluSlope } from './activations.ts';
import type { ActivationName } from './activation-names.ts';
import { timeFrequency } from '../core/mlp-field.ts';
import { affine } from './affine.ts';
import { FrozenVelocity } from './frozen-velocity.ts';

export interface MlpConfig {
  /** Data dimension d (2 in the 2D chapters). */
  dim: number;
  /** Hidden units per layer. */
  width: number;
  /** Number of hidden layers (Tong et al.'s "3×64" is depth 3, width 64). */
  depth: number;
  activation: ActivationName;
  /** Number F of sinusoidal frequency pairs in the time embedding (0 = raw t only). */
  timeFrequencies: number;
}

export interface ExportedWeights {
  config: MlpConfig;
  shapes: number[][];
  /** All parameters, concatenated in order W₀, b₀, W₁, b₁, … (row-major). */
  data: Float32Array;
}

export class VelocityMlp {
  readonly config: MlpConfig;
  /** W₀, b₀, W₁, b₁, …: W_l has shape [fan_in, fan_out], b_l has shape [fan_out]. */
  readonly params: Variable[];
  readonly shapes: number[][];
  private readonly frequencies: Tensor2D | null;
  /** SELU: Prelu's weights, α for every hidden unit (activations.ts); null for other activations. */
  readonly seluSlope: Tensor | null;

  /** `random()` must return uniforms on [0, 1) (pass a seeded generator for reproducible runs). */
  constructor(config: MlpConfig, random: () => number) {
    this.config = { ...config };
    const { dim, width, depth, timeFrequencies } = config;
    const sizes = [inputWidth(config), ...Array.from({ length: depth }, () => width), dim];
    this.params = [];
    this.shapes = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const fanIn = sizes[l],
        fanOut = sizes[l + 1];
      const bound = 1 / Math.sqrt(fanIn);
      const w = new Float32Array(fanIn * fanOut);
      for (let i = 0; i < w.length; i++) w[i] = (2 * random() - 1) * bound;
      const b = new Float32Array(fanOut);
      for (let i = 0; i < b.length; i++) b[i] = (2 * random() - 1) * bound;
      // tf.variable keeps its own reference: create the initial values inside tidy so they are freed.
      this.params.push(tf.tidy(() => tf.variable(tf.tensor2d(w, [fanIn, fanOut]), true, `W${l}_${uid}`)));
      this.params.push(tf.tidy(() => tf.variable(tf.tensor1d(b), true, `b${l}_${uid}`)));
      this.shapes.push([fanIn, fanOut], [fanOut]);
      uid++;
    }
    this.seluSlope = config.activation === 'selu' ? tf.keep(seluSlope(width)) : null;
    if (timeFrequencies > 0) {
      const f = new Float32Array(timeFrequencies);
      for (let k = 0; k < timeFrequencies; k++) f[k] = timeFrequency(k);
      this.frequencies = tf.keep(tf.tensor2d(f, [1, timeFrequencies]));
    } else {
      this.frequencies = null;
    }
  }

  get parameterCount(): number {
    return this.params.reduce((s, p) => s + p.size, 0);
  }

  /** Network input [x, t, sin(ωt), cos(ωt)] for a batch: x is [n, d], t is [n, 1]. */
  features(x: Tensor2D, t: Tensor2D): Tensor2D {
    if (!this.frequencies) return tf.concat<Tensor2D>([x, t], 1);
    const wt = tf.matMul(t, this.frequencies);
    return tf.concat([x, t, tf.sin(wt), tf.cos(wt)], 1) as Tensor2D;
  }

  /**
   * u_t^θ(x) for a batch with a time per row (x is [n, d], t is [n, 1]): the forward pass of
   * sampling, no gradient recorded.
   */
  apply(x: Tensor2D, t: Tensor2D): Tensor2D {
    return this.layers(this.features(x, t), this.params[0] as unknown as Tensor2D, this.params[1]);
  }

  /**
   * u_t^θ(x) for a batch that shares one time t, as every evaluation of an ODE solver does: one
   * evaluation of the frozen network (frozen-velocity.ts: the time features folded into the first
   * bias, SELU as Prelu on the fused ELU). A whole solve should hold one `frozen()` copy instead.
   * Same function as `apply` with t filled in, up to float32 rounding.
   */
  velocityAt(x: Tensor2D, t: number): Tensor2D {
    const frozen = this.frozen();
    try {
      return frozen.velocityAt(x, t);
    } finally {
      frozen.dispose();
    }
  }

  /**
   * The network with its weights held still, for a whole ODE solve (frozen-velocity.ts): what does
   * not depend on (x, t) is laid out once. Dispose it when the solve ends; train no step meanwhile.
   */
  frozen(): FrozenVelocity {
    return new FrozenVelocity(this);
  }

  /** φ(t) = [t, sin(ω₀t), …, sin(ω_{F−1}t), cos(ω₀t), …] in float32, as `features` computes it per row. */
  timeFeatures(t: number): Float32Array {
    const F = this.config.timeFrequencies;
    const out = new Float32Array(1 + 2 * F);
    out[0] = t;
    for (let k = 0; k < F; k++) {
      const wt = Math.fround(Math.fround(t) * Math.fround(timeFrequency(k)));
      out[1 + k] = Math.sin(wt);
      out[1 + F + k] = Math.cos(wt);
    }
    return out;
  }

  /**
   * The layers from an input h and the first layer's (W₀, b₀) on. The bias and a ReLU/ELU activation
   * are fused into the matrix product (one kernel per layer, called directly like `affine`). SELU is
   * the fused ELU e = elu(z) and then λ·prelu(e, α) (`seluFromElu`).
   */
  private layers(input: Tensor2D, w0: Tensor2D, b0: Tensor): Tensor2D {
    const act = this.config.activation;
    const fused = act === 'selu' ? 'elu' : fusedActivation(act);
    let h = input;
    const layers = this.params.length / 2;
    for (let l = 0; l < layers; l++) {
      const w = l === 0 ? w0 : (this.params[2 * l] as unknown as Tensor2D);
      const b = l === 0 ? b0 : (this.params[2 * l + 1] as Tensor);
      const last = l === layers - 1;
      if (!last && fused) {
        h = affine(h, w, b, fused);
        if (this.seluSlope) h = seluFromElu(h, this.seluSlope) as Tensor2D;
      } else {
        h = affine(h, w, b);
        if (!last) h = activate(act, h) as Tensor2D;
      }
    }
    return h;
  }

  /**
   * The CFM regression loss ℓ = mean over the n×d entries of (u_t^θ(x) − target)² and its gradient
   * with respect to every parameter, by a hand-written backward pass (no gradient tape).
   *
   * With z_l = h_{l−1} W_l + b_l, h_l = σ(z_l) (h_{−1} the input features, no σ on the last layer):
   *   dv = 2(v − target)/(n d),  dW_l = h_{l−1}ᵀ dz_l,  db_l = 1ᵀ dz_l,  dh_{l−1} = dz_l W_lᵀ,
   *   dz_l = dh_l ⊙ σ'(z_l).
   * Transposes are explicit kernels because TF.js's wasm backend runs a transposed matMul about 10×
   * slower than transpose + plain matMul; the bias gradient is the product 1ᵀ dz (faster than a sum).
   * Returns tensors owned by the caller's tf.tidy; gradients are in the order of `params`.
   */
  lossAndGrads(x: Tensor2D, t: Tensor2D, target: Tensor2D): { loss: Tensor; grads: Tensor[] } {
    const act = this.config.activation;
    const layers = this.params.length / 2;
    const inputs: Tensor2D[] = [this.features(x, t)];
    const pre: Tensor2D[] = [];
    const sig: (Tensor | undefined)[] = []; // sigmoid(z) for SiLU, elu(z) for SELU
    let h = inputs[0];
    for (let l = 0; l < layers; l++) {
      const last = l === layers - 1;
      // SELU: the product fuses the ELU, e = elu(z), and e stands in for z below: e > 0 exactly where
      // z > 0, and there e = z, so relu(z) = relu(e) and σ'(z) only needs the sign, as seluFromElu
      // and activationBackward do.
      const fuseElu = act === 'selu' && !last;
      const z = affine(h, this.params[2 * l] as unknown as Tensor2D, this.params[2 * l + 1], fuseElu ? 'elu' : 'linear');
      pre.push(z);
      if (last) {
        h = z;
        break;
      }
      if (fuseElu) {
        sig.push(z);
        h = seluFromElu(z, this.seluSlope!) as Tensor2D;
      } else if (act === 'silu') {
        const s = tf.sigmoid(z);
        sig.push(s);
        h = tf.mul<Tensor2D>(z, s);
      } else {
        sig.push(undefined);
        h = activate(act, z) as Tensor2D;
      }
      inputs.push(h);
    }
    const n = x.shape[0],
      d = x.shape[1];
    const diff = tf.sub(h, target);
    const loss = tf.mean(tf.square(diff));
    let dz = tf.mul<Tensor2D>(diff, 2 / (n * d));
    const ones = tf.ones<tf.Rank.R2>([1, n]);
    const grads = new Array<Tensor>(this.params.length);
    for (let l = layers - 1; l >= 0; l--) {
      const hin = inputs[l];
      grads[2 * l] = tf.matMul(tf.transpose(hin), dz);
      grads[2 * l + 1] = tf.matMul(ones, dz);
      if (l === 0) break;
      const dh = tf.matMul(dz, tf.transpose(this.params[2 * l] as unknown as Tensor2D));
      dz = activationBackward(act, dh, pre[l - 1], inputs[l], sig[l - 1]) as Tensor2D;
    }
    return { loss, grads };
  }

  /** Copies the parameters out (one awaited read per tensor, no synchronous readback). */
  async exportWeights(): Promise<ExportedWeights> {
    const parts = await Promise.all(this.params.map((p) => p.data() as Promise<Float32Array>));
    const data = new Float32Array(this.parameterCount);
    let o = 0;
    for (const part of parts) {
      data.set(part, o);
      o += part.length;
    }
    return { config: { ...this.config }, shapes: this.shapes.map((s) => [...s]), data };
  }

  /** Loads parameters exported from a network of the same configuration. */
  importWeights(w: ExportedWeights): void {
    if (w.data.length !== this.parameterCount) throw new Error(`weights have ${w.data.length} numbers, network has ${this.parameterCount}`);
    let o = 0;
    this.params.forEach((p, i) => {
      const n = p.size;
      tf.tidy(() => p.assign(tf.tensor(w.data.subarray(o, o + n), this.shapes[i])));
      o += n;
    });
  }

  dispose(): void {
    for (const p of this.params) p.dispose();
    this.frequencies?.dispose();
    this.seluSlope?.dispose();
  }
}

let uid = 0;

function inputWidth(config: Pick<MlpConfig, 'dim' | 'timeFrequencies'>): number {
  return config.dim + 1 + 2 * config.timeFrequencies;
}
