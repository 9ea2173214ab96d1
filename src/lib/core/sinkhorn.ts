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
  const Ct = new Float64Array(m * n); // transposed cost: contiguous columns for the g-update
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) Ct[j * n + i] = C[i * m + j];
  let iterations = 0;
  let err = Infinity;
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
        for (let j = 0; j < m; j++) { const v = g[j] - C[base + j]; if (v > mx) mx = v; }
        let sum = 0;
        for (let j = 0; j < m; j++) sum += Math.exp((g[j] - C[base + j] - mx) * inv);
        const fi = eps * loga[i] - mx - eps * Math.log(sum);
        rowErr += Math.abs(Math.exp(loga[i]) * (Math.exp((f[i] - fi) * inv) - 1));
        f[i] = fi;
      }
      iterations++;
      if (it > 0) {
        err = rowErr;
        if (err < stageTol) break;
      }
      // g-update (columns).
      for (let j = 0; j < m; j++) {
        const base = j * n;
        let mx = -Infinity;
        for (let i = 0; i < n; i++) { const v = f[i] - Ct[base + i]; if (v > mx) mx = v; }
        let sum = 0;
        for (let i = 0; i < n; i++) sum += Math.exp((f[i] - Ct[base + i] - mx) * inv);
        g[j] = eps * logb[j] - mx - eps * Math.log(sum);
      }
    }
  }
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
  return { plan, f, g, cost: total > 0 ? c / total : NaN, iterations, marginalError: colErr, converged: colErr < Math.max(tol, 1e-12) * 10 };
}
