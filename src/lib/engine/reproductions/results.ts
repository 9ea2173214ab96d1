/**
 * Results of reproduction runs, TF-free: one record per run, the per-cell summary (mean ± sample
 * standard deviation over seeds, next to the published cell), CSV export, and the time estimate of a
 * protocol from measured per-step times.
 */
import { METHODS, ROWS, published, type MethodId, type RowId, type Published } from './table.ts';
import { PROTOCOLS, planRuns, type ProtocolId, type RunSpec } from './protocols.ts';
import { runKey } from './shards.ts';

export interface RunResult extends RunSpec {
  /** Exact W₂ between the generated points and the held-out test points (NaN when diverged). */
  w2: number;
  /** Exact W₂ between two independent test samples of the same size (see protocols.ts). */
  w2Floor: number;
  /** Normalised path energy of the generated flow (|PE − W₂²(x₀, test)| / W₂²(x₀, test)). */
  npe: number;
  /** Mean training loss over the last 100 steps. */
  finalLoss: number;
  stepsRun: number;
  trainMs: number;
  evalMs: number;
  /** Milliseconds per training step spent in the coupling and in the network (the rest is small). */
  couplingMsPerStep: number;
  networkMsPerStep: number;
  backend: string;
  diverged: string | null;
}

export interface CellSummary {
  row: RowId;
  method: MethodId;
  seeds: number;
  /** Mean and sample standard deviation (n − 1; 0 for one seed) of W₂ and of its floor. */
  w2Mean: number;
  w2Std: number;
  floorMean: number;
  evalPoints: number;
  published: Published | null;
}

function meanStd(v: number[]): [number, number] {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  if (v.length < 2) return [m, 0];
  const s2 = v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1);
  return [m, Math.sqrt(s2)];
}

/** One summary per (row, method) present in the results, in the order the runs appear. */
export function summarise(results: readonly RunResult[]): CellSummary[] {
  const cells = new Map<string, RunResult[]>();
  for (const r of results) {
    const key = `${r.row}|${r.method}`;
    cells.set(key, [...(cells.get(key) ?? []), r]);
  }
  return [...cells.values()].map((rs) => {
    const [w2Mean, w2Std] = meanStd(rs.map((r) => r.w2));
    const [floorMean] = meanStd(rs.map((r) => r.w2Floor));
    return {
      row: rs[0].row,
      method: rs[0].method,
      seeds: rs.length,
      w2Mean,
      w2Std,
      floorMean,
      evalPoints: rs[0].evalPoints,
      published: published(rs[0].row, rs[0].method),
    };
  });
}

const CSV_COLUMNS = [
  'row',
  'method',
  'seed',
  'steps',
  'batch',
  'evalPoints',
  'w2',
  'w2Floor',
  'npe',
  'finalLoss',
  'trainMs',
  'evalMs',
  'backend',
  'publishedMean',
  'publishedStd',
] as const;

/** The results as CSV (one line per run; the published cell repeated on each line of its cell). */
export function toCsv(results: readonly RunResult[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of results) {
    const p = published(r.row, r.method);
    const rec: Record<(typeof CSV_COLUMNS)[number], string | number> = {
      row: r.row,
      method: r.method,
      seed: r.seed,
      steps: r.stepsRun,
      batch: r.batch,
      evalPoints: r.evalPoints,
      w2: r.w2,
      w2Floor: r.w2Floor,
      npe: r.npe,
      finalLoss: r.finalLoss,
      trainMs: Math.round(r.trainMs),
      evalMs: Math.round(r.evalMs),
      backend: r.backend,
      publishedMean: p?.mean ?? '',
      publishedStd: p?.std ?? '',
    };
    lines.push(CSV_COLUMNS.map((c) => String(rec[c])).join(','));
  }
  return lines.join('\n') + '\n';
}

/** Display names of a run's row and method. */
export function runLabel(r: Pick<RunSpec, 'row' | 'method'>): string {
  return `${METHODS[r.method].label} · ${ROWS[r.row].label}`;
}

/**
 * Estimated wall time (ms) of a protocol's runs from measured results of another budget: per
 * (row, method) the measured network and coupling time per step, scaled to the protocol's batch
 * (the network's cost grows linearly with the batch; the exact assignment's about as n^2.5, a fit
 * to the timings in scripts/EXPERIMENTS.md: 48 ms at n = 512 against ≈ 8.5 ms at n = 256; Sinkhorn's
 * as n², one pass over the n × n kernel per iteration), times its steps and seeds, plus the
 * measured evaluation time scaled by (n_eval ratio)³ for exact W₂. The estimate inherits the load
 * of the machine during the measured run.
 */
export function estimateProtocolMs(measured: readonly RunResult[], protocol: ProtocolId): number {
  const p = PROTOCOLS[protocol];
  const byCell = new Map(measured.map((r) => [`${r.row}|${r.method}`, r]));
  let total = 0;
  for (const run of planRuns(protocol)) {
    const m = byCell.get(`${run.row}|${run.method}`);
    if (!m) continue;
    const scale = p.batch / m.batch;
    const couplingExponent = METHODS[run.method].coupling === 'sinkhorn' ? 2 : 2.5;
    const perStep = m.networkMsPerStep * scale + m.couplingMsPerStep * scale ** couplingExponent;
    const other = Math.max(0, m.trainMs / Math.max(1, m.stepsRun) - m.networkMsPerStep - m.couplingMsPerStep) * scale;
    total += (perStep + other) * run.steps + m.evalMs * (run.evalPoints / m.evalPoints) ** 3;
  }
  return total;
}

/** How far a protocol's results have got (runs matched by runKey, budget included): runs done of the plan, and the seeds whose every planned run is done. */
export function protocolProgress(
  protocol: ProtocolId,
  results: readonly RunSpec[],
): { runsDone: number; runsPlanned: number; seedsComplete: number[] } {
  const plan = planRuns(protocol);
  const done = new Set(results.map(runKey));
  const planned = plan.filter((r) => done.has(runKey(r)));
  const seedsComplete = PROTOCOLS[protocol].seeds.filter((s) => plan.filter((r) => r.seed === s).every((r) => done.has(runKey(r))));
  return { runsDone: planned.length, runsPlanned: plan.length, seedsComplete };
}
