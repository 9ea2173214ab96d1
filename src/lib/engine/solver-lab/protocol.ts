/**
 * Typed messages between the solver lab and its engine (worker or main-thread fallback). As in the
 * train engine, commands carry the page's generation `gen`, events are tagged with the generation
 * they were computed for, and the page drops stale ones.
 */
import type { OdeMethod } from '../../core/index.ts';
import type { SweepPoint } from '../../core/solver-sweep.ts';
import type { BackendChoice } from '../../nn/backend.ts';
import type { BackendName } from '../../nn/backend-names.ts';
import type { TrainedField, TrainSpec } from './fields.ts';
import type { RunView } from './setting.ts';

export type LabCommand =
  | { type: 'init'; gen: number; force?: BackendName; remembered?: string | null }
  /** Trains the three fields one after the other and sweeps each as soon as it is trained. */
  | { type: 'train'; gen: number; spec: TrainSpec }
  /** One solve of a trained field with the reader's solver and budget, beside its reference. */
  | { type: 'run'; gen: number; field: TrainedField; method: OdeMethod; steps: number; tolLog: number }
  /** Off-screen: training and sweeps wait between chunks until `resume`. */
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'dispose' };

export type LabEvent =
  | { type: 'ready'; gen: number; backend: BackendChoice; where: 'worker' | 'main-thread' }
  | { type: 'progress'; gen: number; field: TrainedField; step: number; total: number; loss: number | null; phase: 'training' | 'sweeping' }
  | {
      type: 'sweep';
      gen: number;
      field: TrainedField;
      curves: Record<OdeMethod, SweepPoint[]>;
      /** NFE of the reference solve; W₂ of its endpoints to fresh data (the network's own error). */
      referenceNfe: number;
      w2Data: number;
      ms: number;
    }
  | { type: 'run'; gen: number; field: TrainedField; view: RunView }
  | { type: 'error'; gen: number; message: string };

export function labTransferables(ev: LabEvent): ArrayBuffer[] {
  if (ev.type !== 'run') return [];
  const v = ev.view;
  return [v.run.xy, v.reference.xy, v.end, v.refEnd].map((a) => a.buffer as ArrayBuffer);
}
