/**
 * Canvas drawing for the train-cfm widget: point clouds, trajectories and field arrows in data
 * coordinates mapped to a square canvas. Colours come from the theme palette at draw time.
 */
import type { Palette } from '../shared/palette.ts';

export type Extent = [number, number, number, number];

export interface View { ctx: CanvasRenderingContext2D; size: number; extent: Extent; pal: Palette }

/** Prepares a square canvas for crisp drawing at the device pixel ratio; returns its context. */
export function setupCanvas(canvas: HTMLCanvasElement): { ctx: CanvasRenderingContext2D; size: number } | null {
  const size = Math.max(120, Math.round(canvas.clientWidth || 320));
  const dpr = Math.min(3, globalThis.devicePixelRatio || 1);
  if (canvas.width !== Math.round(size * dpr)) {
    canvas.width = Math.round(size * dpr);
    canvas.height = Math.round(size * dpr);
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return { ctx, size };
}

export function toPx(v: View, x: number, y: number): [number, number] {
  const [x0, x1, y0, y1] = v.extent;
  return [((x - x0) / (x1 - x0)) * v.size, (1 - (y - y0) / (y1 - y0)) * v.size];
}

export function fromPx(size: number, extent: Extent, px: number, py: number): [number, number] {
  const [x0, x1, y0, y1] = extent;
  return [x0 + (px / size) * (x1 - x0), y0 + (1 - py / size) * (y1 - y0)];
}

export function clear(v: View): void {
  const { ctx, size, pal } = v;
  ctx.fillStyle = pal.bg;
  ctx.fillRect(0, 0, size, size);
  // light axes through the origin
  ctx.strokeStyle = pal.grid;
  ctx.lineWidth = 1;
  const [ox, oy] = toPx(v, 0, 0);
  ctx.beginPath();
  ctx.moveTo(0, oy); ctx.lineTo(size, oy);
  ctx.moveTo(ox, 0); ctx.lineTo(ox, size);
  ctx.stroke();
}

/**
 * Points as small squares (one path, one fill: much cheaper than arcs when a snapshot arrives
 * several times a second); `points` is flat (x, y) pairs.
 */
export function drawPoints(v: View, points: ArrayLike<number>, color: string, radius = 1.6, alpha = 0.7): void {
  const { ctx } = v;
  ctx.globalAlpha = alpha;
  ctx.fillStyle = color;
  ctx.beginPath();
  const w = 2 * radius;
  for (let i = 0; i + 1 < points.length; i += 2) {
    const [px, py] = toPx(v, points[i], points[i + 1]);
    ctx.rect(px - radius, py - radius, w, w);
  }
  ctx.fill();
  ctx.globalAlpha = 1;
}

/** `count` polylines of `length` points each (flat, path-major). */
export function drawTrajectories(v: View, traj: ArrayLike<number>, count: number, length: number, color: string): void {
  const { ctx } = v;
  ctx.strokeStyle = color;
  ctx.globalAlpha = 0.55;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let p = 0; p < count; p++) {
    for (let k = 0; k < length; k++) {
      const o = (p * length + k) * 2;
      const [px, py] = toPx(v, traj[o], traj[o + 1]);
      if (k === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py);
    }
  }
  ctx.stroke();
  ctx.globalAlpha = 1;
}

/**
 * Arrows of a velocity field sampled on a G×G grid (flat vx, vy; grid cell centres over `extent`).
 * Lengths are scaled so that the 90th-percentile speed spans about one grid cell, and capped at
 * 1.4 cells, so a few fast arrows (near a narrow target at t → 1) do not shrink all the others.
 * Returns the speed that maps to one cell.
 */
export function drawField(v: View, field: ArrayLike<number>, g: number, color: string): number {
  const { ctx, size } = v;
  const speeds: number[] = [];
  for (let i = 0; i + 1 < field.length; i += 2) {
    const s = Math.hypot(field[i], field[i + 1]);
    if (Number.isFinite(s)) speeds.push(s);
  }
  speeds.sort((a, b) => a - b);
  const ref = Math.max(1e-9, speeds[Math.floor(0.9 * (speeds.length - 1))] ?? 1);
  const [x0, x1] = v.extent;
  const cellData = (x1 - x0) / g;
  const scale = (0.9 * cellData) / ref;
  const maxLen = 1.4 * (size / g);
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = 1.2;
  const cellPx = size / g;
  for (let j = 0; j < g; j++) for (let i = 0; i < g; i++) {
    const o = (j * g + i) * 2;
    const vx = field[o], vy = field[o + 1];
    if (!Number.isFinite(vx) || !Number.isFinite(vy)) continue;
    const cx = (i + 0.5) * cellPx, cy = size - (j + 0.5) * cellPx;
    let dx = (vx * scale / cellData) * cellPx, dy = -(vy * scale / cellData) * cellPx;
    let len = Math.hypot(dx, dy);
    if (len > maxLen) { dx *= maxLen / len; dy *= maxLen / len; len = maxLen; }
    if (len < 0.5) continue;
    const sx = cx - dx / 2, sy = cy - dy / 2, ex = cx + dx / 2, ey = cy + dy / 2;
    ctx.beginPath();
    ctx.moveTo(sx, sy); ctx.lineTo(ex, ey);
    ctx.stroke();
    const head = Math.min(4, len * 0.4);
    const ux = dx / len, uy = dy / len;
    ctx.beginPath();
    ctx.moveTo(ex, ey);
    ctx.lineTo(ex - head * ux - head * 0.6 * uy, ey - head * uy + head * 0.6 * ux);
    ctx.lineTo(ex - head * ux + head * 0.6 * uy, ey - head * uy - head * 0.6 * ux);
    ctx.closePath();
    ctx.fill();
  }
  return ref;
}
