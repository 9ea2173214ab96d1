/**
 * Canvas drawing for the Theorem 1 explorer: the 1D space-time view and the 2D view.
 * Pure drawing from precomputed numbers (the math is in the core: theorem1-views.ts).
 */
import { placePointLabels } from '../../lib/viz/point-labels.ts';
import { conditionalPathThrough, timeGrid, type ConditionalPath, type PointExplanation } from '../../lib/core/index.ts';
import type { Palette } from '../../lib/viz/palette.ts';
import { drawArrow, drawHeatmap, linear, withAlpha, type Scale, type Ctx2D } from '../../lib/viz/canvas.ts';
import { clippedToPlot, drawSpaceTimeFrame } from '../../lib/viz/space-time.ts';

export interface SpaceTimeInput {
  path: ConditionalPath;
  targets: Float64Array;
  k: number;
  density: Float32Array;
  cols: number;
  rows: number;
  /** Marginal field on the arrow grid: arrowTimes × arrowXs values of u. */
  arrows: { ts: number[]; xs: number[]; u: Float64Array };
  probe: { t: number; x: number };
  explanation: PointExplanation | null;
  showPaths: boolean;
}

export function drawSpaceTime(ctx: Ctx2D, width: number, height: number, pal: Palette, inp: SpaceTimeInput): void {
  const { sx, sy } = drawSpaceTimeFrame(ctx, width, height, pal, { path: inp.path, values: inp.density, cols: inp.cols, rows: inp.rows });

  // Marginal field as short space-time arrows of direction (1, u_t(x)) (data units), fixed length.
  ctx.strokeStyle = withAlpha(pal.field, 0.75);
  ctx.fillStyle = withAlpha(pal.field, 0.75);
  ctx.lineWidth = 1;
  const { ts, xs, u } = inp.arrows;
  for (let i = 0; i < ts.length; i++) {
    for (let j = 0; j < xs.length; j++) {
      const v = u[i * xs.length + j];
      const px = sx(ts[i]);
      const py = sy(xs[j]);
      const dxp = sx(1) - sx(0);
      const dyp = sy(v) - sy(0);
      const len = Math.hypot(dxp, dyp) || 1;
      const L = 9;
      drawArrow(ctx, px - (dxp / len) * L * 0.5, py - (dyp / len) * L * 0.5, px + (dxp / len) * L * 0.5, py + (dyp / len) * L * 0.5, 3.5);
    }
  }

  // Targets at t = 1.
  ctx.fillStyle = pal.target;
  for (let i = 0; i < inp.k; i++) {
    ctx.beginPath();
    ctx.arc(sx(1), sy(inp.targets[i]), 4, 0, 2 * Math.PI);
    ctx.fill();
  }

  // Conditional paths through the probe, opacity by posterior weight.
  const e = inp.explanation;
  if (e && inp.showPaths) {
    const times = timeGrid(inp.path, 60);
    let wmax = 0;
    for (let i = 0; i < inp.k; i++) wmax = Math.max(wmax, e.weights[i]);
    clippedToPlot(ctx, width, height, () => {
      for (let i = 0; i < inp.k; i++) {
        const traj = conditionalPathThrough(inp.path, Float64Array.of(inp.probe.x), inp.probe.t, inp.targets.subarray(i, i + 1), 1, times);
        ctx.strokeStyle = withAlpha(pal.path, 0.12 + 0.88 * (e.weights[i] / (wmax || 1)));
        ctx.lineWidth = 1 + 2 * (e.weights[i] / (wmax || 1));
        ctx.beginPath();
        for (let s = 0; s < times.length; s++) {
          const px = sx(times[s]);
          const py = sy(Math.max(-50, Math.min(50, traj[s])));
          if (s === 0) ctx.moveTo(px, py);
          else ctx.lineTo(px, py);
        }
        ctx.stroke();
      }
    });
    // The marginal velocity at the probe as a tangent arrow.
    const u = e.closedForm[0];
    const dt = 0.12;
    ctx.strokeStyle = pal.fg;
    ctx.fillStyle = pal.fg;
    ctx.lineWidth = 2;
    drawArrow(ctx, sx(inp.probe.t), sy(inp.probe.x), sx(inp.probe.t + dt), sy(inp.probe.x + u * dt), 6);
  }
  // The probe.
  ctx.strokeStyle = pal.fg;
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.arc(sx(inp.probe.t), sy(inp.probe.x), 5, 0, 2 * Math.PI);
  ctx.stroke();
}

/** The background (including `numbered`, which drawPlaneBackground reads) plus the probe's explanation. */
export interface PlaneInput extends PlaneBackground {
  path: ConditionalPath;
  t: number;
  probe: [number, number];
  explanation: PointExplanation | null;
}

export function planeScales(size: number, box: { x: [number, number]; y: [number, number] }): { sx: Scale; sy: Scale } {
  const m = 8;
  return { sx: linear(box.x, [m, size - m]), sy: linear(box.y, [size - m, m]) };
}

/** What every 2D view draws under the probe: the density at t, the marginal field, the points. */
export interface PlaneBackground {
  box: { x: [number, number]; y: [number, number] };
  density: Float32Array;
  cols: number;
  rows: number;
  arrows: { pts: Float64Array; u: Float64Array; count: number };
  targets: Float64Array;
  n: number;
  /** Source points (plan mode), drawn in the source colour. */
  sources?: Float64Array;
  /** Number the targets 1…n (the posterior-weight bars under the plane carry the same numbers). */
  numbered?: boolean;
}

export function drawPlaneBackground(ctx: Ctx2D, size: number, pal: Palette, inp: PlaneBackground): { sx: Scale; sy: Scale } {
  const { sx, sy } = planeScales(size, inp.box);
  ctx.clearRect(0, 0, size, size);
  ctx.strokeStyle = pal.grid;
  ctx.strokeRect(sx(inp.box.x[0]), sy(inp.box.y[1]), sx(inp.box.x[1]) - sx(inp.box.x[0]), sy(inp.box.y[0]) - sy(inp.box.y[1]));
  drawHeatmap(
    ctx,
    inp.density,
    inp.cols,
    inp.rows,
    { x: sx(inp.box.x[0]), y: sy(inp.box.y[1]), w: sx(inp.box.x[1]) - sx(inp.box.x[0]), h: sy(inp.box.y[0]) - sy(inp.box.y[1]) },
    pal.accent,
    1,
    0.5,
  );

  // Marginal field arrows, length ∝ speed (capped).
  const { pts, u, count } = inp.arrows;
  let umax = 0;
  for (let i = 0; i < count; i++) umax = Math.max(umax, Math.hypot(u[2 * i], u[2 * i + 1]));
  const cell = (sx(inp.box.x[1]) - sx(inp.box.x[0])) / Math.sqrt(count);
  ctx.strokeStyle = withAlpha(pal.field, 0.7);
  ctx.fillStyle = withAlpha(pal.field, 0.7);
  ctx.lineWidth = 1;
  for (let i = 0; i < count; i++) {
    const px = sx(pts[2 * i]);
    const py = sy(pts[2 * i + 1]);
    const k = (0.8 * cell) / (umax || 1);
    drawArrow(ctx, px, py, px + u[2 * i] * k, py - u[2 * i + 1] * k, 3);
  }

  const dots = (xs: Float64Array, color: string) => {
    ctx.fillStyle = color;
    for (let i = 0; i < xs.length / 2; i++) {
      ctx.beginPath();
      ctx.arc(sx(xs[2 * i]), sy(xs[2 * i + 1]), 3.5, 0, 2 * Math.PI);
      ctx.fill();
    }
  };
  if (inp.sources) dots(inp.sources, pal.source);
  dots(inp.targets.subarray(0, 2 * inp.n), pal.target);
  if (inp.numbered) {
    ctx.font = '10px system-ui, sans-serif';
    ctx.fillStyle = pal.fg;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    const ids = Array.from({ length: inp.n }, (_, i) => String(i + 1));
    const boxes = placePointLabels(
      ids.map((_, i) => sx(inp.targets[2 * i])),
      ids.map((_, i) => sy(inp.targets[2 * i + 1])),
      ids.map((id) => ({ w: ctx.measureText(id).width, h: 10 })),
      4,
    );
    boxes.forEach((b, i) => ctx.fillText(ids[i], b.x, b.y));
  }
  return { sx, sy };
}

/** The probe ring, and the mean velocity with the closed form's ring at its tip (scaled by `scale` time units). */
export function drawProbe(
  ctx: Ctx2D,
  pal: Palette,
  sc: { sx: Scale; sy: Scale },
  probe: [number, number],
  mean: Float64Array | null,
  closed: Float64Array | null,
  scale: number,
): void {
  const { sx, sy } = sc;
  const [qx, qy] = probe;
  if (mean && closed) {
    ctx.strokeStyle = pal.fg;
    ctx.fillStyle = pal.fg;
    ctx.lineWidth = 2.5;
    drawArrow(ctx, sx(qx), sy(qy), sx(qx + scale * mean[0]), sy(qy + scale * mean[1]), 7);
    // Closed form: a ring at its tip (it sits on the mean arrow's tip when Theorem 1 holds).
    ctx.strokeStyle = pal.model;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(sx(qx + scale * closed[0]), sy(qy + scale * closed[1]), 6, 0, 2 * Math.PI);
    ctx.stroke();
  }
  ctx.strokeStyle = pal.fg;
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.arc(sx(qx), sy(qy), 5, 0, 2 * Math.PI);
  ctx.stroke();
}

export function drawPlane(ctx: Ctx2D, size: number, pal: Palette, inp: PlaneInput): void {
  const { sx, sy } = drawPlaneBackground(ctx, size, pal, inp);
  const e = inp.explanation;
  const [qx, qy] = inp.probe;
  if (e) {
    let wmax = 0;
    for (let i = 0; i < inp.n; i++) wmax = Math.max(wmax, e.weights[i]);
    const times = timeGrid(inp.path, 50);
    const probe = Float64Array.of(qx, qy);
    // Paths that leave the box (VE's wide ones) stop at its frame, as in the 1D view.
    ctx.save();
    ctx.beginPath();
    ctx.rect(sx(inp.box.x[0]), sy(inp.box.y[1]), sx(inp.box.x[1]) - sx(inp.box.x[0]), sy(inp.box.y[0]) - sy(inp.box.y[1]));
    ctx.clip();
    for (let i = 0; i < inp.n; i++) {
      const a = e.weights[i] / (wmax || 1);
      const traj = conditionalPathThrough(inp.path, probe, inp.t, inp.targets.subarray(2 * i, 2 * i + 2), 2, times);
      ctx.strokeStyle = withAlpha(pal.path, 0.08 + 0.8 * a);
      ctx.lineWidth = 1 + 1.5 * a;
      ctx.beginPath();
      for (let s = 0; s < times.length; s++) {
        const px = sx(traj[2 * s]);
        const py = sy(traj[2 * s + 1]);
        if (s === 0) ctx.moveTo(px, py);
        else ctx.lineTo(px, py);
      }
      ctx.stroke();
    }
    ctx.restore();
    // Conditional velocities at the probe (scaled by 0.25 time units), opacity by weight.
    const scale = 0.25;
    for (let i = 0; i < inp.n; i++) {
      const a = e.weights[i] / (wmax || 1);
      ctx.strokeStyle = withAlpha(pal.path, 0.15 + 0.85 * a);
      ctx.fillStyle = withAlpha(pal.path, 0.15 + 0.85 * a);
      ctx.lineWidth = 1.5;
      drawArrow(ctx, sx(qx), sy(qy), sx(qx + scale * e.conditional[2 * i]), sy(qy + scale * e.conditional[2 * i + 1]), 5);
    }
  }
  drawProbe(ctx, pal, { sx, sy }, inp.probe, e?.weightedMean ?? null, e?.closedForm ?? null, 0.25);
}
