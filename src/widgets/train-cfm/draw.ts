/**
 * Drawing for the train-cfm widget on the book's canvas helpers (src/lib/viz/canvas.ts): point
 * clouds, trajectories and field arrows in data coordinates on a square canvas. Colours come from
 * the theme palette the widget passes in.
 */
import { drawArrow, linear, type Scale, type Ctx2D } from '../../lib/viz/canvas.ts';
import type { Palette } from '../../lib/viz/palette.ts';

export type Extent = readonly [number, number, number, number];

/** A square canvas of `size` CSS pixels showing `extent`: scales both ways, context, palette. */
export interface View {
  ctx: Ctx2D;
  size: number;
  sx: Scale;
  sy: Scale;
  pal: Palette;
}

export function makeView(ctx: Ctx2D, size: number, extent: Extent, pal: Palette): View {
  const [x0, x1, y0, y1] = extent;
  return { ctx, size, sx: linear([x0, x1], [0, size]), sy: linear([y0, y1], [size, 0]), pal };
}

/** The data point under a pointer at (px, py) CSS pixels on a canvas of `size` showing `extent`. */
export function fromPx(size: number, extent: Extent, px: number, py: number): [number, number] {
  const [x0, x1, y0, y1] = extent;
  return [linear([0, size], [x0, x1])(px), linear([size, 0], [y0, y1])(py)];
}

/** Light axes through the origin. */
export function drawOriginAxes(v: View): void {
  const { ctx, size, sx, sy, pal } = v;
  ctx.strokeStyle = pal.grid;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(0, sy(0));
  ctx.lineTo(size, sy(0));
  ctx.moveTo(sx(0), 0);
  ctx.lineTo(sx(0), size);
  ctx.stroke();
}

/**
 * Points as small squares (one path, one fill: much cheaper than arcs when a snapshot arrives
 * several times a second); `points` is flat (x, y) pairs.
 */
export function drawPoints(v: View, points: ArrayLike<number>, color: string, radius = 1.6, alpha = 0.7): void {
  const { ctx, sx, sy } = v;
  ctx.globalAlpha = alpha;
  ctx.fillStyle = color;
  ctx.beginPath();
  const w = 2 * radius;
  for (let i = 0; i + 1 < points.length; i += 2) ctx.rect(sx(points[i]) - radius, sy(points[i + 1]) - radius, w, w);
  ctx.fill();
  ctx.globalAlpha = 1;
}

/** `count` polylines of `length` points each (flat, path-major). */
export function drawTrajectories(v: View, traj: ArrayLike<number>, count: number, length: number, color: string): void {
  const { ctx, sx, sy } = v;
  ctx.strokeStyle = color;
  ctx.globalAlpha = 0.55;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let p = 0; p < count; p++) {
    for (let k = 0; k < length; k++) {
      const o = (p * length + k) * 2;
      if (k === 0) ctx.moveTo(sx(traj[o]), sy(traj[o + 1]));
      else ctx.lineTo(sx(traj[o]), sy(traj[o + 1]));
    }
  }
  ctx.stroke();
  ctx.globalAlpha = 1;
}

/**
 * Arrows of a velocity field sampled at the centres of a g × g grid over the view (flat vx, vy,
 * row-major in y then x, as engine/train/view.ts lays it out). Lengths are scaled so that the
 * 90th-percentile speed spans about one grid cell, and capped at 1.4 cells, so a few fast arrows
 * (near a narrow target at t → 1) do not shrink all the others. An arrow near the frame is shortened
 * so that it and its head stay inside the canvas (a capped arrow in a corner cell would otherwise
 * reach 0.2 cells past the frame and lose its head).
 */
/** Pixels an arrow (and its head, 0.55 × 4 px to each side) keeps from the canvas edge. */
const EDGE = 3;

export function drawField(v: View, field: ArrayLike<number>, g: number, color: string): void {
  const { ctx, size, sx, sy } = v;
  const speeds: number[] = [];
  for (let i = 0; i + 1 < field.length; i += 2) {
    const s = Math.hypot(field[i], field[i + 1]);
    if (Number.isFinite(s)) speeds.push(s);
  }
  speeds.sort((a, b) => a - b);
  const ref = Math.max(1e-9, speeds[Math.floor(0.9 * (speeds.length - 1))] ?? 1);
  const cellPx = size / g;
  const pxPerSpeed = (0.9 * cellPx) / ref;
  const maxLen = 1.4 * cellPx;
  const [x0, x1] = sx.domain,
    [y0, y1] = sy.domain;
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = 1.2;
  for (let j = 0; j < g; j++)
    for (let i = 0; i < g; i++) {
      const o = (j * g + i) * 2;
      const vx = field[o],
        vy = field[o + 1];
      if (!Number.isFinite(vx) || !Number.isFinite(vy)) continue;
      const cx = sx(x0 + ((i + 0.5) / g) * (x1 - x0)),
        cy = sy(y0 + ((j + 0.5) / g) * (y1 - y0));
      let dx = vx * pxPerSpeed,
        dy = -vy * pxPerSpeed;
      const len = Math.hypot(dx, dy);
      if (len < 0.5) continue;
      // Longest allowed: the cap, and half-extents that keep both ends EDGE px inside the frame.
      const ux = Math.abs(dx) / len,
        uy = Math.abs(dy) / len;
      let room = Math.min(maxLen, len);
      if (ux > 1e-9) room = Math.min(room, (2 * (Math.min(cx, size - cx) - EDGE)) / ux);
      if (uy > 1e-9) room = Math.min(room, (2 * (Math.min(cy, size - cy) - EDGE)) / uy);
      if (room < 0.5) continue;
      dx *= room / len;
      dy *= room / len;
      drawArrow(ctx, cx - dx / 2, cy - dy / 2, cx + dx / 2, cy + dy / 2, 4);
    }
}
