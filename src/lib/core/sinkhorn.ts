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
  /** Stop when the L1 error of the row marginal is below tol (default 1e-9). */
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
  /** L1 error of the row marginal at exit. */
  marginalError: number;
  converged: boolean;
}

/** Log-domain Sinkhorn for cost C (n × m, row-major) at regularisation ε > 0. */
export function sinkhornLog(cost: ArrayLike<number>, n: number, m: number, epsilon: number, opts: SinkhornOptions = {}): SinkhornResult {
  if (!(epsilon > 0)) throw new Error('sinkhornLog: epsilon must be > 0');
  const loga = new Float64Array(n);
  const logb = new Float64Array(m);
  for (let i = 0; i < n; i++) loga[i] = Math.log(opts.a ? opts.a[i] : 1 / n);
  for (let j = 0; j < m; j++) logb[j] = Math.log(opts.b ? opts.b[j] : 1 / m);
  const maxIter = opts.maxIter ?? 2000;
  const tol = opts.tol ?? 1e-9;
  let cmax = 0;
  for (let k = 0; k < n * m; k++) if (cost[k] > cmax) cmax = cost[k];
  const stages: number[] = [];
  if (opts.epsilonScaling ?? true) {
    for (let e = Math.max(cmax, epsilon); e > epsilon; e *= 0.5) stages.push(e);
  }
  stages.push(epsilon);
  const f = new Float64Array(n);
  const g = new Float64Array(m);
  const buf = new Float64Array(Math.max(n, m));
  let iterations = 0;
  let err = Infinity;
  const rowError = (eps: number): number => {
    let e = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < m; j++) s += Math.exp((f[i] + g[j] - cost[i * m + j]) / eps);
      e += Math.abs(s - Math.exp(loga[i]));
    }
    return e;
  };
  for (let s = 0; s < stages.length; s++) {
    const eps = stages[s];
    const last = s === stages.length - 1;
    const cap = last ? maxIter : 50;
    for (let it = 0; it < cap; it++) {
      // f-update (rows)
      for (let i = 0; i < n; i++) {
        let mx = -Infinity;
        for (let j = 0; j < m; j++) { const v = (g[j] - cost[i * m + j]) / eps; buf[j] = v; if (v > mx) mx = v; }
        let sum = 0;
        for (let j = 0; j < m; j++) sum += Math.exp(buf[j] - mx);
        f[i] = eps * (loga[i] - mx - Math.log(sum));
      }
      // g-update (columns)
      for (let j = 0; j < m; j++) {
        let mx = -Infinity;
        for (let i = 0; i < n; i++) { const v = (f[i] - cost[i * m + j]) / eps; buf[i] = v; if (v > mx) mx = v; }
        let sum = 0;
        for (let i = 0; i < n; i++) sum += Math.exp(buf[i] - mx);
        g[j] = eps * (logb[j] - mx - Math.log(sum));
      }
      iterations++;
      if (last && (it % 10 === 9 || it === cap - 1)) {
        err = rowError(eps);
        if (err < tol) break;
      } else if (!last && it % 10 === 9 && rowError(eps) < 1e-3) break;
    }
  }
  const plan = new Float64Array(n * m);
  let total = 0;
  let c = 0;
  for (let k = 0; k < n * m; k++) {
    const i = Math.floor(k / m);
    const j = k - i * m;
    const p = Math.exp((f[i] + g[j] - cost[k]) / epsilon);
    plan[k] = p;
    total += p;
    c += p * cost[k];
  }
  if (err === Infinity) err = rowError(epsilon);
  return { plan, f, g, cost: total > 0 ? c / total : NaN, iterations, marginalError: err, converged: err < tol };
}
