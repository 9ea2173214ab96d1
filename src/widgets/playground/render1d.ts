/** Draws the 1D space-time view: the exact density p_t(x) as a heat map, trajectories and particles at t. */
import { drawSpaceTimeFrame } from '../../lib/viz/space-time.ts';
import { withAlpha, type Ctx2D } from '../../lib/viz/canvas.ts';
import type { Palette } from '../../lib/viz/palette.ts';
import type { Scene1D } from '../../lib/engine/playground/one-d.ts';

export function drawSpaceTime(
  ctx: Ctx2D,
  width: number,
  height: number,
  pal: Palette,
  s: Scene1D,
  t: number,
  show: { trajectories: boolean; particles: boolean; density: boolean },
): void {
  const { sx, sy } = drawSpaceTimeFrame(
    ctx,
    width,
    height,
    pal,
    show.density ? { path: s.path, values: s.density, cols: s.cols, rows: s.rows } : undefined,
  );
  const { times, frames } = s;
  const m = frames[0]?.length ?? 0;
  const upTo = times.findIndex((v) => v > t + 1e-9);
  const last = upTo < 0 ? times.length : upTo;
  if (show.trajectories) {
    ctx.strokeStyle = withAlpha(pal.path, 0.3);
    ctx.lineWidth = 0.8;
    ctx.beginPath();
    const every = Math.max(1, Math.floor(m / 150));
    for (let q = 0; q < m; q += every) {
      for (let f = 0; f < last; f++) {
        const x = sx(times[f]);
        const y = sy(frames[f][q]);
        if (f === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      }
    }
    ctx.stroke();
  }
  ctx.strokeStyle = pal.fg;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(sx(t), sy.range[0]);
  ctx.lineTo(sx(t), sy.range[1]);
  ctx.stroke();
  if (show.particles && last > 0) {
    const f = Math.min(last, times.length) - 1;
    ctx.fillStyle = withAlpha(pal.model, 0.6);
    for (let q = 0; q < m; q++) {
      ctx.beginPath();
      ctx.arc(sx(t), sy(frames[f][q]), 1.8, 0, 2 * Math.PI);
      ctx.fill();
    }
  }
}
