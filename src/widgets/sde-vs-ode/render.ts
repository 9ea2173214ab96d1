/**
 * Drawing for the SDE vs ODE widget (canvas only; every number comes from the engine and the core):
 * a particle panel (the cloud's 2D histogram as a heat map, the particles, highlighted paths up to
 * the current time), the overlaid histograms of the first coordinate, the distance-to-p_t curves
 * over t, and the W₂-vs-g plot of the trained network.
 */
import { drawAxes, drawHeatmap, fitCanvas, linear, strokeCurve, withAlpha, type AnyCanvas } from '../../lib/viz/canvas.ts';
import type { Palette } from '../../lib/viz/palette.ts';
import type { Checkpoint } from '../../lib/engine/sde-vs-ode/paired.ts';
import type { SweepPoint } from '../../lib/engine/sde-vs-ode/trained.ts';

export type Extent = [number, number, number, number];

/** A cloud at the current time: n points (flat pairs), and the highlighted paths up to now. */
export interface PanelData {
  points: ArrayLike<number>;
  n: number;
  /** One polyline per highlighted particle (flat pairs, from t = 0 to now). */
  paths: Float64Array[];
  title: string;
}

/** Colours of the highlighted paths: the palette's four hues, Okabe–Ito vermilion, the text colour. */
export function pathColours(pal: Palette): string[] {
  return [pal.target, pal.source, pal.model, pal.path, '#d55e00', pal.fg];
}

const HIST_BINS = 28;
export const MARGINALS_HEIGHT = 96;
export const DISTANCES_HEIGHT = 150;
export const SWEEP_HEIGHT = 180;

/** Counts of the points in a bins × bins grid over the extent, row 0 at the top (for drawHeatmap). */
function histogram2d(points: ArrayLike<number>, n: number, extent: Extent, bins: number): Float64Array {
  const [x0, x1, y0, y1] = extent;
  const out = new Float64Array(bins * bins);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(((points[2 * i] - x0) / (x1 - x0)) * bins);
    const r = Math.floor(((y1 - points[2 * i + 1]) / (y1 - y0)) * bins);
    if (c >= 0 && c < bins && r >= 0 && r < bins) out[r * bins + c]++;
  }
  return out;
}

export function drawPanel(
  canvas: AnyCanvas,
  pal: Palette,
  size: number,
  extent: Extent,
  data: PanelData,
  histMax: number,
  dpr: number,
): void {
  const ctx = fitCanvas(canvas, size, size, dpr);
  if (!ctx) return;
  const pad = 4;
  const sx = linear([extent[0], extent[1]], [pad, size - pad]);
  const sy = linear([extent[2], extent[3]], [size - pad, pad]);
  ctx.fillStyle = pal.bg;
  ctx.fillRect(0, 0, size, size);
  const hist = histogram2d(data.points, data.n, extent, HIST_BINS);
  drawHeatmap(ctx, hist, HIST_BINS, HIST_BINS, { x: pad, y: pad, w: size - 2 * pad, h: size - 2 * pad }, pal.accent, histMax, 0.75);
  ctx.strokeStyle = pal.grid;
  ctx.strokeRect(pad + 0.5, pad + 0.5, size - 2 * pad - 1, size - 2 * pad - 1);
  ctx.fillStyle = withAlpha(pal.fg, 0.55);
  // One path of n squares, filled once: n fillRect calls were n drawing operations per frame.
  ctx.beginPath();
  for (let i = 0; i < data.n; i++) ctx.rect(sx(data.points[2 * i]) - 0.75, sy(data.points[2 * i + 1]) - 0.75, 1.5, 1.5);
  ctx.fill();
  const colours = pathColours(pal);
  data.paths.forEach((p, j) => {
    const c = colours[j % colours.length];
    ctx.strokeStyle = c;
    ctx.lineWidth = 1.6;
    ctx.beginPath();
    for (let k = 0; k < p.length / 2; k++) {
      const X = sx(p[2 * k]),
        Y = sy(p[2 * k + 1]);
      if (k === 0) ctx.moveTo(X, Y);
      else ctx.lineTo(X, Y);
    }
    ctx.stroke();
    const m = p.length / 2 - 1;
    ctx.fillStyle = c;
    ctx.beginPath();
    ctx.arc(sx(p[2 * m]), sy(p[2 * m + 1]), 3.5, 0, 2 * Math.PI);
    ctx.fill();
    ctx.strokeStyle = pal.bg;
    ctx.lineWidth = 1;
    ctx.stroke();
  });
  ctx.font = '600 12px system-ui, sans-serif';
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  ctx.fillStyle = pal.fg;
  ctx.fillText(data.title, pad + 5, pad + 5);
}

/** The largest 2D-histogram count of the clouds, so both panels share one colour scale. */
export function histogramMax(clouds: { points: ArrayLike<number>; n: number }[], extent: Extent): number {
  let m = 1;
  for (const c of clouds) for (const v of histogram2d(c.points, c.n, extent, HIST_BINS)) m = Math.max(m, v);
  return m;
}

/** Overlaid histograms of the first coordinate: ODE as a filled step curve, SDE as an outline. */
export function drawMarginals(
  canvas: AnyCanvas,
  pal: Palette,
  width: number,
  extent: Extent,
  ode: ArrayLike<number>,
  sde: ArrayLike<number>,
  n: number,
  dpr: number,
): void {
  const height = MARGINALS_HEIGHT;
  const ctx = fitCanvas(canvas, width, height, dpr);
  if (!ctx) return;
  const bins = 40;
  const count = (pts: ArrayLike<number>) => {
    const h = new Float64Array(bins);
    for (let i = 0; i < n; i++) {
      const b = Math.floor(((pts[2 * i] - extent[0]) / (extent[1] - extent[0])) * bins);
      if (b >= 0 && b < bins) h[b] += 1 / n;
    }
    return h;
  };
  const a = count(ode),
    b = count(sde);
  let top = 0.02;
  for (let i = 0; i < bins; i++) top = Math.max(top, a[i], b[i]);
  const sx = linear([extent[0], extent[1]], [34, width - 6]);
  const sy = linear([0, top * 1.1], [height - 18, 6]);
  // No axis label: the legend above names the coordinate, and a label in the corner sat under the bars.
  drawAxes(ctx, pal, sx, sy, { yTicks: [] });
  const w = (sx.range[1] - sx.range[0]) / bins;
  ctx.fillStyle = withAlpha(pal.source, 0.45);
  for (let i = 0; i < bins; i++) ctx.fillRect(sx.range[0] + i * w, sy(a[i]), w, sy(0) - sy(a[i]));
  ctx.strokeStyle = pal.target;
  ctx.lineWidth = 2;
  ctx.beginPath();
  for (let i = 0; i < bins; i++) {
    const x = sx.range[0] + i * w;
    if (i === 0) ctx.moveTo(x, sy(b[i]));
    else ctx.lineTo(x, sy(b[i]));
    ctx.lineTo(x + w, sy(b[i]));
  }
  ctx.stroke();
}

/** Energy distance to an exact sample of p_t over t: ODE, SDE and a second exact sample. */
export function drawDistances(canvas: AnyCanvas, pal: Palette, width: number, cps: Checkpoint[], tNow: number, dpr: number): void {
  const height = DISTANCES_HEIGHT;
  const ctx = fitCanvas(canvas, width, height, dpr);
  if (!ctx || cps.length === 0) return;
  let hi = 0.02,
    lo = -0.01;
  for (const c of cps) {
    for (const v of [c.ode, c.sde, c.exact]) {
      if (!Number.isFinite(v)) continue;
      hi = Math.max(hi, v);
      lo = Math.min(lo, v);
    }
  }
  hi = Math.min(hi, 2);
  const sx = linear([0, 1], [44, width - 8]);
  const sy = linear([lo, hi * 1.1], [height - 20, 8]);
  drawAxes(ctx, pal, sx, sy, { xLabel: 't', yLabel: 'energy distance to pₜ' });
  const ts = cps.map((c) => c.t);
  const series: [number[], string, number[]][] = [
    [cps.map((c) => c.exact), pal.muted, [4, 3]],
    [cps.map((c) => c.ode), pal.source, []],
    [cps.map((c) => c.sde), pal.target, []],
  ];
  for (const [ys, colour, dash] of series) {
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2;
    ctx.setLineDash(dash);
    strokeCurve(
      ctx,
      ts,
      ys.map((v) => Math.min(v, hi * 1.1)),
      sx,
      sy,
    );
    ctx.stroke();
  }
  ctx.setLineDash([]);
  ctx.strokeStyle = withAlpha(pal.fg, 0.5);
  ctx.beginPath();
  ctx.moveTo(sx(tNow), sy.range[0]);
  ctx.lineTo(sx(tNow), sy.range[1]);
  ctx.stroke();
}

/** W₂ to the data against g at the fixed NFE: from p₀, from the shifted start, and the Monte-Carlo floor. */
export function drawSweep(
  canvas: HTMLCanvasElement,
  pal: Palette,
  width: number,
  gMax: number,
  points: SweepPoint[],
  floor: number | null,
  dpr: number,
): void {
  const height = SWEEP_HEIGHT;
  const ctx = fitCanvas(canvas, width, height, dpr);
  if (!ctx) return;
  let hi = 0.5;
  for (const p of points) hi = Math.max(hi, Number.isFinite(p.w2) ? p.w2 : 0, Number.isFinite(p.w2Shifted) ? p.w2Shifted : 0);
  hi = Math.min(hi, 6);
  const sx = linear([0, gMax], [44, width - 10]);
  const sy = linear([0, hi * 1.1], [height - 22, 8]);
  drawAxes(ctx, pal, sx, sy, { xLabel: 'noise level g', yLabel: 'W₂ to the data' });
  if (floor !== null) {
    ctx.strokeStyle = pal.muted;
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(sx.range[0], sy(floor));
    ctx.lineTo(sx.range[1], sy(floor));
    ctx.stroke();
    ctx.setLineDash([]);
  }
  const gs = points.map((p) => p.g);
  for (const [ys, colour] of [
    [points.map((p) => p.w2), pal.source],
    [points.map((p) => p.w2Shifted), pal.target],
  ] as const) {
    ctx.strokeStyle = colour;
    ctx.fillStyle = colour;
    ctx.lineWidth = 2;
    strokeCurve(
      ctx,
      gs,
      ys.map((v) => Math.min(v, hi * 1.1)),
      sx,
      sy,
    );
    ctx.stroke();
    gs.forEach((g, i) => {
      ctx.beginPath();
      ctx.arc(sx(g), sy(Math.min(ys[i], hi * 1.1)), 3, 0, 2 * Math.PI);
      ctx.fill();
    });
  }
}
