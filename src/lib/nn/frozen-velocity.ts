/**
 * The velocity network with its weights held still, for an ODE solve: every evaluation of a sampler
 * shares one time t across the batch and the same weights, so what does not depend on (x, t) is
 * laid out once, when the solve starts, instead of once per evaluation.
 *
 * - The first layer's weights are split once into their x rows W₀ˣ and time rows W₀ᵗ. At each t
 *   the time features φ(t) = [t, sin(ωt), cos(ωt)] are the same in every row, so their part of the
 *   first layer is one row folded into its bias:
 *     [x, φ(t)] W₀ + b₀ = x W₀ˣ + (φ(t) W₀ᵗ + b₀).
 * - SELU. selu(z) = λ·elu(z) for z > 0 and λα·(e^z − 1) = λα·elu(z) otherwise, that is
 *     selu(z) = λ · prelu(elu(z), α)
 *   (elu(z) > 0 exactly where z > 0). The matrix product fuses the ELU, Prelu applies the slope α
 *   (one SIMD kernel on wasm), and the factor λ moves into the next layer's weights, which are
 *   scaled once: selu(z) W + b = prelu(elu(z), α) (λW) + b. Two kernels per hidden layer, where the
 *   composite SELU took five (the product, then λα·e + λ(1 − α)·relu(e)) at sampling sizes.
 *
 * Same function as `VelocityMlp.apply` with t filled in, up to float32 rounding. The copy holds every
 * weight and bias as they were when it was made (training may go on meanwhile); dispose it after
 * the solve.
 */
import { tf, type Tensor, type Tensor2D } from './tf.ts';
import { activate, fusedActivation } from './activations.ts';
import { affine } from './affine.ts';
import type { VelocityMlp } from './mlp.ts';
import { SELU_SCALE } from '../core/mlp-field.ts';

export class FrozenVelocity {
  /** W₀ˣ, the first d rows of W₀, and W₀ᵗ, its rows for φ(t) (at least the row of t itself). */
  private readonly w0x: Tensor2D;
  private readonly w0t: Tensor2D;
  /** W₁ … W_L, scaled by λ for SELU. */
  private readonly weights: Tensor2D[];
  /** b₀ … b_L, as they were when the copy was made. */
  private readonly biases: Tensor[];
  /** SELU: the slope α for every unit of a hidden layer (Prelu's weights, the network's); null otherwise. */
  private readonly alpha: Tensor | null;
  private readonly owned: Tensor[];
  private readonly net: VelocityMlp;

  constructor(net: VelocityMlp) {
    this.net = net;
    const { dim: d, activation } = net.config;
    const p = net.params;
    const layers = p.length / 2;
    const selu = activation === 'selu';
    const w0 = p[0] as unknown as Tensor2D;
    const k = w0.shape[0];
    this.owned = tf.tidy(() => {
      const out: Tensor[] = [tf.slice(w0, [0, 0], [d, -1]), tf.slice(w0, [d, 0], [k - d, -1])];
      for (let l = 1; l < layers; l++) {
        const w = p[2 * l] as unknown as Tensor2D;
        out.push(selu ? tf.mul(w, SELU_SCALE) : tf.clone(w));
      }
      // The biases too (a clone shares the data): a step that assigns new values meanwhile leaves
      // this copy whole, rather than old weights with new biases.
      for (let l = 0; l < layers; l++) out.push(tf.clone(p[2 * l + 1]));
      return out;
    });
    for (const t of this.owned) tf.keep(t);
    [this.w0x, this.w0t] = this.owned as Tensor2D[];
    this.weights = this.owned.slice(2, 1 + layers) as Tensor2D[];
    this.biases = this.owned.slice(1 + layers, 1 + 2 * layers);
    this.alpha = net.seluSlope;
  }

  /** u_t^θ(x) for a batch that shares the time t (x is [n, d]); tensors owned by the caller's tidy. */
  velocityAt(x: Tensor2D, t: number): Tensor2D {
    const phi = tf.tensor2d(this.net.timeFeatures(t), [1, this.w0t.shape[0]]);
    // Rank 1 (reshape first, then add): wasm's _FusedMatMul reads the bias's rank from its buffer,
    // which a reshape shares with the [1, m] product.
    const b0 = tf.add(tf.reshape(tf.matMul(phi, this.w0t), [-1]), this.biases[0]);
    const act = this.net.config.activation;
    const fused = this.alpha ? 'elu' : fusedActivation(act);
    const last = this.biases.length - 1;
    let h = x;
    for (let l = 0; l <= last; l++) {
      const w = l === 0 ? this.w0x : this.weights[l - 1];
      const b = l === 0 ? b0 : this.biases[l];
      if (l === last) h = affine(h, w, b);
      else if (fused) {
        h = affine(h, w, b, fused);
        if (this.alpha) h = tf.prelu(h, this.alpha) as Tensor2D;
      } else h = activate(act, affine(h, w, b)) as Tensor2D;
    }
    return h;
  }

  dispose(): void {
    for (const t of this.owned) t.dispose();
  }
}
