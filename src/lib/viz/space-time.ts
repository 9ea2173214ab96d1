/**
 * The space-time frame shared by the 1D views of the Theorem 1 explorer and the path explorer:
 * time t ∈ [0, 1] to the right, position x ∈ [−4.5, 4.5] up, the marginal density p_t(x) as a heat
 * map behind. Drawing only (numbers come from the core).
 */
import type { ConditionalPath } from '../core/index.ts';
import type { Palette } from './palette.ts';
import { drawAxes, drawHeatmap, linear, type Scale, type Ctx2D } from './canvas.ts';

export const X_RANGE_1D: [number, number] = [-4.5, 4.5];
const MARGIN = { left: 30, right: 8, top: 14, bottom: 30 };

export function spaceTimeScales(width: number, height: number): { sx: Scale; sy: Scale } {
  return {
    sx: linear([0, 1], [MARGIN.left, width - MARGIN.right]),
    sy: linear(X_RANGE_1D, [height - MARGIN.bottom, MARGIN.top]),
  };
}

/**
 * Clears a space-time canvas and draws its frame: the density p_t(x) as a heat map over the path's
 * time interval (when given, `rows` × `cols`, x decreasing down the rows) and the t/x axes.
 * Returns the scales for drawing on top.
 */
export function drawSpaceTimeFrame(
  ctx: Ctx2D,
  width: number,
  height: number,
  pal: Palette,
  density?: { path: ConditionalPath; values: Float32Array; cols: number; rows: number },
): { sx: Scale; sy: Scale } {
  const { sx, sy } = spaceTimeScales(width, height);
  ctx.clearRect(0, 0, width, height);
  if (density) {
    const { path } = density;
    const plot = { x: sx(path.tMin), y: sy(X_RANGE_1D[1]), w: sx(path.tMax) - sx(path.tMin), h: sy(X_RANGE_1D[0]) - sy(X_RANGE_1D[1]) };
    drawHeatmap(ctx, density.values, density.cols, density.rows, plot, pal.accent, 1, 0.55);
  }
  drawAxes(ctx, pal, sx, sy, { xTicks: [0, 0.25, 0.5, 0.75, 1], yTicks: [-4, -2, 0, 2, 4], xLabel: 't →', yLabel: 'x', style: 'open' });
  return { sx, sy };
}

/**
 * Runs `draw` clipped to the plot area of a space-time canvas (plus a few pixels for markers on the
 * frame), so curves that leave the x range (VE's wide paths) stop at the frame instead of running over
 * the tick labels.
 */
export function clippedToPlot(ctx: Ctx2D, width: number, height: number, draw: () => void): void {
  const pad = 6;
  ctx.save();
  ctx.beginPath();
  ctx.rect(MARGIN.left, MARGIN.top - pad, width - MARGIN.left, height - MARGIN.top - MARGIN.bottom + 2 * pad);
  ctx.clip();
  try {
    draw();
  } finally {
    ctx.restore();
  }
}
