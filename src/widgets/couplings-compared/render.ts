/** Canvas drawing of one coupling panel (browser only; numbers come from compare.ts). */
import type { Palette } from '../../lib/viz/palette.ts';
import { linear, withAlpha, type Ctx2D } from '../../lib/viz/canvas.ts';
import type { Batch, PartialCouplingResult } from '../../lib/engine/couplings/compare.ts';

export interface Box {
  x: [number, number];
  y: [number, number];
}

/** A square box holding the source and target points with a margin. */
export function panelBox(b: Batch): Box {
  let m = 2;
  for (const arr of [b.src, b.tgt]) for (let i = 0; i < arr.length; i++) m = Math.max(m, Math.abs(arr[i]));
  m = Math.ceil(m * 1.1);
  return { x: [-m, m], y: [-m, m] };
}

export interface PanelInput {
  batch: Batch;
  box: Box;
  result: PartialCouplingResult | null;
  show: { lines: boolean; paths: boolean; samples: boolean };
}

/** The panel's data→pixel scales. */
function scales(box: Box, size: number) {
  return { sx: linear(box.x, [4, size - 4]), sy: linear(box.y, [size - 4, 4]) };
}

/**
 * `n` dots (centres from `at`) as one path filled once: a fill per dot made some 300 drawing
 * operations per panel.
 */
function dots(ctx: Ctx2D, n: number, r: number, at: (i: number) => [number, number]): void {
  ctx.beginPath();
  for (let i = 0; i < n; i++) {
    const [X, Y] = at(i);
    ctx.moveTo(X + r, Y);
    ctx.arc(X, Y, r, 0, 2 * Math.PI);
  }
  ctx.fill();
}

/**
 * Everything in a panel but the moving particles: frame, pairing lines, source and target points,
 * trajectories and k-step samples (or what is being computed). It changes with the results and the
 * options, not with t, so the panel keeps it as an image and the animation draws only the particles
 * over it (three whole panels a frame took 15–30 ms here, four times that on Lighthouse's phone).
 */
export function drawCouplingLayer(ctx: Ctx2D, size: number, pal: Palette, inp: PanelInput): void {
  const { sx, sy } = scales(inp.box, size);
  ctx.clearRect(0, 0, size, size);
  ctx.strokeStyle = pal.grid;
  ctx.lineWidth = 1;
  ctx.strokeRect(0.5, 0.5, size - 1, size - 1);
  const { src, tgt, n } = inp.batch;
  const r = inp.result;
  const trajectory = r?.trajectory;
  const kStep = r?.kStep;
  if (r && inp.show.lines) {
    ctx.strokeStyle = withAlpha(pal.muted, 0.45);
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let i = 0; i < n; i++) {
      ctx.moveTo(sx(r.lines.x0[2 * i]), sy(r.lines.x0[2 * i + 1]));
      ctx.lineTo(sx(r.lines.x1[2 * i]), sy(r.lines.x1[2 * i + 1]));
    }
    ctx.stroke();
  }
  ctx.fillStyle = withAlpha(pal.source, 0.8);
  dots(ctx, n, 2.5, (i) => [sx(src[2 * i]), sy(src[2 * i + 1])]);
  ctx.fillStyle = withAlpha(pal.target, 0.9);
  dots(ctx, n, 2.5, (i) => [sx(tgt[2 * i]), sy(tgt[2 * i + 1])]);
  if (trajectory && inp.show.paths) {
    ctx.strokeStyle = withAlpha(pal.path, 0.7);
    ctx.lineWidth = 1.2;
    ctx.beginPath();
    for (let i = 0; i < n; i++) {
      trajectory.forEach((snap, s) => {
        const X = sx(snap[2 * i]);
        const Y = sy(snap[2 * i + 1]);
        if (s === 0) ctx.moveTo(X, Y);
        else ctx.lineTo(X, Y);
      });
    }
    ctx.stroke();
  }
  if (kStep && inp.show.samples) {
    ctx.fillStyle = pal.model;
    ctx.strokeStyle = pal.bg;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let i = 0; i < n; i++) ctx.rect(sx(kStep[2 * i]) - 2.5, sy(kStep[2 * i + 1]) - 2.5, 5, 5);
    ctx.fill();
    ctx.stroke();
  }
  if (!trajectory) {
    ctx.fillStyle = pal.muted;
    ctx.font = '12px system-ui, sans-serif';
    ctx.fillText(r ? 'computing the flow…' : 'computing the plan…', 10, 18);
  }
}

/** The particles at time t (interpolated along the fine trajectories), once the flow is known and t < 1. */
export function drawParticles(ctx: Ctx2D, size: number, pal: Palette, inp: PanelInput, t: number): void {
  const snaps = inp.result?.trajectory;
  if (!snaps || t >= 1) return;
  const { sx, sy } = scales(inp.box, size);
  const pos = Math.max(0, Math.min(1, t)) * (snaps.length - 1);
  const s0 = Math.max(0, Math.min(snaps.length - 2, Math.floor(pos)));
  const f = pos - s0;
  const [a, b] = [snaps[s0], snaps[s0 + 1]];
  ctx.fillStyle = pal.fg;
  dots(ctx, inp.batch.n, 2.8, (i) => [sx((1 - f) * a[2 * i] + f * b[2 * i]), sy((1 - f) * a[2 * i + 1] + f * b[2 * i + 1])]);
}
