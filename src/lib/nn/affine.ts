/** One dense layer on any TF.js backend as a single kernel, shared by the MLP's passes. */
import { tf, type Tensor, type Tensor2D } from './tf.ts';

/**
 * h W + b (then `activation`) as one `_FusedMatMul` kernel, called directly: the public
 * `tf.fused.matMul` wraps it in a custom-gradient op that adds several Identity kernels per call,
 * and our backward pass is by hand.
 */
export function affine(h: Tensor2D, w: Tensor2D, b: Tensor, activation: 'linear' | 'relu' | 'elu' = 'linear'): Tensor2D {
  const [n, k] = h.shape,
    m = w.shape[1];
  const out = tf
    .engine()
    .runKernel<Tensor>(
      '_FusedMatMul',
      { a: tf.reshape(h, [1, n, k]), b: tf.reshape(w, [1, k, m]), bias: b },
      { transposeA: false, transposeB: false, activation, leakyreluAlpha: 0 },
    );
  return tf.reshape(out, [n, m]);
}
