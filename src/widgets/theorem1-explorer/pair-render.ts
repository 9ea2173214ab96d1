/**
 * Canvas drawing of the 2D view in plan mode: Theorem 1 over the pairs (x₀ⁱ, x₁ʲ) of a coupling.
 * The path of each pair through the probe (the same noise carried along it), drawn darker the larger
 * its posterior weight, and its conditional velocity at the probe; then the mean and the closed form.
 */
import { pairPathThrough, timeGrid, type ConditionalPath, type PairPointExplanation } from '../../lib/core/index.ts';
import type { Palette } from '../../lib/viz/palette.ts';
import { drawArrow, withAlpha, type Ctx2D } from '../../lib/viz/canvas.ts';
import { drawPlaneBackground, drawProbe, type PlaneBackground } from './render.ts';

export interface PairPlaneInput extends PlaneBackground {
  path: ConditionalPath;
  t: number;
  sources: Float64Array;
  probe: [number, number];
  explanation: PairPointExplanation;
}

/** Pairs lighter than this fraction of the heaviest are not drawn (they would be invisible). */
const SHOWN = 1e-3;

export function drawPairPlane(ctx: Ctx2D, size: number, pal: Palette, inp: PairPlaneInput): void {
  const sc = drawPlaneBackground(ctx, size, pal, inp);
  const { sx, sy } = sc;
  const e = inp.explanation;
  const [qx, qy] = inp.probe;
  let wmax = 0;
  for (const w of e.weights) wmax = Math.max(wmax, w);
  const times = timeGrid(inp.path, 40);
  const probe = Float64Array.of(qx, qy);
  const scale = 0.15;
  for (let q = 0; q < e.pairs.length; q++) {
    const a = e.weights[q] / (wmax || 1);
    if (a < SHOWN) continue;
    const i = Math.floor(e.pairs[q] / inp.n);
    const j = e.pairs[q] - i * inp.n;
    const traj = pairPathThrough(
      inp.path,
      probe,
      inp.t,
      inp.sources.subarray(2 * i, 2 * i + 2),
      inp.targets.subarray(2 * j, 2 * j + 2),
      2,
      times,
    );
    ctx.strokeStyle = withAlpha(pal.path, 0.05 + 0.6 * a);
    ctx.lineWidth = 0.8 + 1.2 * a;
    ctx.beginPath();
    for (let s = 0; s < times.length; s++) {
      const px = sx(traj[2 * s]);
      const py = sy(traj[2 * s + 1]);
      if (s === 0) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    }
    ctx.stroke();
  }
  for (let q = 0; q < e.pairs.length; q++) {
    const a = e.weights[q] / (wmax || 1);
    if (a < SHOWN) continue;
    ctx.strokeStyle = withAlpha(pal.path, 0.15 + 0.85 * a);
    ctx.fillStyle = withAlpha(pal.path, 0.15 + 0.85 * a);
    ctx.lineWidth = 1.5;
    drawArrow(ctx, sx(qx), sy(qy), sx(qx + scale * e.conditional[2 * q]), sy(qy + scale * e.conditional[2 * q + 1]), 5);
  }
  drawProbe(ctx, pal, sc, inp.probe, e.weightedMean, e.closedForm, scale);
}
