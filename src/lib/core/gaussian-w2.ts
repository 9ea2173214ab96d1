/**
 * The 2-Wasserstein distance between Gaussians in closed form, and the Fréchet distance of two
 * samples (the statistic behind FID): fit a Gaussian to each sample by its mean and covariance, then
 *
 *   W₂²(𝒩(m₁, Σ₁), 𝒩(m₂, Σ₂)) = ‖m₁ − m₂‖² + tr(Σ₁ + Σ₂ − 2 (Σ₁^{1/2} Σ₂ Σ₁^{1/2})^{1/2})
 *
 * (Dowson & Landau 1982; Givens & Shortt 1984). FID is this squared distance between Gaussian fits
 * of Inception features (Heusel et al. 2017). Matrices are d × d, row-major, symmetric positive
 * semi-definite; square roots come from a cyclic Jacobi eigendecomposition (exact to rounding for
 * the small d used in the book). Chapter 1 uses it.
 */

/** Mean (d) and covariance (d × d, divisor n − 1) of n points (n × d, row-major). */
export function meanAndCovariance(x: ArrayLike<number>, n: number, d: number): { mean: Float64Array; cov: Float64Array } {
  if (n < 2) throw new Error('meanAndCovariance: need at least two points');
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) mean[k] += x[i * d + k];
  for (let k = 0; k < d; k++) mean[k] /= n;
  const cov = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) {
      const dk = x[i * d + k] - mean[k];
      for (let l = k; l < d; l++) cov[k * d + l] += dk * (x[i * d + l] - mean[l]);
    }
  }
  for (let k = 0; k < d; k++) {
    for (let l = k; l < d; l++) {
      cov[k * d + l] /= n - 1;
      cov[l * d + k] = cov[k * d + l];
    }
  }
  return { mean, cov };
}

/** Eigenvalues and orthonormal eigenvectors (columns of `vectors`) of a symmetric d × d matrix (cyclic Jacobi). */
export function symmetricEigen(a: ArrayLike<number>, d: number): { values: Float64Array; vectors: Float64Array } {
  const A = Float64Array.from(a);
  const V = new Float64Array(d * d);
  for (let i = 0; i < d; i++) V[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += A[p * d + q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = A[p * d + q];
        if (Math.abs(apq) < 1e-300) continue;
        // Rotation angle that annihilates A[p][q]: tan 2θ = 2 a_pq / (a_qq − a_pp).
        const theta = (A[q * d + q] - A[p * d + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          // A ← A J (columns p, q)
          const akp = A[k * d + p];
          const akq = A[k * d + q];
          A[k * d + p] = c * akp - s * akq;
          A[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          // A ← Jᵀ A (rows p, q)
          const apk = A[p * d + k];
          const aqk = A[q * d + k];
          A[p * d + k] = c * apk - s * aqk;
          A[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          // V ← V J
          const vkp = V[k * d + p];
          const vkq = V[k * d + q];
          V[k * d + p] = c * vkp - s * vkq;
          V[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(d);
  for (let i = 0; i < d; i++) values[i] = A[i * d + i];
  return { values, vectors: V };
}

/** The positive semi-definite square root of a symmetric PSD matrix (tiny negative eigenvalues from rounding clamp to 0). */
export function sqrtPsd(a: ArrayLike<number>, d: number): Float64Array {
  const { values, vectors } = symmetricEigen(a, d);
  const out = new Float64Array(d * d);
  for (let k = 0; k < d; k++) {
    const r = Math.sqrt(Math.max(0, values[k]));
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) out[i * d + j] += r * vectors[i * d + k] * vectors[j * d + k];
  }
  return out;
}

function matMul(a: ArrayLike<number>, b: ArrayLike<number>, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let k = 0; k < d; k++) {
      const aik = a[i * d + k];
      for (let j = 0; j < d; j++) out[i * d + j] += aik * b[k * d + j];
    }
  return out;
}

/** W₂²(𝒩(m₁, Σ₁), 𝒩(m₂, Σ₂)) by the closed form above. */
export function gaussianW2Squared(
  m1: ArrayLike<number>,
  cov1: ArrayLike<number>,
  m2: ArrayLike<number>,
  cov2: ArrayLike<number>,
  d: number,
): number {
  let mean = 0;
  for (let k = 0; k < d; k++) mean += (m1[k] - m2[k]) ** 2;
  const r1 = sqrtPsd(cov1, d);
  const cross = sqrtPsd(matMul(matMul(r1, cov2, d), r1, d), d);
  let tr = 0;
  for (let k = 0; k < d; k++) tr += cov1[k * d + k] + cov2[k * d + k] - 2 * cross[k * d + k];
  return mean + Math.max(0, tr);
}

/** The Fréchet distance (squared, as FID reports it) between Gaussian fits of two samples (n × d and m × d). */
export function frechetDistance(a: ArrayLike<number>, n: number, b: ArrayLike<number>, m: number, d: number): number {
  const fa = meanAndCovariance(a, n, d);
  const fb = meanAndCovariance(b, m, d);
  return gaussianW2Squared(fa.mean, fa.cov, fb.mean, fb.cov, d);
}
