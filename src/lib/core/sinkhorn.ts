/**
 * Entropic optimal transport by log-domain Sinkhorn iterations.
 *
 * For marginals a (n) and b (m), cost C (n × m) and ε > 0 the entropic plan is
 *   P_ε = argmin_{P ∈ Π(a, b)} ⟨P, C⟩ − ε H(P),   P_ij = exp((f_i + g_j − C_ij)/ε),
 * with potentials updated alternately (each update matches one marginal exactly):
 *   f_i = ε log a_i − ε LSE_j((g_j − C_ij)/ε),   g_j = ε log b_j − ε LSE_i((f_i − C_ij)/ε).
 * Working with potentials and log-sum-exp avoids the under/overflow of the classical scaling form
 * at small ε. ε-scaling (start at a large ε, shrink geometrically to the target, warm-starting the
 * potentials) makes small ε practical. As ε → 0, ⟨P_ε, C⟩ decreases to the exact OT cost.
 */

export interface SinkhornOptions {
  /** Source weights (length n, default uniform 1/n). */
  a?: ArrayLike<number>;
  /** Target weights (length m, default uniform 1/m). */
  b?: ArrayLike<number>;
  /** Iteration cap (per ε stage for the last stage; default 2000). */
  maxIter?: number;
  /** Stop when the L1 marginal error is below tol (default 1e-6). */
  tol?: number;
  /** Anneal ε from max(C) down to the target (default true). */
  epsilonScaling?: boolean;
  /**
   * 'log' (default): every update is a log-sum-exp over potentials (n·m exponentials per half
   * iteration). 'stabilized': the same iteration in scaling form, P = diag(u) K diag(v) with
   * K = exp((f ⊕ g − C)/ε), absorbing u, v into the potentials f, g whenever they leave
   * [10⁻⁵⁰, 10⁵⁰] (Schmitzer 2019): only multiply-adds between absorptions, ≈ 5–15× faster; at
   * very small ε underflow in K can slow its convergence.
   */
  method?: 'log' | 'stabilized';
}

export interface SinkhornResult {
  /** The plan P (n × m, row-major), Σ P = 1. */
  plan: Float64Array;
  f: Float64Array;
  g: Float64Array;
  /** Transport cost ⟨P, C⟩. */
  cost: number;
  iterations: number;
  /** L1 error of the column marginal of the returned plan (its row marginal is exact). */
  marginalError: number;
  converged: boolean;
}

/** Log-domain Sinkhorn for cost C (n × m, row-major) at regularisation ε > 0. */
export function sinkhornLog(cost: ArrayLike<number>, n: number, m: number, epsilon: number, opts: SinkhornOptions = {}): SinkhornResult {
  if (!(epsilon > 0)) throw new Error('sinkhornLog: epsilon must be > 0');
  const C = cost instanceof Float64Array ? cost : Float64Array.from(cost);
  const loga = new Float64Array(n);
  const logb = new Float64Array(m);
  for (let i = 0; i < n; i++) loga[i] = Math.log(opts.a ? opts.a[i] : 1 / n);
  for (let j = 0; j < m; j++) logb[j] = Math.log(opts.b ? opts.b[j] : 1 / m);
  const maxIter = opts.maxIter ?? 2000;
  const tol = opts.tol ?? 1e-6;
  let cmax = 0;
  for (let k = 0; k < n * m; k++) if (C[k] > cmax) cmax = C[k];
  const stages: number[] = [];
  if (opts.epsilonScaling ?? true) {
    for (let e = Math.max(cmax, epsilon); e > 2 * epsilon; e *= 0.5) stages.push(e);
  }
  stages.push(epsilon);
  const f = new Float64Array(n);
  const g = new Float64Array(m);
  const { iterations } =
    (opts.method ?? 'log') === 'stabilized'
      ? stabilizedIterations(C, n, m, loga, logb, stages, f, g, maxIter, tol)
      : logIterations(C, n, m, loga, logb, stages, f, g, maxIter, tol);
  // Final plan from the last f-update (rows exact); `err` is the row error of the plan before it.
  const plan = new Float64Array(n * m);
  let total = 0;
  let c = 0;
  const inv = 1 / epsilon;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const k = i * m + j;
      const p = Math.exp((f[i] + g[j] - C[k]) * inv);
      plan[k] = p;
      total += p;
      c += p * C[k];
    }
  }
  // Column-marginal error of the returned plan (its rows are exact after the last f-update).
  let colErr = 0;
  for (let j = 0; j < m; j++) {
    let sj = 0;
    for (let i = 0; i < n; i++) sj += plan[i * m + j];
    colErr += Math.abs(sj - Math.exp(logb[j]));
  }
  return {
    plan,
    f,
    g,
    cost: total > 0 ? c / total : NaN,
    iterations,
    marginalError: colErr,
    converged: colErr < Math.max(tol, 1e-12) * 10,
  };
}

/** Log-domain iterations (see sinkhornLog); updates f, g in place. */
function logIterations(
  C: Float64Array,
  n: number,
  m: number,
  loga: Float64Array,
  logb: Float64Array,
  stages: number[],
  f: Float64Array,
  g: Float64Array,
  maxIter: number,
  tol: number,
): { iterations: number } {
  const Ct = new Float64Array(m * n); // transposed cost: contiguous columns for the g-update
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) Ct[j * n + i] = C[i * m + j];
  let iterations = 0;
  for (let s = 0; s < stages.length; s++) {
    const eps = stages[s];
    const inv = 1 / eps;
    const last = s === stages.length - 1;
    const cap = last ? maxIter : 100;
    const stageTol = last ? tol : 1e-3;
    for (let it = 0; it < cap; it++) {
      // f-update (rows): makes the row marginals exact. The relative change of exp(f/ε) is exactly
      // the row-marginal error of the previous plan, so convergence is measured for free.
      let rowErr = 0;
      for (let i = 0; i < n; i++) {
        const base = i * m;
        let mx = -Infinity;
        for (let j = 0; j < m; j++) {
          const v = g[j] - C[base + j];
          if (v > mx) mx = v;
        }
        let sum = 0;
        for (let j = 0; j < m; j++) sum += Math.exp((g[j] - C[base + j] - mx) * inv);
        const fi = eps * loga[i] - mx - eps * Math.log(sum);
        rowErr += Math.abs(Math.exp(loga[i]) * (Math.exp((f[i] - fi) * inv) - 1));
        f[i] = fi;
      }
      iterations++;
      if (it > 0 && rowErr < stageTol) break;
      // g-update (columns).
      for (let j = 0; j < m; j++) {
        const base = j * n;
        let mx = -Infinity;
        for (let i = 0; i < n; i++) {
          const v = f[i] - Ct[base + i];
          if (v > mx) mx = v;
        }
        let sum = 0;
        for (let i = 0; i < n; i++) sum += Math.exp((f[i] - Ct[base + i] - mx) * inv);
        g[j] = eps * logb[j] - mx - eps * Math.log(sum);
      }
    }
  }
  return { iterations };
}

/** Stabilised scaling-form iterations with absorption (see SinkhornOptions.method); updates f, g. */
function stabilizedIterations(
  C: Float64Array,
  n: number,
  m: number,
  loga: Float64Array,
  logb: Float64Array,
  stages: number[],
  f: Float64Array,
  g: Float64Array,
  maxIter: number,
  tol: number,
): { iterations: number } {
  const a = Float64Array.from(loga, Math.exp);
  const b = Float64Array.from(logb, Math.exp);
  const u = new Float64Array(n).fill(1);
  const v = new Float64Array(m).fill(1);
  const K = new Float64Array(n * m);
  const ktu = new Float64Array(m);
  let iterations = 0;
  const absorb = (eps: number) => {
    for (let i = 0; i < n; i++) {
      f[i] += eps * Math.log(u[i]);
      u[i] = 1;
    }
    for (let j = 0; j < m; j++) {
      g[j] += eps * Math.log(v[j]);
      v[j] = 1;
    }
    const inv = 1 / eps;
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) K[i * m + j] = Math.exp((f[i] + g[j] - C[i * m + j]) * inv);
  };
  for (let s = 0; s < stages.length; s++) {
    const eps = stages[s];
    const last = s === stages.length - 1;
    absorb(eps);
    const cap = last ? maxIter : 100;
    const stageTol = last ? tol : 1e-3;
    for (let it = 0; it < cap; it++) {
      let rowErr = 0;
      let outOfRange = false;
      for (let i = 0; i < n; i++) {
        const base = i * m;
        let sum = 0;
        for (let j = 0; j < m; j++) sum += K[base + j] * v[j];
        const ui = a[i] / sum;
        rowErr += Math.abs(a[i] * (u[i] / ui) - a[i]);
        u[i] = ui;
        if (!(ui < 1e50 && ui > 1e-50)) outOfRange = true;
      }
      iterations++;
      if (outOfRange) {
        // A row of K underflowed or a scaling blew up: redo this half-step in the log domain.
        for (let i = 0; i < n; i++) u[i] = 1;
        for (let j = 0; j < m; j++) {
          g[j] += eps * Math.log(v[j]);
          v[j] = 1;
        }
        logIterations(C, n, m, loga, logb, [eps], f, g, 1, 0);
        absorb(eps);
        continue;
      }
      if (it > 0 && rowErr < stageTol) break;
      ktu.fill(0);
      for (let i = 0; i < n; i++) {
        const ui = u[i];
        const base = i * m;
        for (let j = 0; j < m; j++) ktu[j] += K[base + j] * ui;
      }
      for (let j = 0; j < m; j++) {
        v[j] = b[j] / ktu[j];
        if (!(v[j] < 1e50 && v[j] > 1e-50)) outOfRange = true;
      }
      if (outOfRange) absorb(eps);
    }
  }
  // Fold the scalings into the potentials (rows exact after the last u-update).
  for (let i = 0; i < n; i++) f[i] += stages[stages.length - 1] * Math.log(u[i]);
  for (let j = 0; j < m; j++) g[j] += stages[stages.length - 1] * Math.log(v[j]);
  return { iterations };
}
