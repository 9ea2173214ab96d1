/** Canvas drawing of one coupling panel (browser only; numbers come from compare.ts). */
import type { Palette } from '../../lib/viz/palette.ts';
import { linear, withAlpha } from '../../lib/viz/canvas.ts';
import type { Batch, PartialCouplingResult } from './compare.ts';

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
  /** Time at which to draw the moving particles (interpolated along the fine trajectories). */
  t: number;
}

export function drawCouplingPanel(ctx: CanvasRenderingContext2D, size: number, pal: Palette, inp: PanelInput): void {
  const sx = linear(inp.box.x, [4, size - 4]);
  const sy = linear(inp.box.y, [size - 4, 4]);
  ctx.clearRect(0, 0, size, size);
  ctx.strokeStyle = pal.grid;
  ctx.lineWidth = 1;
  ctx.strokeRect(0.5, 0.5, size - 1, size - 1);
  const { src, tgt, n } = inp.batch;
  const dot = (x: number, y: number, r: number) => {
    ctx.beginPath();
    ctx.arc(sx(x), sy(y), r, 0, 2 * Math.PI);
    ctx.fill();
  };
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
  for (let i = 0; i < n; i++) dot(src[2 * i], src[2 * i + 1], 2.5);
  ctx.fillStyle = withAlpha(pal.target, 0.9);
  for (let i = 0; i < n; i++) dot(tgt[2 * i], tgt[2 * i + 1], 2.5);
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
    for (let i = 0; i < n; i++) {
      ctx.beginPath();
      ctx.rect(sx(kStep[2 * i]) - 2.5, sy(kStep[2 * i + 1]) - 2.5, 5, 5);
      ctx.fill();
      ctx.stroke();
    }
  }
  if (trajectory && inp.t < 1) {
    const snaps = trajectory;
    const pos = Math.max(0, Math.min(1, inp.t)) * (snaps.length - 1);
    const s0 = Math.max(0, Math.min(snaps.length - 2, Math.floor(pos)));
    const f = pos - s0;
    ctx.fillStyle = pal.fg;
    for (let i = 0; i < n; i++) {
      const x = (1 - f) * snaps[s0][2 * i] + f * snaps[s0 + 1][2 * i];
      const y = (1 - f) * snaps[s0][2 * i + 1] + f * snaps[s0 + 1][2 * i + 1];
      dot(x, y, 2.8);
    }
  }
  if (!trajectory) {
    ctx.fillStyle = pal.muted;
    ctx.font = '12px system-ui, sans-serif';
    ctx.fillText(r ? 'computing the flow…' : 'computing the plan…', 10, 18);
  }
}
