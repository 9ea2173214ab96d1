/**
 * Typed messages between the SDE vs ODE widget and its stage (the drawing of the animated panels:
 * stage.ts), in the stage worker or on the page. The page sends the run's frames as they arrive
 * (a new run first), the network's paths, and a view to draw at every animation frame; the worker
 * answers each drawing it made (the last of the views that queued while it drew).
 */
import type { NetworkPaths } from '../../lib/engine/sde-vs-ode/protocol.ts';
import type { StageView } from './stage.ts';

export type StageCommand =
  /** The page's canvases, handed to the worker once (`transferControlToOffscreen`). */
  | { type: 'canvases'; ode: OffscreenCanvas; sde: OffscreenCanvas; marg?: OffscreenCanvas; dist?: OffscreenCanvas }
  /** A new closed-form run of `total` frames of `n` particles: its frames follow. */
  | { type: 'run'; id: number; total: number; n: number }
  /** Frames `first`, `first + 1`, … of both clouds of run `id` (n × 2 each). */
  | { type: 'frames'; id: number; first: number; ode: Float64Array[]; sde: Float64Array[] }
  /** The trained network's paths (null: none yet, or the network was reset). */
  | { type: 'network'; paths: NetworkPaths | null }
  | { type: 'draw'; view: StageView };

/** What the stage itself handles (the worker takes the canvases). */
export type StageDataCommand = Exclude<StageCommand, { type: 'canvases' }>;

export type StageEvent =
  /** A drawing is done: the time it showed and whose frames. */
  | { type: 'drawn'; t: number; field: StageView['field'] }
  /** A command came before the canvases, or a drawing threw. */
  | { type: 'error'; message: string };
