/**
 * Splitting a reproduction protocol across processes, machines or sessions (scripts/experiment.ts):
 * `--shard i/N` takes every N-th run starting at the i-th, `--resume` skips the runs an earlier,
 * interrupted output file already holds, and `--merge` joins shard files into one result set
 * (each run once). A run is identified by everything that determines its numbers.
 */
import type { RunSpec } from './protocols.ts';

/** The identity of a run: row, method, seed and budget. */
export function runKey(r: RunSpec): string {
  return [r.row, r.method, r.seed, r.steps, r.batch, r.evalPoints, r.eulerSteps].join('|');
}

/** Parses "i/N" (1 ≤ i ≤ N); null with a message for anything else. */
export function parseShard(raw: string): { index: number; count: number } | { problem: string } {
  const m = /^(\d+)\/(\d+)$/.exec(raw.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) return { problem: `--shard takes i/N with 1 ≤ i ≤ N (got “${raw}”)` };
  return { index, count };
}

/** Shard i of N: runs i − 1, i − 1 + N, i − 1 + 2N, … of the plan (so every shard gets every row and method). */
export function shardOf<T>(runs: readonly T[], index: number, count: number): T[] {
  return runs.filter((_, k) => k % count === index - 1);
}

/** The planned runs not yet among `done` (matched by runKey). */
export function remaining<T extends RunSpec>(runs: readonly T[], done: readonly RunSpec[]): T[] {
  const have = new Set(done.map(runKey));
  return runs.filter((r) => !have.has(runKey(r)));
}

/** The results of several files, each run once (the first file that has it wins), in plan order when a plan is given. */
export function mergeRuns<T extends RunSpec>(files: readonly (readonly T[])[], plan?: readonly RunSpec[]): T[] {
  const byKey = new Map<string, T>();
  for (const f of files) for (const r of f) if (!byKey.has(runKey(r))) byKey.set(runKey(r), r);
  if (!plan) return [...byKey.values()];
  const order = new Map(plan.map((r, k) => [runKey(r), k]));
  return [...byKey.values()].sort((a, b) => (order.get(runKey(a)) ?? Infinity) - (order.get(runKey(b)) ?? Infinity));
}

/** When the runs of several reports took place: the earliest start and the latest finish (ISO times sort as strings). */
export function spanOf(reports: readonly { started?: string; finished?: string }[]): { started?: string; finished?: string } {
  const starts = reports.flatMap((r) => (r.started ? [r.started] : [])).sort();
  const ends = reports.flatMap((r) => (r.finished ? [r.finished] : [])).sort();
  return { started: starts[0], finished: ends.at(-1) };
}
