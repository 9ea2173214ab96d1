/**
 * The velocity MLP of the low-dimensional chapters evaluated in plain TypeScript (float64) from its
 * exported parameters, so that a trained network can be handed to the core's ODE solvers and
 * likelihood code without TF.js (src/lib/nn/mlp.ts trains it and exports the same numbers).
 *
 * Input features: x (d numbers), t, and F pairs sin(ω_k t), cos(ω_k t) with ω_k = π·2^k (k < F).
 * Layers: h ← σ(h W_l + b_l) for the hidden layers, then a linear output layer; W_l is stored
 * row-major with shape [fan_in, fan_out], the parameters concatenated as W₀, b₀, W₁, b₁, ….
 * Activations: SiLU x·sigmoid(x), SELU λ(x > 0 ? x : α(eˣ − 1)), ReLU, ELU (α = 1).
 */
import type { VelocityFn } from './ode.ts';

/** What the MLP's `exportWeights()` produces, as far as the forward pass needs it. */
export interface MlpWeights {
  config: { dim: number; width: number; depth: number; activation: string; timeFrequencies: number };
  /** W₀, b₀, W₁, b₁, … concatenated (row-major). */
  data: ArrayLike<number>;
}

/**
 * ω_k = π·2^k, the k-th frequency of the time features. The one definition: the TF.js network
 * (nn/mlp.ts) and its exported graph (engine/playground/tfjs-model.ts) take it from here.
 */
export const timeFrequency = (k: number): number => Math.PI * 2 ** k;

/** SELU's constants λ and α (Klambauer et al. 2017). */
export const SELU_SCALE = 1.0507009873554805;
export const SELU_ALPHA = 1.6732632423543772;

/** The activation σ of a hidden layer, by name (the one definition of the four formulas). */
export function mlpActivation(name: string): (z: number) => number {
  switch (name) {
    case 'silu':
      return (z) => z / (1 + Math.exp(-z));
    case 'selu':
      return (z) => SELU_SCALE * (z > 0 ? z : SELU_ALPHA * Math.expm1(z));
    case 'relu':
      return (z) => (z > 0 ? z : 0);
    case 'elu':
      return (z) => (z > 0 ? z : Math.expm1(z));
    default:
      throw new RangeError(`mlp-field: unknown activation "${name}"`);
  }
}

/** φ(t) = [t, sin ω₀t, …, sin ω_{F−1}t, cos ω₀t, …, cos ω_{F−1}t] into out[at …] (float64). */
export function writeTimeFeatures(t: number, F: number, out: Float64Array, at: number): void {
  out[at] = t;
  for (let k = 0; k < F; k++) {
    const w = timeFrequency(k) * t;
    out[at + 1 + k] = Math.sin(w);
    out[at + 1 + F + k] = Math.cos(w);
  }
}

/** Number of parameters of an MLP with this configuration. */
export function mlpParameterCount(config: MlpWeights['config']): number {
  const sizes = layerSizes(config);
  let n = 0;
  for (let l = 0; l + 1 < sizes.length; l++) n += sizes[l] * sizes[l + 1] + sizes[l + 1];
  return n;
}

/** Widths of the layers' inputs and outputs: [d + 1 + 2F, width × depth, d]. */
export function layerSizes(config: MlpWeights['config']): number[] {
  const input = config.dim + 1 + 2 * config.timeFrequencies;
  return [input, ...Array.from({ length: config.depth }, () => config.width), config.dim];
}

/**
 * u_t^θ as a batched field for the core's solvers: writes the network's output at the n = x.length/d
 * points into `out`. Counts nothing; wrap it to count evaluations.
 */
export function mlpVelocity(weights: MlpWeights): VelocityFn {
  const { config } = weights;
  const sizes = layerSizes(config);
  if (weights.data.length !== mlpParameterCount(config)) {
    throw new RangeError(`mlp-field: ${weights.data.length} parameters given, the configuration needs ${mlpParameterCount(config)}`);
  }
  const act = mlpActivation(config.activation);
  const params = Float64Array.from(weights.data);
  const offsets: { w: number; b: number }[] = [];
  let o = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    offsets.push({ w: o, b: o + sizes[l] * sizes[l + 1] });
    o += sizes[l] * sizes[l + 1] + sizes[l + 1];
  }
  const widest = Math.max(...sizes);
  const a = new Float64Array(widest);
  const b = new Float64Array(widest);
  const d = config.dim;
  const F = config.timeFrequencies;
  return (x, t, out) => {
    const n = x.length / d;
    for (let q = 0; q < n; q++) {
      for (let k = 0; k < d; k++) a[k] = x[q * d + k];
      writeTimeFeatures(t, F, a, d);
      let hin = a;
      let hout = b;
      for (let l = 0; l + 1 < sizes.length; l++) {
        const fanIn = sizes[l];
        const fanOut = sizes[l + 1];
        const { w, b: bias } = offsets[l];
        const last = l + 2 === sizes.length;
        for (let j = 0; j < fanOut; j++) {
          let s = params[bias + j];
          for (let i = 0; i < fanIn; i++) s += hin[i] * params[w + i * fanOut + j];
          hout[j] = last ? s : act(s);
        }
        [hin, hout] = [hout, hin];
      }
      for (let k = 0; k < d; k++) out[q * d + k] = hin[k];
    }
  };
}
