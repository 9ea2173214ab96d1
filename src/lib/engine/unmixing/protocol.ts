/**
 * Messages between the un-mixing widget and its training engine: `init` chooses the backend once
 * (then `ready`), each `train` trains one network with CFM on the pairs of a coupling plan (the
 * two-blob example of chapter 6) and ends with its weights. `gen` tags a run; the page drops events
 * of older runs.
 */
import type { BackendChoice } from '../../nn/backend.ts';
import type { BackendName } from '../../nn/backend-names.ts';
import type { ExportedWeights } from '../../nn/mlp.ts';

export interface PlanTraining {
  /** Source and target points (n × 2 each) and the plan (n × n, rows sources). */
  src: Float64Array;
  tgt: Float64Array;
  n: number;
  plan: Float64Array;
  /** Width of the I-CFM path. */
  sigma: number;
  steps: number;
  seed: number;
}

export type UnmixingCommand =
  | { type: 'init'; gen: number; force?: BackendName; remembered?: string | null }
  | { type: 'train'; gen: number; job: PlanTraining }
  | { type: 'dispose' };

export type UnmixingEvent =
  | { type: 'ready'; gen: number; backend: BackendChoice }
  | { type: 'progress'; gen: number; step: number; loss: number }
  | { type: 'weights'; gen: number; step: number; weights: ExportedWeights }
  | { type: 'error'; gen: number; message: string };
