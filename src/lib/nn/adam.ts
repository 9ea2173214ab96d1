/**
 * Adam and AdamW (decoupled weight decay) on a list of variables, written to use few kernels:
 * the gradients are concatenated into one flat vector, both moment estimates live in one flat
 * variable each, and the update is a dozen element-wise kernels on that vector whatever the
 * number of layers; the new parameters are split back at the end.
 *
 * With g the gradient, step k ≥ 1 (PyTorch's conventions, so the reference benchmark matches):
 *   m ← β₁ m + (1 − β₁) g,      v ← β₂ v + (1 − β₂) g²,
 *   θ ← θ (1 − η λ)  [AdamW only],
 *   θ ← θ − η/(1 − β₁ᵏ) · m / (√v / √(1 − β₂ᵏ) + ε).
 * The last line is evaluated as θ − s·m/(√v + ε√(1 − β₂ᵏ)) with s = η√(1 − β₂ᵏ)/(1 − β₁ᵏ).
 *
 * On wasm and cpu the same arithmetic runs as one fused kernel (fused-kernels.ts, `CfmAdamW`) over
 * all parameters and gradients: no concat, no split, one kernel per step instead of about forty.
 */
import { tf, type Tensor, type Variable } from './tf.ts';
import { hasFused, runFused, type AdamWAttrs } from './fused-kernels.ts';

export interface AdamConfig {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Decoupled weight decay λ (AdamW); 0 gives plain Adam. */
  weightDecay?: number;
}

export class FlatAdam {
  learningRate: number;
  weightDecay: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private stepCount = 0;
  private readonly vars: Variable[];
  private readonly sizes: number[];
  private readonly m: Variable;
  private readonly v: Variable;

  constructor(vars: Variable[], config: AdamConfig) {
    this.vars = vars;
    this.sizes = vars.map((v) => v.size);
    this.learningRate = config.learningRate;
    this.weightDecay = config.weightDecay ?? 0;
    this.beta1 = config.beta1 ?? 0.9;
    this.beta2 = config.beta2 ?? 0.999;
    this.epsilon = config.epsilon ?? 1e-8;
    const total = this.sizes.reduce((a, b) => a + b, 0);
    this.m = tf.tidy(() => tf.variable(tf.zeros([total]), false));
    this.v = tf.tidy(() => tf.variable(tf.zeros([total]), false));
  }

  get iterations(): number {
    return this.stepCount;
  }

  /** Applies one update from gradients given in the same order as the variables. Call inside tf.tidy. */
  apply(grads: Tensor[]): void {
    this.stepCount++;
    const k = this.stepCount;
    const b1 = this.beta1,
      b2 = this.beta2;
    const bc1 = 1 - b1 ** k,
      bc2 = 1 - b2 ** k;
    const stepSize = (this.learningRate * Math.sqrt(bc2)) / bc1;
    if (hasFused()) {
      this.applyFused(grads, stepSize, this.epsilon * Math.sqrt(bc2));
      return;
    }
    const g = tf.concat(grads.map((gi) => gi.reshape([-1])));
    const m = tf.add(this.m, tf.mul(tf.sub(g, this.m), 1 - b1));
    const v = tf.add(this.v, tf.mul(tf.sub(tf.square(g), this.v), 1 - b2));
    this.m.assign(m);
    this.v.assign(v);
    const update = tf.div(tf.mul(m, stepSize), tf.add(tf.sqrt(v), this.epsilon * Math.sqrt(bc2)));
    let theta = tf.concat(this.vars.map((p) => p.reshape([-1])));
    if (this.weightDecay > 0) theta = tf.mul(theta, 1 - this.learningRate * this.weightDecay);
    const next = tf.split(tf.sub(theta, update), this.sizes);
    this.vars.forEach((p, i) => p.assign(next[i].reshape(p.shape)));
  }

  /** The same update as one `CfmAdamW` kernel (wasm, cpu). */
  private applyFused(grads: Tensor[], stepSize: number, epsHat: number): void {
    const P = this.vars.length;
    const inputs: Record<string, Tensor> = { m: this.m, v: this.v };
    for (let i = 0; i < P; i++) {
      inputs[`p${i}`] = this.vars[i];
      inputs[`g${i}`] = grads[i];
    }
    const attrs: AdamWAttrs = {
      oneMinusBeta1: 1 - this.beta1,
      oneMinusBeta2: 1 - this.beta2,
      stepSize,
      epsHat,
      decayFactor: 1 - this.learningRate * this.weightDecay,
      decay: this.weightDecay > 0,
      count: P,
    };
    const out = runFused('CfmAdamW', inputs, attrs) as Tensor[];
    this.vars.forEach((p, i) => p.assign(out[i]));
    this.m.assign(out[P]);
    this.v.assign(out[P + 1]);
  }

  dispose(): void {
    this.m.dispose();
    this.v.dispose();
  }
}
