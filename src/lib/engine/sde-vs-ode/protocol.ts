/**
 * Messages between the SDE vs ODE widget and its engine (a Web Worker, or the main thread when no
 * worker can start). Every command that starts work carries the page's generation `gen`; a newer
 * command supersedes an older run, and the page drops events of older generations.
 */
import type { BackendChoice } from '../../nn/backend.ts';
import type { BackendName } from '../../nn/backend-names.ts';
import type { SweepPoint } from './trained.ts';

export interface RunRequest {
  seed: number;
  /** Total training steps the network should have had (a run continues a network of the same seed). */
  trainSteps: number;
  /** Euler–Maruyama steps of every sample (the fixed NFE of the sweep). */
  nfe: number;
  /** Noise levels of the sweep. */
  gs: number[];
  /** The sweep's second curve starts from 𝒩((shift, shift), I). */
  shift: number;
  /** The reader's g and starting points (flat pairs) for the paths shown in the view. */
  g: number;
  starts: Float64Array;
}

export type SdeCommand =
  | { type: 'init'; force?: BackendName; remembered?: string | null }
  | { type: 'run'; gen: number; request: RunRequest }
  /** Only the view's paths again (the reader moved g or NFE after training). */
  | { type: 'paths'; gen: number; request: RunRequest }
  | { type: 'dispose' };

/** Frames of the network's particles: `frames` × n points, flat pairs, frame-major. */
export interface NetworkPaths {
  g: number;
  nfe: number;
  n: number;
  frames: number;
  ode: Float32Array;
  sde: Float32Array;
}

export type SdeEvent =
  | { type: 'ready'; backend: BackendChoice; where: 'worker' | 'main-thread' }
  | { type: 'progress'; gen: number; step: number; total: number; loss: number }
  | { type: 'diverged'; gen: number; reason: string }
  | { type: 'point'; gen: number; point: SweepPoint }
  | { type: 'sweep'; gen: number; nfe: number; step: number; points: SweepPoint[]; floor: number; ms: number }
  | ({ type: 'paths'; gen: number } & NetworkPaths)
  | { type: 'error'; gen: number; message: string };

export function transferablesOf(ev: SdeEvent): ArrayBuffer[] {
  return ev.type === 'paths' ? [ev.ode.buffer as ArrayBuffer, ev.sde.buffer as ArrayBuffer] : [];
}
