/**
 * Activations of the velocity MLP. Each is one or two kernels forward; ReLU and ELU can also be
 * fused into the matrix product when no gradient is being recorded (sampling).
 */
import { tf, type Tensor } from './tf.ts';
import type { ActivationName } from './activation-names.ts';
import { hasFused, runFused } from './fused-kernels.ts';
import { SELU_ALPHA, SELU_SCALE } from '../core/mlp-field.ts';

/**
 * σ(x) = SiLU x·sigmoid(x) (Elfwing et al.), SELU (Klambauer et al.), ReLU, ELU.
 *
 * SELU is evaluated as λ·prelu(elu(x), α) (for x > 0: λx; for x ≤ 0: λα(eˣ − 1)), the same
 * function as TF.js's Selu kernel, and with the ELU fused into the matrix product (`seluFromElu`).
 */
export function activate(name: ActivationName, x: Tensor): Tensor {
  switch (name) {
    case 'silu':
      return tf.mul(x, tf.sigmoid(x));
    case 'selu':
      return seluFromElu(tf.elu(x), seluSlope(x.shape[x.rank - 1]));
    case 'relu':
      return tf.relu(x);
    case 'elu':
      return tf.elu(x);
  }
}

/** The activation name `tf.fused.matMul` understands, when it can fuse this one. */
export function fusedActivation(name: ActivationName): 'relu' | 'elu' | undefined {
  return name === 'relu' || name === 'elu' ? name : undefined;
}

/**
 * dσ/dz expressed through what the forward pass kept (z, h = σ(z), and for SiLU s = sigmoid(z)),
 * multiplied into the incoming gradient dh. Used by the hand-written backward pass of the MLP:
 *   SiLU  σ' = s + h(1 − s)                    (h = z·s)
 *   SELU  σ' = λ for z > 0, h + λα otherwise   (h = λα(eᶻ − 1) there)
 *   ReLU  σ' = 1[z > 0]
 *   ELU   σ' = min(h + 1, 1)                   (h + 1 = eᶻ ≤ 1 for z ≤ 0, and > 1 for z > 0)
 */
export function activationBackward(name: ActivationName, dh: Tensor, z: Tensor, h: Tensor, s?: Tensor): Tensor {
  switch (name) {
    case 'silu': {
      const sig = s ?? tf.sigmoid(z);
      return tf.mul(dh, tf.add(sig, tf.mul(h, tf.sub(1, sig))));
    }
    case 'selu': {
      // σ' = λα·elu'(z) + λ(1 − α)·1[z > 0]; `s` carries elu(z) from the forward pass.
      const e = s ?? tf.elu(z);
      if (hasFused(dh.size)) return runFused('CfmSeluGrad', { dh, z, e }) as Tensor;
      return tf.add(tf.mul(eluGrad(dh, e), SELU_SCALE * SELU_ALPHA), tf.mul(tf.mul(dh, tf.step(z)), SELU_SCALE * (1 - SELU_ALPHA)));
    }
    case 'relu':
      return tf.mul(dh, tf.step(z));
    case 'elu':
      return eluGrad(dh, h);
  }
}

/**
 * SELU from an ELU already computed, e = elu(x): selu(x) = λ·prelu(e, α), since e > 0 exactly where
 * x > 0 (and there e = x) while λα·(eˣ − 1) = λ·(α·e) elsewhere. `slope` is α once per unit of the
 * last axis (`seluSlope`): the wasm backend's Prelu is an XNNPACK kernel with one weight per channel
 * (a scalar slope took 40× longer at 2000 × 64), and with the product by λ it ran 4× faster at
 * 128 × 64 than one JavaScript loop, 3× faster at 2000 × 64 than λα·e + λ(1 − α)·relu(x). On cpu,
 * where Prelu is a slow generic loop, small tensors take one fused loop of the same arithmetic
 * (fused-kernels.ts), so the two backends agree to the bit.
 */
export function seluFromElu(e: Tensor, slope: Tensor): Tensor {
  // wasm's Prelu takes the slope's size as the channel count without checking it.
  if (slope.size !== e.shape[e.rank - 1]) throw new RangeError(`seluFromElu: ${slope.size} slopes for ${e.shape[e.rank - 1]} units`);
  if (tf.getBackend() === 'cpu' && hasFused(e.size)) return runFused('CfmSeluFromElu', { e }) as Tensor;
  return tf.mul(tf.prelu(e, slope), SELU_SCALE);
}

/** Prelu's weights for `seluFromElu`: α for each of `units` units (keep it with the layer's weights). */
export function seluSlope(units: number): Tensor {
  return tf.fill([units], SELU_ALPHA);
}

/** dy·elu'(x) from y = elu(x): dy where y > 0, dy·(y + 1) = dy·eˣ elsewhere (TF.js's EluGrad kernel). */
function eluGrad(dy: Tensor, y: Tensor): Tensor {
  return tf.engine().runKernel<Tensor>('EluGrad', { dy, y });
}
