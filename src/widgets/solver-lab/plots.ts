/**
 * Drawing of the solver lab (canvas, CSS pixels): the log–log plot of a measure against NFE, one
 * curve per solver (or per field), with the fitted slopes in the legend and the reader's run marked;
 * and the trajectories of a run over the reference's. No math beyond scales lives here.
 */
import type { Palette } from '../../lib/viz/palette.ts';
import { withAlpha, type Ctx2D } from '../../lib/viz/canvas.ts';
import type { Trajectories } from '../../lib/engine/solver-lab/setting.ts';

export interface Curve {
  key: string;
  label: string;
  /** (NFE, value) pairs, increasing NFE. */
  x: number[];
  y: number[];
  /** Fitted slope shown in the legend (null: none). */
  slope: number | null;
  colour: string;
  marker: number;
  emphasised: boolean;
}

const SUP: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};
const pow10 = (e: number) => `10${String(e).replace(/./g, (c) => SUP[c] ?? c)}`;

/** Solver colours: the palette's Okabe–Ito hues plus the foreground for the fifth. */
export function seriesColours(pal: Palette): string[] {
  return [pal.source, pal.target, pal.model, pal.path, pal.fg];
}

function marker(ctx: Ctx2D, kind: number, x: number, y: number, r: number): void {
  ctx.beginPath();
  switch (kind % 5) {
    case 0:
      ctx.arc(x, y, r, 0, 2 * Math.PI);
      break;
    case 1:
      ctx.rect(x - r, y - r, 2 * r, 2 * r);
      break;
    case 2:
      ctx.moveTo(x, y - r * 1.2);
      ctx.lineTo(x + r * 1.1, y + r * 0.8);
      ctx.lineTo(x - r * 1.1, y + r * 0.8);
      ctx.closePath();
      break;
    case 3:
      ctx.moveTo(x, y - r * 1.3);
      ctx.lineTo(x + r * 1.3, y);
      ctx.lineTo(x, y + r * 1.3);
      ctx.lineTo(x - r * 1.3, y);
      ctx.closePath();
      break;
    default:
      ctx.moveTo(x - r, y - r);
      ctx.lineTo(x + r, y + r);
      ctx.moveTo(x + r, y - r);
      ctx.lineTo(x - r, y + r);
  }
}

interface LogLogOptions {
  width: number;
  height: number;
  yLabel: string;
  /** The reader's run: (NFE, value), drawn as a ring. */
  mark?: { x: number; y: number; colour: string } | null;
  /** A horizontal dashed line with its label (e.g. the trained field's own W₂ to the data). */
  level?: { y: number; label: string } | null;
  stale?: boolean;
}

/** Log–log axes with decade grid, the curves, the mark and a legend with slopes below the plot. */
export function drawLogLog(ctx: Ctx2D, pal: Palette, curves: Curve[], o: LogLogOptions): void {
  const ys = curves.flatMap((c) => c.y).filter((v) => v > 0 && Number.isFinite(v));
  if (o.mark && o.mark.y > 0) ys.push(o.mark.y);
  if (o.level && o.level.y > 0) ys.push(o.level.y);
  const xs = curves.flatMap((c) => c.x);
  const legendRows = Math.ceil(curves.length / (o.width >= 420 ? 3 : 2));
  const left = 44,
    right = o.width - 10,
    top = 22,
    bottom = o.height - 34 - legendRows * 16;
  const lx0 = Math.floor(Math.log10(Math.min(4, ...xs))),
    lx1 = Math.ceil(Math.log10(Math.max(16, ...xs)) * 4) / 4;
  const ly0 = ys.length ? Math.floor(Math.log10(Math.min(...ys))) : -6,
    ly1 = ys.length ? Math.ceil(Math.log10(Math.max(...ys))) : 0;
  const sx = (v: number) => left + ((Math.log10(v) - lx0) / (lx1 - lx0)) * (right - left);
  const sy = (v: number) => bottom - ((Math.log10(v) - ly0) / Math.max(1, ly1 - ly0)) * (bottom - top);
  ctx.save();
  ctx.font = '11px system-ui, sans-serif';
  ctx.lineWidth = 1;
  ctx.strokeStyle = pal.grid;
  ctx.fillStyle = pal.muted;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (let e = lx0; e <= lx1; e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (Math.log10(v) > lx1 + 1e-9) continue;
      const p = Math.round(sx(v)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(p, top);
      ctx.lineTo(p, bottom);
      ctx.stroke();
      // Narrow plots label the decades only (the 2 and 5 lines stay, unlabelled).
      if (m === 1 || right - left >= 380) ctx.fillText(String(v), p, bottom + 3);
    }
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  const every = Math.max(1, Math.ceil((ly1 - ly0) / Math.max(2, Math.floor((bottom - top) / 22))));
  for (let e = ly0; e <= ly1; e++) {
    const p = Math.round(sy(10 ** e)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(left, p);
    ctx.lineTo(right, p);
    ctx.stroke();
    if ((e - ly0) % every === 0) ctx.fillText(pow10(e), left - 4, p);
  }
  ctx.strokeStyle = pal.muted;
  ctx.strokeRect(left + 0.5, top + 0.5, right - left, bottom - top);
  ctx.fillStyle = pal.fg;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'bottom';
  ctx.fillText('NFE', right - 3, bottom - 3);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  // The axis label above the frame: inside it, the curves (which start at the top left, where the
  // errors are largest) ran under it.
  ctx.fillStyle = pal.fg;
  ctx.fillText(o.yLabel, left, 4);
  if (o.level && o.level.y > 0) {
    ctx.setLineDash([5, 4]);
    ctx.strokeStyle = pal.muted;
    const p = sy(o.level.y);
    ctx.beginPath();
    ctx.moveTo(left, p);
    ctx.lineTo(right, p);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = pal.muted;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'bottom';
    ctx.fillText(o.level.label, right - 3, p - 2);
  }
  ctx.globalAlpha = o.stale ? 0.45 : 1;
  for (const c of [...curves].sort((a, b) => Number(a.emphasised) - Number(b.emphasised))) {
    const alpha = c.emphasised ? 1 : 0.55;
    ctx.strokeStyle = withAlpha(c.colour, alpha);
    ctx.fillStyle = withAlpha(c.colour, alpha);
    ctx.lineWidth = c.emphasised ? 2.2 : 1.3;
    ctx.beginPath();
    let pen = false;
    for (let i = 0; i < c.x.length; i++) {
      if (!(c.y[i] > 0)) {
        pen = false;
        continue;
      }
      if (pen) ctx.lineTo(sx(c.x[i]), sy(c.y[i]));
      else ctx.moveTo(sx(c.x[i]), sy(c.y[i]));
      pen = true;
    }
    ctx.stroke();
    ctx.lineWidth = 1.2;
    for (let i = 0; i < c.x.length; i++) {
      if (!(c.y[i] > 0)) continue;
      marker(ctx, c.marker, sx(c.x[i]), sy(c.y[i]), c.emphasised ? 3.2 : 2.5);
      if (c.marker % 5 === 4) ctx.stroke();
      else ctx.fill();
    }
  }
  ctx.globalAlpha = 1;
  if (o.mark && o.mark.y > 0) {
    ctx.strokeStyle = o.mark.colour;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(sx(o.mark.x), sy(o.mark.y), 7, 0, 2 * Math.PI);
    ctx.stroke();
  }
  // Legend: marker, label, fitted slope.
  const cols = o.width >= 420 ? 3 : 2;
  const colW = (o.width - 12) / cols;
  ctx.font = '11.5px system-ui, sans-serif';
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  curves.forEach((c, i) => {
    const x = 8 + (i % cols) * colW,
      y = bottom + 26 + Math.floor(i / cols) * 16;
    ctx.fillStyle = c.colour;
    ctx.strokeStyle = c.colour;
    marker(ctx, c.marker, x + 4, y, 3);
    if (c.marker % 5 === 4) ctx.stroke();
    else ctx.fill();
    ctx.fillStyle = c.emphasised ? pal.fg : pal.muted;
    const slope = c.slope === null ? '' : ` ${c.slope.toFixed(2).replace('-', '−')}`;
    ctx.fillText(`${c.label}${slope}`, x + 12, y);
  });
  ctx.restore();
}

interface View {
  ctx: Ctx2D;
  size: number;
  extent: readonly [number, number, number, number];
}

const px = (v: View, x: number, y: number): [number, number] => {
  const [x0, x1, y0, y1] = v.extent;
  return [((x - x0) / (x1 - x0)) * v.size, v.size - ((y - y0) / (y1 - y0)) * v.size];
};

function polylines(v: View, tr: Trajectories, colour: string, width: number, dots: boolean): void {
  const { ctx } = v;
  ctx.strokeStyle = colour;
  ctx.fillStyle = colour;
  ctx.lineWidth = width;
  for (let p = 0; p < tr.keep; p++) {
    ctx.beginPath();
    for (let f = 0; f < tr.frames; f++) {
      const i = (f * tr.keep + p) * 2;
      const [a, b] = px(v, tr.xy[i], tr.xy[i + 1]);
      if (f === 0) ctx.moveTo(a, b);
      else ctx.lineTo(a, b);
    }
    ctx.stroke();
    if (dots && tr.frames <= 64)
      for (let f = 1; f < tr.frames; f++) {
        const i = (f * tr.keep + p) * 2;
        const [a, b] = px(v, tr.xy[i], tr.xy[i + 1]);
        ctx.fillRect(a - 1.2, b - 1.2, 2.4, 2.4);
      }
  }
}

/** The data (faint), reference trajectories (grey), the run's (coloured, with step dots) and the misses. */
export function drawTrajectoryView(
  v: View,
  pal: Palette,
  data: ArrayLike<number> | null,
  reference: Trajectories | null,
  run: Trajectories | null,
  colour: string,
): void {
  const { ctx } = v;
  ctx.save();
  ctx.strokeStyle = pal.grid;
  ctx.lineWidth = 1;
  const [ox, oy] = px(v, 0, 0);
  ctx.beginPath();
  ctx.moveTo(0, oy);
  ctx.lineTo(v.size, oy);
  ctx.moveTo(ox, 0);
  ctx.lineTo(ox, v.size);
  ctx.stroke();
  if (data) {
    // A few data points (closed form) are drawn large; a sample of a data set small and faint.
    const many = data.length > 64;
    ctx.fillStyle = withAlpha(pal.target, many ? 0.45 : 0.8);
    for (let i = 0; i + 1 < data.length; i += 2) {
      const [a, b] = px(v, data[i], data[i + 1]);
      ctx.beginPath();
      ctx.arc(a, b, many ? 1.8 : 4, 0, 2 * Math.PI);
      ctx.fill();
    }
  }
  if (reference) polylines(v, reference, withAlpha(pal.muted, 0.55), 1, false);
  if (run) polylines(v, run, withAlpha(colour, 0.85), 1.3, true);
  if (reference && run && reference.keep === run.keep) {
    // The miss of each run endpoint: a segment to the reference endpoint, and the endpoints.
    const lr = (reference.frames - 1) * reference.keep * 2,
      lq = (run.frames - 1) * run.keep * 2;
    for (let p = 0; p < run.keep; p++) {
      const [a, b] = px(v, reference.xy[lr + 2 * p], reference.xy[lr + 2 * p + 1]);
      const [c, d] = px(v, run.xy[lq + 2 * p], run.xy[lq + 2 * p + 1]);
      ctx.strokeStyle = pal.fg;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(a, b);
      ctx.lineTo(c, d);
      ctx.stroke();
      ctx.fillStyle = pal.fg;
      ctx.fillRect(a - 1.5, b - 1.5, 3, 3);
      ctx.fillStyle = colour;
      ctx.beginPath();
      ctx.arc(c, d, 2.4, 0, 2 * Math.PI);
      ctx.fill();
    }
  }
  ctx.restore();
}
