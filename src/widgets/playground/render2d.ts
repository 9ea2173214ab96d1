/**
 * Draws the playground's plane (DOM canvas only; every number comes from the engine): density heat
 * map, the two point sets, trajectories, streamlines, field arrows, particles at time t and the
 * conditional paths through the probe with their posterior weights.
 *
 * While the scene plays, most of this does not move: the axes, the heat map of the nearest frame and
 * the two point sets change a few times a run, and the trajectories only grow. A `PlaneCache` keeps
 * those in two layers (src/lib/viz/layer-cache.ts): the background is drawn again only when what it
 * shows changes, and the trajectories get only their new segments; each frame then draws the
 * particles, streamlines, arrows and probe over the two copied layers.
 */
import { drawArrow, drawAxes, drawHeatmap, linear, withAlpha, type Scale, type Ctx2D } from '../../lib/viz/canvas.ts';
import type { Palette } from '../../lib/viz/palette.ts';
import { LayerCache } from '../../lib/viz/layer-cache.ts';
import type { ProbePath } from '../../lib/engine/playground/layers.ts';

export interface PlaneLayers {
  extent: [number, number, number, number];
  density: Float32Array | null;
  densitySize: number;
  source: ArrayLike<number> | null;
  target: ArrayLike<number> | null;
  /** Trajectories: `count` paths of `length` points, path-major, flat pairs (drawn up to `upTo` points). */
  trajectories: { data: Float32Array; count: number; length: number; upTo: number } | null;
  streams: Float32Array[] | null;
  arrows: { at: Float32Array; v: Float32Array } | null;
  particles: ArrayLike<number> | null;
  probe: { x: number; y: number; paths: ProbePath[] } | null;
  /** Reader-drawn points while drawing (shown on top). */
  drawing: { points: Float64Array; which: 'source' | 'target' } | null;
}

/** Room for the tick labels: left of the plot and below it. */
const PAD = { left: 30, right: 6, top: 6, bottom: 20 };

export function planeScales(size: number, extent: [number, number, number, number]): { sx: Scale; sy: Scale } {
  return {
    sx: linear([extent[0], extent[1]], [PAD.left, size - PAD.right]),
    sy: linear([extent[2], extent[3]], [size - PAD.bottom, PAD.top]),
  };
}

function dots(ctx: Ctx2D, pts: ArrayLike<number>, sx: Scale, sy: Scale, r: number): void {
  ctx.beginPath();
  for (let i = 0; i + 1 < pts.length; i += 2) {
    const x = sx(pts[i]);
    const y = sy(pts[i + 1]);
    ctx.moveTo(x + r, y);
    ctx.arc(x, y, r, 0, 2 * Math.PI);
  }
  ctx.fill();
}

/** The two layers kept between frames (one per canvas). */
export class PlaneCache {
  readonly background = new LayerCache();
  readonly trails = new LayerCache();
  /** How many points of each trajectory the trails layer holds. */
  trailsUpTo = 0;
}

/** Axes, heat map and the two point sets. */
function drawBackground(ctx: Ctx2D, size: number, pal: Palette, L: PlaneLayers, sx: Scale, sy: Scale): void {
  ctx.fillStyle = pal.bg;
  ctx.fillRect(0, 0, size, size);
  drawAxes(ctx, pal, sx, sy, { style: 'framed' });
  if (L.density) {
    const rect = { x: sx(L.extent[0]), y: sy(L.extent[3]), w: sx(L.extent[1]) - sx(L.extent[0]), h: sy(L.extent[2]) - sy(L.extent[3]) };
    drawHeatmap(ctx, L.density, L.densitySize, L.densitySize, rect, pal.accent, 1, 0.6);
  }
  if (L.source) {
    ctx.fillStyle = withAlpha(pal.source, 0.55);
    dots(ctx, L.source, sx, sy, 2);
  }
  if (L.target) {
    ctx.fillStyle = withAlpha(pal.target, 0.8);
    dots(ctx, L.target, sx, sy, 2.2);
  }
}

/** Opacity of the trajectories: the layer is stroked opaque and copied at this alpha, so crossings do not darken. */
const TRAIL_ALPHA = 0.35;

/** Segments from point `from` to point `to` (exclusive) of every trajectory, one opaque stroke. */
function strokeTrails(
  ctx: Ctx2D,
  pal: Palette,
  T: NonNullable<PlaneLayers['trajectories']>,
  from: number,
  to: number,
  sx: Scale,
  sy: Scale,
): void {
  const { data, count, length } = T;
  ctx.strokeStyle = pal.path;
  ctx.lineWidth = 0.8;
  ctx.beginPath();
  for (let q = 0; q < count; q++) {
    for (let f = from; f < to; f++) {
      const o = 2 * (q * length + f);
      if (f === from) ctx.moveTo(sx(data[o]), sy(data[o + 1]));
      else ctx.lineTo(sx(data[o]), sy(data[o + 1]));
    }
  }
  ctx.stroke();
}

/**
 * Draws the plane. `cache` keeps the background and trajectory layers between calls (pass the same
 * one every frame); without it, everything is drawn from scratch, with the same pixels.
 */
export function drawPlane(ctx: Ctx2D, size: number, pal: Palette, L: PlaneLayers, cache = new PlaneCache()): void {
  const { sx, sy } = planeScales(size, L.extent);
  const dpr = ctx.getTransform().a || 1;
  const place = [size, dpr, pal, ...L.extent];
  const bg = cache.background.layer([...place, L.density, L.source, L.target], size, size, dpr);
  if (bg?.fresh) drawBackground(bg.ctx, size, pal, L, sx, sy);
  if (bg) ctx.drawImage(bg.canvas, 0, 0, size, size);
  else drawBackground(ctx, size, pal, L, sx, sy);
  if (L.trajectories) {
    const T = L.trajectories;
    const upTo = Math.min(T.length, T.upTo);
    const layer = cache.trails.layer([...place, T.data, T.count, T.length], size, size, dpr);
    if (layer) {
      if (layer.fresh || upTo < cache.trailsUpTo) {
        if (!layer.fresh) layer.ctx.clearRect(0, 0, size, size);
        cache.trailsUpTo = 0;
      }
      // Continue from the last point drawn, so the new segments join the old ones.
      if (upTo > cache.trailsUpTo) strokeTrails(layer.ctx, pal, T, Math.max(0, cache.trailsUpTo - 1), upTo, sx, sy);
      cache.trailsUpTo = upTo;
    }
    ctx.globalAlpha = TRAIL_ALPHA;
    if (layer) ctx.drawImage(layer.canvas, 0, 0, size, size);
    else strokeTrails(ctx, pal, T, 0, upTo, sx, sy);
    ctx.globalAlpha = 1;
  }
  if (L.streams) {
    ctx.strokeStyle = withAlpha(pal.field, 0.55);
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (const l of L.streams) {
      ctx.moveTo(sx(l[0]), sy(l[1]));
      for (let i = 2; i + 1 < l.length; i += 2) ctx.lineTo(sx(l[i]), sy(l[i + 1]));
    }
    ctx.stroke();
  }
  if (L.arrows) {
    const { at, v } = L.arrows;
    let max = 0;
    for (let i = 0; i + 1 < v.length; i += 2) max = Math.max(max, Math.hypot(v[i], v[i + 1]));
    const cell = (size - PAD.left - PAD.right) / Math.sqrt(at.length / 2);
    const k = max > 0 ? (0.9 * cell) / max : 0;
    ctx.strokeStyle = pal.field;
    ctx.fillStyle = pal.field;
    ctx.lineWidth = 1.1;
    for (let i = 0; i + 1 < at.length; i += 2) {
      const x = sx(at[i]);
      const y = sy(at[i + 1]);
      drawArrow(ctx, x, y, x + k * v[i], y - k * v[i + 1], 4);
    }
  }
  if (L.particles) {
    ctx.fillStyle = withAlpha(pal.model, 0.85);
    dots(ctx, L.particles, sx, sy, 1.8);
  }
  if (L.probe) {
    const { x, y, paths } = L.probe;
    ctx.lineWidth = 2;
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'bottom';
    for (const p of paths) {
      ctx.strokeStyle = withAlpha(pal.fg, 0.15 + 0.85 * p.weight);
      ctx.beginPath();
      for (let i = 0; i + 1 < p.points.length; i += 2) {
        if (i === 0) ctx.moveTo(sx(p.points[i]), sy(p.points[i + 1]));
        else ctx.lineTo(sx(p.points[i]), sy(p.points[i + 1]));
      }
      ctx.stroke();
      if (p.weight >= 0.02) {
        ctx.fillStyle = pal.fg;
        ctx.fillText(p.weight.toFixed(2), sx(p.x1[0]) + 4, sy(p.x1[1]) - 2);
      }
    }
    ctx.strokeStyle = pal.fg;
    ctx.fillStyle = pal.bg;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(sx(x), sy(y), 6, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }
  if (L.drawing) {
    ctx.fillStyle = L.drawing.which === 'source' ? pal.source : pal.target;
    dots(ctx, L.drawing.points, sx, sy, 2.4);
  }
}
