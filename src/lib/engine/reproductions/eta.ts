/**
 * Time left in a list of runs, TF-free: the run in training at its measured rate, then every later
 * run at the per-step time measured for its method so far (the coupling dominates the cost and
 * depends on the method: exact OT and Sinkhorn are many times slower per step than independent
 * pairs), or at the current run's rate for a method not measured yet. Evaluation is not included.
 */
import type { MethodId } from './table.ts';
import type { RunSpec } from './protocols.ts';

export class EtaModel {
  /** Milliseconds per step measured per method (last finished run of that method). */
  private readonly perStep = new Map<MethodId, number>();

  /** Records a finished run's training time. */
  record(run: Pick<RunSpec, 'method'>, trainMs: number, steps: number): void {
    if (steps > 0) this.perStep.set(run.method, trainMs / steps);
  }

  /** Milliseconds left: run `index` has done `step` steps at `stepsPerSecond`; the later runs follow. */
  remaining(runs: readonly RunSpec[], index: number, step: number, stepsPerSecond: number): { runMs: number; totalMs: number } {
    const current = stepsPerSecond > 0 ? 1000 / stepsPerSecond : 0;
    const runMs = Math.max(0, runs[index].steps - step) * current;
    let totalMs = runMs;
    for (let i = index + 1; i < runs.length; i++) {
      const perStep = this.perStep.get(runs[i].method) ?? (runs[i].method === runs[index].method ? current : (this.mean() ?? current));
      totalMs += runs[i].steps * perStep;
    }
    return { runMs, totalMs };
  }

  private mean(): number | null {
    if (this.perStep.size === 0) return null;
    let s = 0;
    for (const v of this.perStep.values()) s += v;
    return s / this.perStep.size;
  }
}
