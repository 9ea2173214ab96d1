/**
 * Draws the playground's plane (DOM canvas only; every number comes from the engine): density heat
 * map, the two point sets, trajectories, streamlines, field arrows, particles at time t and the
 * conditional paths through the probe with their posterior weights.
 */
import { drawArrow, drawAxes, drawHeatmap, linear, withAlpha, type Scale } from '../../lib/viz/canvas.ts';
import type { Palette } from '../../lib/viz/palette.ts';
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

function dots(ctx: CanvasRenderingContext2D, pts: ArrayLike<number>, sx: Scale, sy: Scale, r: number): void {
  ctx.beginPath();
  for (let i = 0; i + 1 < pts.length; i += 2) {
    const x = sx(pts[i]);
    const y = sy(pts[i + 1]);
    ctx.moveTo(x + r, y);
    ctx.arc(x, y, r, 0, 2 * Math.PI);
  }
  ctx.fill();
}

export function drawPlane(ctx: CanvasRenderingContext2D, size: number, pal: Palette, L: PlaneLayers): void {
  const { sx, sy } = planeScales(size, L.extent);
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
  if (L.trajectories) {
    const { data, count, length, upTo } = L.trajectories;
    ctx.strokeStyle = withAlpha(pal.path, 0.35);
    ctx.lineWidth = 0.8;
    ctx.beginPath();
    for (let q = 0; q < count; q++) {
      for (let f = 0; f < Math.min(length, upTo); f++) {
        const o = 2 * (q * length + f);
        if (f === 0) ctx.moveTo(sx(data[o]), sy(data[o + 1]));
        else ctx.lineTo(sx(data[o]), sy(data[o + 1]));
      }
    }
    ctx.stroke();
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
