/** Canvas drawing of the un-mixing widget (numbers come from unmix.ts). */
import type { Palette } from '../../lib/viz/palette.ts';
import { linear, withAlpha, type Ctx2D } from '../../lib/viz/canvas.ts';
import type { TwoBlobs } from '../../lib/core/index.ts';
import type { UnmixingResult } from './unmix.ts';

export const BOX = 3.2;

export interface UnmixingDrawing {
  ex: TwoBlobs;
  plan: Float64Array;
  start: Float64Array;
  m: number;
  result: UnmixingResult | null;
  show: { pairs: boolean; paths: boolean };
  /** Time of the particles drawn as dots (along the kept trajectory points). */
  t: number;
  /** What the plot says while it has no result ("computing…", "no network yet"). */
  waiting: string;
}

export function drawUnmixing(ctx: Ctx2D, size: number, pal: Palette, d: UnmixingDrawing): void {
  const sx = linear([-BOX, BOX], [4, size - 4]);
  const sy = linear([-BOX, BOX], [size - 4, 4]);
  ctx.clearRect(0, 0, size, size);
  ctx.strokeStyle = pal.grid;
  ctx.lineWidth = 1;
  ctx.strokeRect(0.5, 0.5, size - 1, size - 1);
  // The line x = 0 that separates the sides.
  ctx.setLineDash([4, 4]);
  ctx.beginPath();
  ctx.moveTo(sx(0), 4);
  ctx.lineTo(sx(0), size - 4);
  ctx.stroke();
  ctx.setLineDash([]);
  const { ex, plan } = d;
  const n = ex.n;
  if (d.show.pairs) {
    let pmax = 0;
    for (const p of plan) pmax = Math.max(pmax, p);
    ctx.lineWidth = 1;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const a = plan[i * n + j] / (pmax || 1);
        if (a < 0.02) continue;
        ctx.strokeStyle = withAlpha(pal.muted, 0.25 * a);
        ctx.beginPath();
        ctx.moveTo(sx(ex.src[2 * i]), sy(ex.src[2 * i + 1]));
        ctx.lineTo(sx(ex.tgt[2 * j]), sy(ex.tgt[2 * j + 1]));
        ctx.stroke();
      }
  }
  const colour = (q: number) => (d.start[2 * q] < 0 ? pal.path : pal.model);
  const r = d.result;
  if (r && d.show.paths) {
    ctx.lineWidth = 1;
    for (let q = 0; q < d.m; q++) {
      ctx.strokeStyle = withAlpha(colour(q), 0.45);
      ctx.beginPath();
      r.trajectory.forEach((snap, s) => {
        if (s === 0) ctx.moveTo(sx(snap[2 * q]), sy(snap[2 * q + 1]));
        else ctx.lineTo(sx(snap[2 * q]), sy(snap[2 * q + 1]));
      });
      ctx.stroke();
    }
  }
  const dot = (x: number, y: number, rad: number) => {
    ctx.beginPath();
    ctx.arc(sx(x), sy(y), rad, 0, 2 * Math.PI);
    ctx.fill();
  };
  ctx.fillStyle = pal.source;
  for (let i = 0; i < n; i++) dot(ex.src[2 * i], ex.src[2 * i + 1], 3);
  ctx.fillStyle = pal.target;
  for (let i = 0; i < n; i++) dot(ex.tgt[2 * i], ex.tgt[2 * i + 1], 3);
  if (r) {
    const snaps = r.trajectory;
    const pos = Math.max(0, Math.min(1, d.t)) * (snaps.length - 1);
    const s0 = Math.max(0, Math.min(snaps.length - 2, Math.floor(pos)));
    const f = pos - s0;
    ctx.strokeStyle = pal.bg;
    for (let q = 0; q < d.m; q++) {
      ctx.fillStyle = colour(q);
      const x = (1 - f) * snaps[s0][2 * q] + f * snaps[s0 + 1][2 * q];
      const y = (1 - f) * snaps[s0][2 * q + 1] + f * snaps[s0 + 1][2 * q + 1];
      ctx.beginPath();
      ctx.arc(sx(x), sy(y), 2.6, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    }
    // The targets again, as rings on top, so the particles that land on them do not hide them.
    ctx.strokeStyle = pal.target;
    ctx.lineWidth = 1.5;
    for (let i = 0; i < n; i++) {
      ctx.beginPath();
      ctx.arc(sx(ex.tgt[2 * i]), sy(ex.tgt[2 * i + 1]), 4, 0, 2 * Math.PI);
      ctx.stroke();
    }
  } else {
    ctx.fillStyle = pal.muted;
    ctx.font = '12px system-ui, sans-serif';
    ctx.fillText(d.waiting, 10, 18);
  }
}
