/**
 * Typed messages between the SDE vs ODE widget and its closed-form engine (a TF-free Web Worker
 * running PairedSimulation, or the same runner on the page when no worker starts). A new simulation
 * is a new generation; events carry the generation they belong to and the page drops stale ones.
 */
import type { Checkpoint, PairedSpec } from './paired.ts';

export type PairedCommand =
  | { type: 'init'; gen: number }
  /** A new run of both clouds (it supersedes the running one). */
  | { type: 'simulate'; gen: number; spec: PairedSpec }
  /** The figures at frame `step` of the run `gen` (answered once that frame exists). */
  | { type: 'metrics'; gen: number; step: number }
  /** Off-screen: the run waits between slices until `resume`. */
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'dispose' };

export type PairedEvent =
  | { type: 'ready' }
  /**
   * Frames `first`, `first + 1`, … of both clouds (n × 2 each) and the checkpoints recorded since
   * the last event; `finished` when every step is taken and every checkpoint recorded.
   */
  | { type: 'frames'; gen: number; first: number; ode: Float64Array[]; sde: Float64Array[]; checkpoints: Checkpoint[]; finished: boolean }
  | { type: 'metrics'; gen: number; checkpoint: Checkpoint }
  | { type: 'error'; gen: number; message: string };

/** The buffers of an event that can move to the page instead of being copied (fresh copies). */
export function pairedTransferables(ev: PairedEvent): ArrayBuffer[] {
  if (ev.type !== 'frames') return [];
  return [...ev.ode, ...ev.sde].map((a) => a.buffer as ArrayBuffer);
}
