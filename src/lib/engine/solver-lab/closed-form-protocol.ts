/**
 * Typed messages between the solver lab's closed-form state (page) and its closed-form engine (a
 * Web Worker without TF.js, or the same runner on the page when no worker starts). Commands carry
 * the page's generation `gen` (a new field is a new generation); events are tagged with the
 * generation they were computed for, and the page drops stale ones (engine/worker-client.ts).
 */
import type { OdeMethod } from '../../core/index.ts';
import type { SweepJob, SweepPoint } from '../../core/solver-sweep.ts';
import type { ClosedFormSpec, RunView } from './setting.ts';

export type ClosedFormCommand =
  | { type: 'init'; gen: number }
  /** A new field: its reference solve, the reader's run with `job`, then the sweep of every solver. */
  | { type: 'field'; gen: number; spec: ClosedFormSpec; job: SweepJob; jobKey: string }
  /** A new solver or budget for the field of `gen`: only the reader's run is solved again. */
  | { type: 'job'; gen: number; job: SweepJob; jobKey: string }
  /** Off-screen: unfinished work stops (the page sends the field again when it comes back). */
  | { type: 'cancel' }
  | { type: 'dispose' };

export type ClosedFormEvent =
  | { type: 'ready' }
  /** The reference solve (Dopri5 at the reference tolerance) is done, with this many evaluations. */
  | { type: 'reference'; gen: number; nfe: number }
  /** The reader's run for the job `jobKey` (a later job makes it stale on the page). */
  | { type: 'run'; gen: number; jobKey: string; view: RunView }
  /**
   * The sweep so far: every curve's points, `growing` the method being swept now. Posted at most
   * every `SWEEP_POST_MS` (closed-form-runner.ts), and once more with the last point.
   */
  | { type: 'sweep'; gen: number; curves: Partial<Record<OdeMethod, SweepPoint[]>>; growing: OdeMethod }
  /** The sweep is complete; it took `ms` (reference and first run not included). */
  | { type: 'done'; gen: number; ms: number }
  | { type: 'error'; gen: number; message: string };

/** The buffers of an event that can move to the page instead of being copied. */
export function closedFormTransferables(ev: ClosedFormEvent): ArrayBuffer[] {
  if (ev.type !== 'run') return [];
  const v = ev.view;
  return [v.run.xy, v.reference.xy, v.end, v.refEnd].map((a) => a.buffer as ArrayBuffer);
}
