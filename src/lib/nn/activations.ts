/**
 * Activations of the velocity MLP. Each is one or two kernels forward; ReLU and ELU can also be
 * fused into the matrix product when no gradient is being recorded (sampling).
 */
import { tf, type Tensor } from './tf.ts';
import type { ActivationName } from './activation-names.ts';
import { hasFused, runFused, SELU_ALPHA, SELU_SCALE } from './fused-kernels.ts';

/**
 * σ(x) = SiLU x·sigmoid(x) (Elfwing et al.), SELU (Klambauer et al.), ReLU, ELU.
 *
 * SELU is evaluated as λα·elu(x) + λ(1 − α)·relu(x) (for x > 0: λx; for x ≤ 0: λα(eˣ − 1)),
 * which is the same function but about twice as fast on TF.js's wasm backend as its Selu kernel.
 */
export function activate(name: ActivationName, x: Tensor): Tensor {
  switch (name) {
    case 'silu':
      return tf.mul(x, tf.sigmoid(x));
    case 'selu':
      return seluFromElu(tf.elu(x), x);
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
 * λα·e + λ(1 − α)·relu(x) with e = elu(x): SELU from an ELU already computed (one fused kernel on
 * wasm and cpu, fused-kernels.ts; four kernels elsewhere).
 */
export function seluFromElu(e: Tensor, x: Tensor): Tensor {
  if (hasFused(e.size)) return runFused('CfmSeluFromElu', { e, z: x }) as Tensor;
  return tf.add(tf.mul(e, SELU_SCALE * SELU_ALPHA), tf.mul(tf.relu(x), SELU_SCALE * (1 - SELU_ALPHA)));
}

/** dy·elu'(x) from y = elu(x): dy where y > 0, dy·(y + 1) = dy·eˣ elsewhere (TF.js's EluGrad kernel). */
function eluGrad(dy: Tensor, y: Tensor): Tensor {
  return tf.engine().runKernel<Tensor>('EluGrad', { dy, y });
}
