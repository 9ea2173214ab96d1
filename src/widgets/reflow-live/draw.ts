/**
 * Drawing of the reflow-live panels on canvas: the independent pairs (round 0), and for each
 * trained round its accurate trajectories or its samples after k Euler steps, over the data. The
 * point the reader follows is drawn thick in every panel. Pure drawing: the numbers come from the
 * engine's round results and the core's evaluation set.
 */
import { fitCanvas, linear, withAlpha, type Scale, type Ctx2D } from '../../lib/viz/canvas.ts';
import type { Palette } from '../../lib/viz/palette.ts';

export type Extent = readonly [number, number, number, number];

export interface PanelView {
  ctx: Ctx2D;
  sx: Scale;
  sy: Scale;
  pal: Palette;
}

/**
 * A square panel of `size` CSS pixels showing `extent` (y up), at the pixel ratio `dpr`; null when the
 * canvas has no 2-D context.
 */
export function panel(canvas: HTMLCanvasElement, size: number, extent: Extent, pal: Palette, dpr: number): PanelView | null {
  const ctx = fitCanvas(canvas, size, size, dpr);
  if (!ctx) return null;
  const [x0, x1, y0, y1] = extent;
  const view = { ctx, sx: linear([x0, x1], [0, size]), sy: linear([y0, y1], [size, 0]), pal };
  ctx.strokeStyle = pal.grid;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(view.sx(0), 0);
  ctx.lineTo(view.sx(0), size);
  ctx.moveTo(0, view.sy(0));
  ctx.lineTo(size, view.sy(0));
  ctx.stroke();
  return view;
}

/** Data coordinates of a pointer position (CSS pixels within the canvas). */
export function toData(size: number, extent: Extent, px: number, py: number): [number, number] {
  const [x0, x1, y0, y1] = extent;
  return [x0 + (px / size) * (x1 - x0), y1 - (py / size) * (y1 - y0)];
}

export function points(v: PanelView, xy: ArrayLike<number>, color: string, r: number, alpha: number, count = xy.length / 2): void {
  const { ctx, sx, sy } = v;
  ctx.fillStyle = withAlpha(color, alpha);
  for (let i = 0; i < count; i++) {
    ctx.beginPath();
    ctx.arc(sx(xy[2 * i]), sy(xy[2 * i + 1]), r, 0, 2 * Math.PI);
    ctx.fill();
  }
}

/** Straight segments from a[i] to b[i] for the first `count` pairs. */
export function segments(
  v: PanelView,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  count: number,
  color: string,
  alpha: number,
  width = 0.8,
): void {
  const { ctx, sx, sy } = v;
  ctx.strokeStyle = withAlpha(color, alpha);
  ctx.lineWidth = width;
  ctx.beginPath();
  for (let i = 0; i < count; i++) {
    ctx.moveTo(sx(a[2 * i]), sy(a[2 * i + 1]));
    ctx.lineTo(sx(b[2 * i]), sy(b[2 * i + 1]));
  }
  ctx.stroke();
}

/** Path-major trajectories (count × length points); `only` draws just that one. */
export function trajectories(
  v: PanelView,
  flat: ArrayLike<number>,
  count: number,
  length: number,
  color: string,
  alpha: number,
  width = 0.9,
  only?: number,
): void {
  const { ctx, sx, sy } = v;
  ctx.strokeStyle = withAlpha(color, alpha);
  ctx.lineWidth = width;
  ctx.beginPath();
  for (let p = only ?? 0; p < (only === undefined ? count : only + 1); p++) {
    for (let k = 0; k < length; k++) {
      const i = (p * length + k) * 2;
      if (k === 0) ctx.moveTo(sx(flat[i]), sy(flat[i + 1]));
      else ctx.lineTo(sx(flat[i]), sy(flat[i + 1]));
    }
  }
  ctx.stroke();
}

/** A ring around one point (the followed source point or its end). */
export function ring(v: PanelView, x: number, y: number, color: string): void {
  const { ctx, sx, sy } = v;
  ctx.strokeStyle = color;
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.arc(sx(x), sy(y), 5, 0, 2 * Math.PI);
  ctx.stroke();
}

/** Index of the point among the first `count` nearest to (x, y). */
export function nearest(xy: ArrayLike<number>, count: number, x: number, y: number): number {
  let best = 0,
    bestD = Infinity;
  for (let i = 0; i < count; i++) {
    const d = (xy[2 * i] - x) ** 2 + (xy[2 * i + 1] - y) ** 2;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}
