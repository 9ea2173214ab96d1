/**
 * DOM-free Monte-Carlo estimates behind the Theorem 2 check.
 *
 * One-parameter models u^θ_t(x) = θ · g_t(x), with
 *   'scaled': g = the closed-form marginal field u_t (so θ = 1 is the FM minimiser), or
 *   'linear': g_t(x) = x (a linear model through the origin).
 * For N draws (t, z, x ~ p_t(·|z)) from the core's path sampler, with u = u_t(x) from the core's
 * closed form and c = u_t(x | z) the conditional target,
 *   L̂_FM(θ)  = (1/N) Σ ‖θ g − u‖²,   L̂_CFM(θ) = (1/N) Σ ‖θ g − c‖².
 * Both are quadratics in θ, so five per-sample inner products give the whole curves, the
 * gradients, the minimisers, and standard errors. Theorem 2 says L_CFM − L_FM = C does not depend
 * on θ: per sample the difference is ‖c‖² − ‖u‖² − 2θ⟨g, c − u⟩, and E⟨g, c − u⟩ = 0 because u is
 * the posterior mean of c. The estimator keeps that θ-term, so the reader sees it shrink with N.
 */
import { Rng, marginalVelocity, samplePathBatch, type ConditionalPath } from '../../lib/core/index.ts';

export type ModelFamily = 'scaled' | 'linear';

export interface LossTerms {
  n: number;
  /** Per-sample ⟨g,g⟩, ⟨g,u⟩, ⟨g,c⟩, ‖u‖², ‖c‖². */
  gg: Float64Array;
  gu: Float64Array;
  gc: Float64Array;
  uu: Float64Array;
  cc: Float64Array;
}

/** Draws N samples (t uniform on the family's domain, x₁ uniform over the targets, x₀ Gaussian). */
export function sampleLossTerms(
  path: ConditionalPath,
  family: ModelFamily,
  targets: Float64Array,
  k: number,
  d: number,
  n: number,
  seed: number,
): LossTerms {
  const rng = new Rng(seed);
  const x0 = new Float64Array(n * d);
  const x1 = new Float64Array(n * d);
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    t[i] = path.tMin + (path.tMax - path.tMin) * rng.uniform();
    for (let j = 0; j < d; j++) x0[i * d + j] = rng.normal();
    const pick = rng.int(k);
    for (let j = 0; j < d; j++) x1[i * d + j] = targets[pick * d + j];
  }
  const { xt, ut } = samplePathBatch(path, x0, x1, t, d, rng);
  const out: LossTerms = {
    n,
    gg: new Float64Array(n),
    gu: new Float64Array(n),
    gc: new Float64Array(n),
    uu: new Float64Array(n),
    cc: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const x = xt.subarray(i * d, (i + 1) * d);
    const u = marginalVelocity(path, x, 1, t[i], targets, k, d);
    const c = ut.subarray(i * d, (i + 1) * d);
    const g = family === 'scaled' ? u : x;
    let gg = 0,
      gu = 0,
      gc = 0,
      uu = 0,
      cc = 0;
    for (let j = 0; j < d; j++) {
      gg += g[j] * g[j];
      gu += g[j] * u[j];
      gc += g[j] * c[j];
      uu += u[j] * u[j];
      cc += c[j] * c[j];
    }
    out.gg[i] = gg;
    out.gu[i] = gu;
    out.gc[i] = gc;
    out.uu[i] = uu;
    out.cc[i] = cc;
  }
  return out;
}

function meanAndSe(f: (i: number) => number, n: number): { mean: number; se: number } {
  let s = 0;
  for (let i = 0; i < n; i++) s += f(i);
  const m = s / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (f(i) - m) ** 2;
  return { mean: m, se: Math.sqrt(v / Math.max(1, n - 1) / n) };
}

export interface Estimate {
  mean: number;
  se: number;
}

export interface LossSummary {
  /** Mean inner products (the quadratics' coefficients). */
  GG: number;
  GU: number;
  GC: number;
  UU: number;
  CC: number;
  lossFM(theta: number): number;
  lossCFM(theta: number): number;
  /** Minimisers of the two MC curves: ⟨g,u⟩/⟨g,g⟩ and ⟨g,c⟩/⟨g,g⟩. */
  argminFM: number;
  argminCFM: number;
  /** Difference of the minimisers with its standard error (Theorem 2: zero in expectation). */
  argminGap: Estimate;
  /** At a given θ: L_CFM − L_FM, and both gradients, with standard errors. */
  at(theta: number): { gap: Estimate; gradFM: Estimate; gradCFM: Estimate; gradGap: Estimate };
  /** The exact-in-expectation constant C = E‖c‖² − E‖u‖² (θ-free part of the gap). */
  constant: Estimate;
}

/** Σᵢ (aᵢ − ā)(bᵢ − b̄): the centred cross-product, in two passes (no cancellation). */
function centred(a: Float64Array, b: Float64Array, n: number, ma: number, mb: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += (a[i] - ma) * (b[i] - mb);
  return s;
}

/**
 * What the summaries need of the Monte-Carlo terms: their means and centred cross-products (plain
 * numbers: the widget's first paint carries them from the server, `FirstPaint`).
 */
export interface LossMoments {
  n: number;
  GG: number;
  GU: number;
  GC: number;
  UU: number;
  CC: number;
  argminGap: Estimate;
  /** Centred cross-products of a = cc − uu, b = gc − gu and the terms. */
  S: { aa: number; ab: number; bb: number; gg: number; gu: number; gc: number; uu: number; cc: number };
}

/** The moments of the terms (two passes: means, then centred cross-products). */
export function lossMoments(terms: LossTerms): LossMoments {
  const { n, gg, gu, gc, uu, cc } = terms;
  const m = (a: Float64Array) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += a[i];
    return s / n;
  };
  const GG = m(gg),
    GU = m(gu),
    GC = m(gc),
    UU = m(uu),
    CC = m(cc);
  const argminGap = meanAndSe((i) => (gc[i] - gu[i]) / (GG || 1), n);
  // a = cc − uu (the gap at θ = 0), b = gc − gu: gap(θ) = a − 2θ b.
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = cc[i] - uu[i];
    b[i] = gc[i] - gu[i];
  }
  const A = CC - UU,
    B = GC - GU;
  const S = {
    aa: centred(a, a, n, A, A),
    ab: centred(a, b, n, A, B),
    bb: centred(b, b, n, B, B),
    gg: centred(gg, gg, n, GG, GG),
    gu: centred(gg, gu, n, GG, GU),
    gc: centred(gg, gc, n, GG, GC),
    uu: centred(gu, gu, n, GU, GU),
    cc: centred(gc, gc, n, GC, GC),
  };
  return { n, GG, GU, GC, UU, CC, argminGap, S };
}

/**
 * Summaries of the Monte-Carlo terms. Everything that depends on θ is a linear combination of the
 * per-sample terms, so its mean and standard error follow from the terms' means and centred cross-
 * products, computed once: `at(θ)` is O(1) (it was four passes over the N samples per call, and the
 * widget calls it for 81 values of θ per slider tick: 400 ms at N = 20 000). The results equal
 * `meanAndSe` of the per-sample values up to rounding.
 */
export function summarise(terms: LossTerms): LossSummary {
  return summaryOf(lossMoments(terms));
}

/** The summaries from the moments. */
export function summaryOf(moments: LossMoments): LossSummary {
  const { n, GG, GU, GC, UU, CC, argminGap, S } = moments;
  const A = CC - UU,
    B = GC - GU;
  /** Mean and standard error from the mean and the centred sum of squares (as meanAndSe). */
  const est = (mean: number, ss: number): Estimate => ({ mean, se: Math.sqrt(Math.max(0, ss) / Math.max(1, n - 1) / n) });
  const gradGap = est(-2 * B, 4 * S.bb);
  return {
    GG,
    GU,
    GC,
    UU,
    CC,
    lossFM: (th) => GG * th * th - 2 * GU * th + UU,
    lossCFM: (th) => GG * th * th - 2 * GC * th + CC,
    argminFM: GU / (GG || 1),
    argminCFM: GC / (GG || 1),
    argminGap,
    at: (th) => ({
      gap: est(A - 2 * th * B, S.aa - 4 * th * S.ab + 4 * th * th * S.bb),
      gradFM: est(2 * (th * GG - GU), 4 * (th * th * S.gg - 2 * th * S.gu + S.uu)),
      gradCFM: est(2 * (th * GG - GC), 4 * (th * th * S.gg - 2 * th * S.gc + S.cc)),
      gradGap,
    }),
    constant: est(A, S.aa),
  };
}
