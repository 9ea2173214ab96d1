/**
 * Runs the solver lab's closed-form computations on the page without blocking it: every solve goes
 * through the core's `integrateAsync` with the closed-form field wrapped so that, once a time slice
 * (a few ms) is used up, the next evaluation first yields to the event loop. The numbers are those of
 * the synchronous `integrate` (same steps, bit for bit); only the scheduling differs. A run is
 * cancelled by bumping the token: every await re-checks it, and a cancelled run reports nothing.
 */
import { integrateAsync, type AsyncVelocityFn, type IntegrateResult, type OdeMethod, type VelocityFn } from '../../lib/core/index.ts';
import { jobOptions, measureRun, referenceOptions, sweepJobs, type SweepJob, type SweepPoint } from '../../lib/core/solver-sweep.ts';
import { DIM } from '../../lib/engine/solver-lab/setting.ts';

export class Cancelled extends Error {}

/** A field that yields to the event loop whenever `sliceMs` of computing have passed. */
function slicedField(f: VelocityFn, isLive: () => boolean, sliceMs = 8): AsyncVelocityFn {
  let since = performance.now();
  return (x, t, out) => {
    if (!isLive()) throw new Cancelled();
    f(x, t, out);
    if (performance.now() - since < sliceMs) return;
    return new Promise<void>((resolve) => {
      setTimeout(() => {
        since = performance.now();
        resolve();
      }, 0);
    });
  };
}

export interface SweepInput {
  field: VelocityFn;
  starts: Float64Array;
  n: number;
  t0: number;
  t1: number;
}

/** The reference solve (with trajectories), sliced. */
export function solveReference(input: SweepInput, isLive: () => boolean): Promise<IntegrateResult> {
  return integrateAsync(slicedField(input.field, isLive), input.starts, referenceOptions(input.t0, input.t1, true));
}

/** One job with trajectories (the reader's run), sliced. */
export function solveJob(input: SweepInput, job: SweepJob, isLive: () => boolean): Promise<IntegrateResult> {
  return integrateAsync(slicedField(input.field, isLive), input.starts, jobOptions(job, input.t0, input.t1, true));
}

/** The sweep of every method against `reference`, reporting each method's curve as it grows. */
export async function runSweepSliced(
  input: SweepInput,
  reference: Float64Array,
  methods: readonly OdeMethod[],
  isLive: () => boolean,
  onPoint: (method: OdeMethod, points: SweepPoint[]) => void,
): Promise<void> {
  const f = slicedField(input.field, isLive);
  for (const method of methods) {
    const points: SweepPoint[] = [];
    for (const job of sweepJobs(method)) {
      const r = await integrateAsync(f, input.starts, jobOptions(job, input.t0, input.t1));
      if (!isLive()) throw new Cancelled();
      points.push(measureRun(job, r.x, r.nfe, reference, input.n, DIM));
      onPoint(method, points.slice());
    }
  }
}
