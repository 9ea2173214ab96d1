/**
 * Canvas drawing for the path explorer: (a) one conditional Gaussian path in space-time (mean
 * path, ±σ_t and ±2σ_t bands, conditional velocity arrows); (b) the marginal density with the
 * marginal field and ODE trajectories. Numbers come from path-math.ts / the core.
 */
import { timeGrid, type ConditionalPath } from '../../lib/core/index.ts';
import type { Palette } from '../../lib/viz/palette.ts';
import { drawArrow, withAlpha, type Ctx2D } from '../../lib/viz/canvas.ts';
import { clippedToPlot, drawSpaceTimeFrame, spaceTimeScales } from '../../lib/viz/space-time.ts';
import { conditionalBand, conditionalField } from './path-math.ts';

function arrowGrid(
  ctx: Ctx2D,
  w: number,
  h: number,
  ts: number[],
  xs: number[],
  u: (t: number, xs: Float64Array) => Float64Array,
  colour: string,
): void {
  const { sx, sy } = spaceTimeScales(w, h);
  ctx.strokeStyle = colour;
  ctx.fillStyle = colour;
  ctx.lineWidth = 1;
  const px1 = sx(1) - sx(0);
  for (const t of ts) {
    const v = u(t, Float64Array.from(xs));
    xs.forEach((x, j) => {
      const dyp = sy(v[j]) - sy(0);
      const len = Math.hypot(px1, dyp) || 1;
      const L = 9;
      const cx = sx(t);
      const cy = sy(x);
      drawArrow(ctx, cx - (px1 / len) * L * 0.5, cy - (dyp / len) * L * 0.5, cx + (px1 / len) * L * 0.5, cy + (dyp / len) * L * 0.5, 3.5);
    });
  }
}

export function arrowTimes(path: ConditionalPath, n = 11): number[] {
  return Array.from({ length: n }, (_, i) => path.tMin + ((path.tMax - path.tMin) * (i + 0.5)) / n);
}
const ARROW_XS = [-4, -3, -2, -1, 0, 1, 2, 3, 4];

export interface ConditionalInput {
  path: ConditionalPath;
  x0: number;
  x1: number;
  probe: { t: number; x: number };
}

export function drawConditional(ctx: Ctx2D, w: number, h: number, pal: Palette, inp: ConditionalInput): void {
  const { sx, sy } = drawSpaceTimeFrame(ctx, w, h, pal);
  const times = timeGrid(inp.path, 120);
  const bands = Array.from(times, (t) => conditionalBand(inp.path, inp.x0, inp.x1, t));
  const clampY = (v: number) => Math.max(-60, Math.min(60, v));
  clippedToPlot(ctx, w, h, () => {
    for (const [k, alpha] of [
      [2, 0.15],
      [1, 0.3],
    ] as const) {
      ctx.fillStyle = withAlpha(pal.path, alpha);
      ctx.beginPath();
      times.forEach((t, i) => {
        const p = [sx(t), sy(clampY(bands[i].mean + k * bands[i].std))] as const;
        if (i === 0) ctx.moveTo(...p);
        else ctx.lineTo(...p);
      });
      for (let i = times.length - 1; i >= 0; i--) ctx.lineTo(sx(times[i]), sy(clampY(bands[i].mean - k * bands[i].std)));
      ctx.closePath();
      ctx.fill();
    }
    ctx.strokeStyle = pal.path;
    ctx.lineWidth = 2;
    ctx.beginPath();
    times.forEach((t, i) => {
      const p = [sx(t), sy(clampY(bands[i].mean))] as const;
      if (i === 0) ctx.moveTo(...p);
      else ctx.lineTo(...p);
    });
    ctx.stroke();
  });
  arrowGrid(
    ctx,
    w,
    h,
    arrowTimes(inp.path),
    ARROW_XS,
    (t, xs) => conditionalField(inp.path, xs, t, inp.x0, inp.x1),
    withAlpha(pal.field, 0.75),
  );
  ctx.fillStyle = pal.target;
  ctx.beginPath();
  ctx.arc(sx(1), sy(inp.x1), 5, 0, 2 * Math.PI);
  ctx.fill();
  if (inp.path.sided === 'two') {
    ctx.fillStyle = pal.source;
    ctx.beginPath();
    ctx.arc(sx(0), sy(inp.x0), 5, 0, 2 * Math.PI);
    ctx.fill();
  }
  probeRing(ctx, sx(inp.probe.t), sy(inp.probe.x), pal);
}

export interface MarginalInput {
  path: ConditionalPath;
  targets: Float64Array;
  k: number;
  density: Float32Array;
  cols: number;
  rows: number;
  field: (t: number, xs: Float64Array) => Float64Array;
  trajectory: Float64Array[] | null;
  times: number[] | null;
  nTraj: number;
  probe: { t: number; x: number };
}

export function drawMarginal(ctx: Ctx2D, w: number, h: number, pal: Palette, inp: MarginalInput): void {
  const { sx, sy } = drawSpaceTimeFrame(ctx, w, h, pal, { path: inp.path, values: inp.density, cols: inp.cols, rows: inp.rows });
  arrowGrid(ctx, w, h, arrowTimes(inp.path), ARROW_XS, inp.field, withAlpha(pal.field, 0.6));
  const { trajectory, times } = inp;
  if (trajectory && times)
    clippedToPlot(ctx, w, h, () => {
      ctx.strokeStyle = withAlpha(pal.model, 0.9);
      ctx.lineWidth = 1.3;
      for (let i = 0; i < inp.nTraj; i++) {
        ctx.beginPath();
        trajectory.forEach((snap, s) => {
          const X = sx(times[s]);
          const Y = sy(Math.max(-60, Math.min(60, snap[i])));
          if (s === 0) ctx.moveTo(X, Y);
          else ctx.lineTo(X, Y);
        });
        ctx.stroke();
      }
    });
  ctx.fillStyle = pal.target;
  for (let i = 0; i < inp.k; i++) {
    ctx.beginPath();
    ctx.arc(sx(1), sy(inp.targets[i]), 4, 0, 2 * Math.PI);
    ctx.fill();
  }
  probeRing(ctx, sx(inp.probe.t), sy(inp.probe.x), pal);
}

function probeRing(ctx: Ctx2D, x: number, y: number, pal: Palette): void {
  ctx.strokeStyle = pal.fg;
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.arc(x, y, 5, 0, 2 * Math.PI);
  ctx.stroke();
}
