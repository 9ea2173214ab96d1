/**
 * Activations of the velocity MLP. Each is one or two kernels forward; ReLU and ELU can also be
 * fused into the matrix product when no gradient is being recorded (sampling).
 */
import { tf, type Tensor } from './tf.ts';

export const ACTIVATIONS = ['silu', 'selu', 'relu', 'elu'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

/** σ(x) = SiLU x·sigmoid(x) (Elfwing et al.), SELU (Klambauer et al.), ReLU, ELU. */
export function activate(name: ActivationName, x: Tensor): Tensor {
  switch (name) {
    case 'silu': return tf.mul(x, tf.sigmoid(x));
    case 'selu': return tf.selu(x);
    case 'relu': return tf.relu(x);
    case 'elu': return tf.elu(x);
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
    case 'selu':
      return tf.mul(dh, tf.where(tf.greater(z, 0), tf.fill(z.shape, SELU_SCALE), tf.add(h, SELU_SCALE * SELU_ALPHA)));
    case 'relu':
      return tf.mul(dh, tf.step(z));
    case 'elu':
      return tf.mul(dh, tf.minimum(tf.add(h, 1), 1));
  }
}

export const SELU_SCALE = 1.0507009873554805;
export const SELU_ALPHA = 1.6732632423543772;
