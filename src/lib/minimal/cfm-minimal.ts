// Conditional flow matching in under 50 lines of TF.js: I-CFM (straight paths x_t = (1 − t)x₀ + t x₁
// widened by σ, target velocity x₁ − x₀), a 3 × 64 SELU network on (x, t), Adam, Euler sampling.
import * as tf from '@tensorflow/tfjs';

export function trainCfm(data: (n: number) => Float32Array, { steps = 600, batch = 128, sigma = 0.01, lr = 1e-2, seed = 1 } = {}) {
  const dense = (units: number, k: number) =>
    tf.layers.dense({
      units,
      inputShape: [k ? 64 : 3],
      activation: k < 3 ? 'selu' : 'linear',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + k }),
    });
  const net = tf.sequential({ layers: [dense(64, 0), dense(64, 1), dense(64, 2), dense(2, 3)] });
  const velocity = (x: tf.Tensor, t: tf.Tensor) => net.apply(tf.concat([x, t], 1)) as tf.Tensor;
  const noise = (n: number, std: number, s: number) => tf.randomNormal<tf.Rank.R2>([n, 2], 0, std, 'float32', s);
  const opt = tf.train.adam(lr);
  for (let step = 0; step < steps; step++) {
    const s = seed * 1_000_003 + 3 * step; // a fresh, reproducible draw every step
    const x1 = tf.tensor2d(data(batch), [batch, 2]);
    tf.tidy(() => {
      opt.minimize(() => {
        const [x0, t] = [noise(batch, 1, s), tf.randomUniform<tf.Rank.R2>([batch, 1], 0, 1, 'float32', s + 1)];
        const xt = tf.addN([x0.mul(tf.sub(1, t)), x1.mul(t), noise(batch, sigma, s + 2)]);
        return velocity(xt, t).sub(x1.sub(x0)).square().mean<tf.Scalar>();
      });
    });
    x1.dispose();
  }
  /** n samples: Euler from x₀ ~ 𝒩(0, I) at t = 0 to t = 1 in `nfe` steps. */
  const sample = async (n: number, nfe = 100): Promise<Float32Array> => {
    const x = tf.tidy(() => {
      let x: tf.Tensor = noise(n, 1, seed);
      for (let k = 0; k < nfe; k++) x = x.add(velocity(x, tf.fill([n, 1], k / nfe)).mul(1 / nfe));
      return x;
    });
    const out = (await x.data()) as Float32Array;
    x.dispose();
    return out;
  };
  return { sample, dispose: () => (net.dispose(), opt.dispose()) };
}
