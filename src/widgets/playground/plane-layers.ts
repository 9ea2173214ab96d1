/**
 * What the playground's plane shows at time t, from the widget's state: the density and arrow
 * layers of the nearest precomputed frame (or the trained network's field), trajectories up to t,
 * the particles (the network's own samples at the end of a trained run), the probe's conditional
 * paths, and the set being drawn. Pure: Widget.svelte's effect passes the result to drawPlane.
 */
import { DENSITY_SIZE, type SceneEvent } from '../../lib/engine/playground/protocol.ts';
import type { PlaygroundSettings } from '../../lib/engine/playground/settings.ts';
import { fieldGrid } from '../../lib/engine/train/view.ts';
import type { Snapshot } from '../../lib/engine/train/protocol.ts';
import type { Tool } from './drawing.ts';
import { nearestFrame, pathMajor, positionsAt, type Frames } from './frames.ts';
import type { PlaneLayers } from './render2d.ts';
import type { Which } from '../shared/url-points.ts';

type Scene = Extract<SceneEvent, { type: 'scene' }>;
type Layer = Extract<SceneEvent, { type: 'layer' }>;
type At = Extract<SceneEvent, { type: 'at' }>;

export interface PlaneState {
  v: PlaygroundSettings;
  extent: [number, number, number, number];
  scene: Scene | null;
  layerFrames: readonly (Layer | undefined)[];
  frames: Frames | null;
  at: At | null;
  snap: Snapshot | null;
  t: number;
  stroking: boolean;
  tool: Tool;
  which: Which;
  drawing: Float64Array | undefined;
}

export function planeLayers(s: PlaneState): PlaneLayers {
  const { v, scene, t } = s;
  const F = s.frames;
  let arrows: PlaneLayers['arrows'] = null;
  let density: Float32Array | null = null;
  if (scene) {
    const k = nearestFrame(s.layerFrames, t, scene.tMin, scene.tMax);
    const L = k >= 0 ? s.layerFrames[k] : undefined;
    if (v.density && L) density = L.density;
    if (v.arrows && v.field === 'network' && s.snap)
      arrows = { at: Float32Array.from(fieldGrid(s.snap.fieldExtent, s.snap.fieldSize)), v: s.snap.field };
    else if (v.arrows && L) arrows = { at: L.arrowsAt, v: L.arrows };
  }
  let trajectories: PlaneLayers['trajectories'] = null;
  if (v.trajectories && F) {
    const pm = pathMajor(F);
    const next = F.times.findIndex((x) => x > t + 1e-9);
    trajectories = { ...pm, upTo: next < 0 ? pm.length : next + 1 };
  }
  const sets = scene && !s.stroking;
  return {
    extent: s.extent,
    density,
    densitySize: DENSITY_SIZE,
    source: sets && scene?.mode === 'pairs' ? scene.source : null,
    target: sets ? (scene?.target ?? null) : null,
    trajectories,
    streams: v.streamlines ? (s.at?.streams ?? null) : null,
    arrows,
    particles:
      v.particlesOn && F ? (v.field === 'network' && s.snap && t >= (scene?.tMax ?? 1) - 1e-9 ? s.snap.samples : positionsAt(F, t)) : null,
    probe: v.probe && s.at?.probe ? { x: v.px, y: v.py, paths: s.at.probe.paths } : null,
    drawing: s.tool !== 'probe' && s.drawing ? { points: s.drawing, which: s.which } : null,
  };
}
