/**
 * The closed-form CFM sampler over k training images (for the memorisation widget), in plain TS for
 * high dimension (d = 3072 for CIFAR-10): the exact minimiser of the CFM loss when the data
 * distribution is the empirical one, p₁ = (1/k) Σᵢ δ(x − xᵢ).
 *
 * Path (σ_min ≥ 0, t = 0 noise, t = 1 data): p_t(x | xᵢ) = 𝒩(x | t xᵢ, σ_t² I) with σ_t = 1 − (1 − σ_min) t,
 * conditional velocity u_t(x | xᵢ) = (xᵢ − (1 − σ_min) x) / σ_t. The marginal velocity (Theorem 1) is
 * the posterior-weighted mean of the conditional ones,
 *     u_t(x) = Σᵢ wᵢ(x, t) u_t(x | xᵢ),   wᵢ ∝ exp(−‖x − t xᵢ‖² / (2 σ_t²)),
 * and the weights are computed with log-sum-exp (subtract the largest logit) because at d = 3072 the
 * squared distances are in the thousands and exp underflows otherwise. As t → 1 the weights become
 * one-hot on the nearest scaled image, so every trajectory ends on a training image: the closed-form
 * sampler only ever reproduces its training set.
 */

export interface ClosedFormPath { sigmaMin: number }

/** σ_t and the posterior weights w(x, t) over the k targets for one point x (length d). */
export function posteriorWeightsHighDim(x: Float32Array | Float64Array, t: number, targets: Float32Array, k: number, d: number, path: ClosedFormPath = { sigmaMin: 0 }, out = new Float64Array(k)): Float64Array {
  const sigma = 1 - (1 - path.sigmaMin) * t;
  const inv = 1 / (2 * sigma * sigma);
  let max = -Infinity;
  for (let i = 0; i < k; i++) {
    let s = 0;
    const o = i * d;
    for (let j = 0; j < d; j++) {
      const r = x[j] - t * targets[o + j];
      s += r * r;
    }
    out[i] = -s * inv;
    if (out[i] > max) max = out[i];
  }
  let z = 0;
  for (let i = 0; i < k; i++) { out[i] = Math.exp(out[i] - max); z += out[i]; }
  for (let i = 0; i < k; i++) out[i] /= z;
  return out;
}

/**
 * Marginal velocity u_t(x) for n points (row-major, n·d) given k targets (k·d); t < 1 when σ_min = 0.
 * Writes into `out` (n·d) and returns it.
 */
export function marginalVelocityHighDim(x: Float32Array | Float64Array, n: number, t: number, targets: Float32Array, k: number, d: number, path: ClosedFormPath = { sigmaMin: 0 }, out = new Float64Array(n * d)): Float64Array {
  const sigma = 1 - (1 - path.sigmaMin) * t;
  if (!(sigma > 0)) throw new RangeError(`σ_t = ${sigma} at t = ${t}: the velocity is undefined there`);
  const w = new Float64Array(k);
  const mean = new Float64Array(d);
  const a = 1 - path.sigmaMin;
  for (let p = 0; p < n; p++) {
    const xp = x.subarray(p * d, (p + 1) * d);
    posteriorWeightsHighDim(xp, t, targets, k, d, path, w);
    mean.fill(0);
    for (let i = 0; i < k; i++) {
      const wi = w[i];
      if (wi < 1e-300) continue;
      const o = i * d;
      for (let j = 0; j < d; j++) mean[j] += wi * targets[o + j];
    }
    for (let j = 0; j < d; j++) out[p * d + j] = (mean[j] - a * xp[j]) / sigma;
  }
  return out;
}

/**
 * Euler integration of the closed-form field from x₀ (n·d noise) over [0, 1] with `steps` steps.
 * Evaluation times are t = s/steps < 1, so σ_t > 0 throughout; with σ_min = 0 the last step lands
 * exactly on the posterior mean, which at that point is (numerically) one training image.
 */
export function sampleClosedForm(x0: Float32Array | Float64Array, n: number, targets: Float32Array, k: number, d: number, steps: number, path: ClosedFormPath = { sigmaMin: 0 }): Float64Array {
  const x = Float64Array.from(x0);
  const v = new Float64Array(n * d);
  const h = 1 / steps;
  for (let s = 0; s < steps; s++) {
    marginalVelocityHighDim(x, n, s * h, targets, k, d, path, v);
    for (let i = 0; i < x.length; i++) x[i] += h * v[i];
  }
  return x;
}

/**
 * For each of n queries (n·d), the index of the nearest of m references (m·d) in L2 and that distance.
 * `excludeSelf`: the queries are the first n references themselves; reference p is skipped for query p.
 */
export function nearestNeighbours(queries: ArrayLike<number>, n: number, refs: ArrayLike<number>, m: number, d: number, excludeSelf = false): { index: Int32Array; distance: Float64Array } {
  const index = new Int32Array(n);
  const distance = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    let best = Infinity, bi = -1;
    for (let i = 0; i < m; i++) {
      if (excludeSelf && i === p) continue;
      let s = 0;
      const o = i * d, q = p * d;
      for (let j = 0; j < d && s < best; j++) {
        const r = queries[q + j] - refs[o + j];
        s += r * r;
      }
      if (s < best) { best = s; bi = i; }
    }
    index[p] = bi;
    distance[p] = Math.sqrt(best);
  }
  return { index, distance };
}

/** Median of an array (a copy is sorted). */
export function median(a: ArrayLike<number>): number {
  const s = Array.from(a).sort((x, y) => x - y);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** uint8 NHWC images (count·d bytes) → float32 in the model's space [-1, 1]. */
export function u8ToModelSpace(u8: Uint8Array, count: number, d: number): Float32Array {
  const out = new Float32Array(count * d);
  for (let i = 0; i < count * d; i++) out[i] = u8[i] / 127.5 - 1;
  return out;
}
