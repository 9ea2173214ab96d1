/**
 * The log-determinant of a residual layer x ↦ x + g(x) (Chapter 2, residual flows): with A = ∇g(x)
 * of spectral norm below one,
 *
 *   log det(I + A) = Σ_{k≥1} (−1)^{k+1} tr(A^k) / k.
 *
 * Three ways to evaluate it: exactly (LU with partial pivoting, the reference), by truncating the
 * series after n terms (biased: i-ResNet, Behrmann et al. 2019), and by the Russian-roulette
 * estimator of Residual Flows (Chen et al. 2019), which stops after a random number N of terms and
 * reweights term k by 1 / P(N ≥ k), so that its expectation is the whole series. Matrices are
 * d × d, row-major. Traces here are exact; the networks of those papers also estimate each trace
 * with Hutchinson probes, which adds variance but no bias.
 */
import type { Rng } from './rng.ts';

/** log |det M| by LU decomposition with partial pivoting (the reference value). */
export function logAbsDet(m: ArrayLike<number>, d: number): number {
  const a = Float64Array.from(m);
  let logdet = 0;
  for (let c = 0; c < d; c++) {
    let piv = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(a[r * d + c]) > Math.abs(a[piv * d + c])) piv = r;
    const p = a[piv * d + c];
    if (p === 0) return -Infinity;
    if (piv !== c)
      for (let k = 0; k < d; k++) {
        const tmp = a[c * d + k];
        a[c * d + k] = a[piv * d + k];
        a[piv * d + k] = tmp;
      }
    logdet += Math.log(Math.abs(p));
    for (let r = c + 1; r < d; r++) {
      const f = a[r * d + c] / p;
      if (f !== 0) for (let k = c; k < d; k++) a[r * d + k] -= f * a[c * d + k];
    }
  }
  return logdet;
}

/** log det(I + A) exactly (I + A must have a positive determinant, as it does when ‖A‖ < 1). */
export function logDetIdentityPlus(a: ArrayLike<number>, d: number): number {
  const m = Float64Array.from(a);
  for (let i = 0; i < d; i++) m[i * d + i] += 1;
  return logAbsDet(m, d);
}

/** tr(A^k) for k = 1…K (exact matrix powers). */
export function powerTraces(a: ArrayLike<number>, d: number, K: number): Float64Array {
  const out = new Float64Array(K);
  let p = Float64Array.from(a);
  for (let k = 1; k <= K; k++) {
    let tr = 0;
    for (let i = 0; i < d; i++) tr += p[i * d + i];
    out[k - 1] = tr;
    if (k < K) {
      const next = new Float64Array(d * d);
      for (let i = 0; i < d; i++)
        for (let l = 0; l < d; l++) {
          const pil = p[i * d + l];
          for (let j = 0; j < d; j++) next[i * d + j] += pil * a[l * d + j];
        }
      p = next;
    }
  }
  return out;
}

/** The series truncated after n terms: Σ_{k=1}^n (−1)^{k+1} tr(A^k)/k (biased for every finite n). */
export function logDetTruncated(a: ArrayLike<number>, d: number, n: number): number {
  const tr = powerTraces(a, d, n);
  let s = 0;
  for (let k = 1; k <= n; k++) s += ((k % 2 === 1 ? 1 : -1) * tr[k - 1]) / k;
  return s;
}

/**
 * One Russian-roulette estimate: draw N with P(N ≥ k) = q^{k−1} (geometric: after each term,
 * continue with probability q), return Σ_{k=1}^N (−1)^{k+1} tr(A^k) / (k q^{k−1}). Its expectation
 * is the full series whenever the series converges absolutely. Also returns N (the terms paid for).
 */
export function logDetRussianRoulette(
  a: ArrayLike<number>,
  d: number,
  q: number,
  rng: Rng,
  maxTerms = 10000,
): { estimate: number; terms: number } {
  if (!(q > 0 && q < 1)) throw new Error('logDetRussianRoulette: continuation probability q must lie in (0, 1)');
  let n = 1;
  while (n < maxTerms && rng.uniform() < q) n++;
  const tr = powerTraces(a, d, n);
  let s = 0;
  let survive = 1; // P(N ≥ k) = q^{k−1}
  for (let k = 1; k <= n; k++) {
    s += ((k % 2 === 1 ? 1 : -1) * tr[k - 1]) / (k * survive);
    survive *= q;
  }
  return { estimate: s, terms: n };
}
