/**
 * Typed messages between the playground page and its closed-form engine (a Web Worker, or the
 * same runner on the main thread). Every command that changes the scene carries a generation
 * `gen`; events carry the generation they were computed for and stale ones are dropped.
 */
import type { PlaygroundSettings } from './settings.ts';
import type { ProbePath } from './layers.ts';

export interface DrawnSets {
  source?: Float64Array;
  target?: Float64Array;
}

export type SceneCommand =
  | { type: 'hello' }
  /** Build the scene and flow the particles, then fill the layer frames over the time grid. */
  | { type: 'scene'; gen: number; settings: PlaygroundSettings; drawn: DrawnSets }
  /** Streamlines and probe paths at one time (for the current scene). */
  | { type: 'at'; gen: number; t: number; probe: [number, number] | null; streams: boolean }
  | { type: 'dispose' };

/** Times at which the density and arrow layers are precomputed (the view uses the nearest). */
export const LAYER_FRAMES = 41;
export const DENSITY_SIZE = 56;
export const ARROW_SIZE = 15;

export type SceneEvent =
  | { type: 'ready' }
  | {
      type: 'scene';
      gen: number;
      extent: [number, number, number, number];
      mode: 'gaussian' | 'pairs';
      pairs: number;
      notes: string[];
      /** The point sets the field was built on (n × 2). */
      source: Float64Array;
      target: Float64Array;
      tMin: number;
      tMax: number;
      times: Float64Array;
      /** All particle positions, frame-major: frame f, particle q at (f·m + q)·2. */
      frames: Float32Array;
      m: number;
      /** E‖x₁ − x₀‖² of the coupling, and the particles' path energy E ∫ ‖ẋ‖² dt (metrics.ts). */
      planCost: number;
      energy: number;
      ms: number;
    }
  /** Layer frame k of LAYER_FRAMES (time tMin + k·(tMax − tMin)/(LAYER_FRAMES − 1)). */
  | { type: 'layer'; gen: number; k: number; t: number; density: Float32Array; arrowsAt: Float32Array; arrows: Float32Array }
  | { type: 'at'; gen: number; t: number; streams: Float32Array[] | null; probe: { paths: ProbePath[]; shown: number } | null }
  | { type: 'error'; gen: number; message: string };
