/**
 * The typed message protocol between a page and a training session (worker or main-thread
 * fallback). Every command that can change what is being trained carries a generation number
 * `gen` chosen by the page; the session tags every event with the generation it was computed for,
 * and the page drops events whose generation is stale (e.g. a snapshot that was in flight when the
 * reader pressed reset).
 */
import type { BackendChoice } from '../../nn/backend.ts';
import type { BackendName } from '../../nn/backend-names.ts';
import type { ExportedWeights } from '../../nn/mlp.ts';
import type { TrainSettings } from './settings.ts';

export type Command =
  | { type: 'init'; gen: number; settings: TrainSettings; drawn?: DrawnPoints; force?: BackendName; remembered?: string | null }
  /** Starts (or resumes) continuous training. */
  | { type: 'start'; gen: number }
  | { type: 'pause'; gen: number }
  /** Trains exactly `n` steps, then posts a snapshot (works while paused). */
  | { type: 'step'; gen: number; n: number }
  /** Rebuilds network, optimiser and data with new settings (fresh weights), paused. */
  | { type: 'reset'; gen: number; settings: TrainSettings; drawn?: DrawnPoints }
  /** Settings that apply without a reset (learning rate, weight decay, sampling and view settings). */
  | { type: 'update'; gen: number; settings: TrainSettings }
  /** Posts a snapshot now (e.g. after the view changed). */
  | { type: 'sample'; gen: number }
  | { type: 'export'; gen: number }
  /** Replaces the network's weights with saved ones (same architecture), paused; posts a snapshot. */
  | { type: 'import'; gen: number; weights: ExportedWeights }
  | { type: 'dispose' };

/** Reader-drawn points (flat x,y pairs) that can replace the source or the target dataset. */
export interface DrawnPoints {
  source?: Float64Array;
  target?: Float64Array;
}

export interface Snapshot {
  type: 'snapshot';
  gen: number;
  step: number;
  running: boolean;
  /** Loss history, decimated to at most ~400 points: steps and values. */
  lossSteps: Float32Array;
  lossValues: Float32Array;
  /** Generated samples x₁ ≈ ψ₁(x₀), flat pairs, from the learned (or closed-form) field. */
  samples: Float32Array;
  /** Source points the samples started from (flat pairs), same order as `samples`. */
  starts: Float32Array;
  /** `trajectoryCount` paths of `trajectoryLength` points each, flat pairs, path-major. */
  trajectories: Float32Array;
  trajectoryCount: number;
  trajectoryLength: number;
  /** Velocity at t = fieldTime on a G×G grid over `fieldExtent` (flat vx,vy, row-major in y then x). */
  field: Float32Array;
  fieldSize: number;
  fieldTime: number;
  fieldExtent: [number, number, number, number];
  /** Which field produced samples/trajectories/field: the network or the closed form. */
  fieldSource: 'network' | 'closed-form';
  /** Training throughput over the last interval, and sampling wall time (ms). */
  stepsPerSecond: number;
  /** Workers building batches now (0: the training thread builds them). */
  builders: number;
  sampleMs: number;
  nfe: number;
}

export type SessionEvent =
  | {
      type: 'ready';
      gen: number;
      backend: BackendChoice;
      parameters: number;
      where: 'worker' | 'main-thread';
      /** Workers building batches (batch-pool.ts); 0 when the training thread builds them itself. */
      builders: number;
    }
  | Snapshot
  | { type: 'diverged'; gen: number; step: number; reason: string }
  | { type: 'error'; gen: number; message: string }
  | { type: 'weights'; gen: number; step: number; weights: ExportedWeights };

/** The ArrayBuffers of an event that can be transferred rather than copied. */
export function transferablesOf(ev: SessionEvent): ArrayBuffer[] {
  if (ev.type === 'snapshot') {
    return [ev.lossSteps, ev.lossValues, ev.samples, ev.starts, ev.trajectories, ev.field].map((a) => a.buffer as ArrayBuffer);
  }
  if (ev.type === 'weights') return [ev.weights.data.buffer as ArrayBuffer];
  return [];
}
