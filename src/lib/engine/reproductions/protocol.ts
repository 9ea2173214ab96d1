/**
 * Typed messages between the page and a reproduction session (worker or main-thread fallback). A
 * session runs a list of runs (protocols.ts) in order. Every command after `init` carries the
 * page's generation `gen`; `restart` installs a new list and generation, and every event is tagged
 * with the generation it was computed for, so the page drops stale ones.
 */
import type { BackendChoice } from '../../nn/backend.ts';
import type { BackendName } from '../../nn/backend-names.ts';
import type { RunSpec } from './protocols.ts';
import type { RunResult } from './results.ts';

export type ReproCommand =
  | { type: 'init'; gen: number; runs: RunSpec[]; force?: BackendName; remembered?: string | null }
  /** Starts the runs, or resumes after a pause. */
  | { type: 'start'; gen: number }
  /** Pauses between two chunks of training (the run in training is kept). */
  | { type: 'pause'; gen: number }
  /** Drops the session and prepares these runs (paused until `start`). */
  | { type: 'restart'; gen: number; runs: RunSpec[] }
  | { type: 'dispose' };

export interface ReproProgress {
  type: 'progress';
  gen: number;
  /** Index of the run in training, its steps done and budget, the rate and the last chunk's loss. */
  index: number;
  step: number;
  steps: number;
  stepsPerSecond: number;
  loss: number;
  /** Estimated milliseconds left for this run and for all runs (eta.ts). */
  etaRunMs: number;
  etaTotalMs: number;
}

export type ReproEvent =
  | { type: 'ready'; gen: number; backend: BackendChoice; where: 'worker' | 'main-thread' }
  | ReproProgress
  | { type: 'result'; gen: number; index: number; result: RunResult }
  | { type: 'paused'; gen: number }
  | { type: 'done'; gen: number; totalMs: number }
  | { type: 'error'; gen: number; message: string };
