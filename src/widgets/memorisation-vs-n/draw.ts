/**
 * Drawing for the memorisation-vs-n widget on the book's canvas helpers (src/lib/viz/canvas.ts):
 * a panel of curves against n on a log axis (one point per finished size, lines between them) and
 * a scatter of training, generated and closed-form points for one size. Colours come from the
 * theme palette the widget passes in.
 */
import { drawAxes, linear, withAlpha, type Scale, type Ctx2D } from '../../lib/viz/canvas.ts';
import { DARK_OUTLINE_ALPHA, isDark, type Palette } from '../../lib/viz/palette.ts';

export interface Series {
  label: string;
  color: string;
  /** y per size (NaN: not measured yet); same order as the panel's sizes. */
  values: number[];
  dashed?: boolean;
}

export interface Panel {
  sizes: number[];
  yMax: number;
  yLabel: string;
  /** y tick values (default: nice ticks). */
  yTicks?: number[];
  series: Series[];
  /** Highlighted size (the scatter's), or null. */
  selected: number | null;
}

const MARGIN = { left: 40, right: 10, top: 20, bottom: 30 };

/** The x scale of a panel (log₂ n) for a canvas `width` CSS pixels wide. */
export function panelScale(sizes: number[], width: number): Scale {
  const lo = Math.log2(sizes[0]);
  const hi = Math.log2(sizes[sizes.length - 1]);
  const pad = hi > lo ? 0.04 * (hi - lo) : 0.5;
  return linear([lo - pad, hi + pad], [MARGIN.left, width - MARGIN.right]);
}

/** The size nearest to a pointer at x CSS pixels. */
export function sizeAt(sizes: number[], width: number, px: number): number {
  const l = panelScale(sizes, width).inv(px);
  let best = sizes[0];
  for (const n of sizes) if (Math.abs(Math.log2(n) - l) < Math.abs(Math.log2(best) - l)) best = n;
  return best;
}

export function drawPanel(ctx: Ctx2D, width: number, height: number, pal: Palette, p: Panel): void {
  const sx = panelScale(p.sizes, width);
  const sy = linear([0, p.yMax], [height - MARGIN.bottom, MARGIN.top]);
  drawAxes(ctx, pal, sx, sy, { xTicks: [], yTicks: p.yTicks, style: 'open' });
  ctx.save();
  ctx.font = '11px system-ui, sans-serif';
  // x axis: one tick per size, labelled with n
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.strokeStyle = pal.grid;
  for (const n of p.sizes) {
    const x = sx(Math.log2(n));
    ctx.beginPath();
    ctx.moveTo(x, MARGIN.top);
    ctx.lineTo(x, height - MARGIN.bottom);
    ctx.stroke();
    ctx.fillStyle = n === p.selected ? pal.fg : pal.muted;
    ctx.fillText(String(n), x, height - MARGIN.bottom + 3);
  }
  ctx.fillStyle = pal.muted;
  ctx.textAlign = 'right';
  ctx.fillText('n (log scale)', width - MARGIN.right, height - 13);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'bottom';
  ctx.fillStyle = pal.fg;
  ctx.fillText(p.yLabel, 4, MARGIN.top - 5);
  if (p.selected !== null) {
    ctx.fillStyle = withAlpha(pal.accent, 0.1);
    const x = sx(Math.log2(p.selected));
    ctx.fillRect(x - 7, MARGIN.top, 14, height - MARGIN.top - MARGIN.bottom);
  }
  for (const s of p.series) {
    ctx.strokeStyle = s.color;
    ctx.fillStyle = s.color;
    ctx.lineWidth = 2;
    ctx.setLineDash(s.dashed ? [5, 4] : []);
    ctx.beginPath();
    let pen = false;
    s.values.forEach((v, i) => {
      if (!Number.isFinite(v)) {
        pen = false;
        return;
      }
      const x = sx(Math.log2(p.sizes[i])),
        y = sy(Math.min(v, p.yMax));
      if (pen) ctx.lineTo(x, y);
      else ctx.moveTo(x, y);
      pen = true;
    });
    ctx.stroke();
    ctx.setLineDash([]);
    s.values.forEach((v, i) => {
      if (!Number.isFinite(v)) return;
      ctx.beginPath();
      ctx.arc(sx(Math.log2(p.sizes[i])), sy(Math.min(v, p.yMax)), s.dashed ? 2.5 : 3.5, 0, 2 * Math.PI);
      ctx.fill();
    });
  }
  ctx.restore();
}

export interface ScatterLayer {
  points: ArrayLike<number>;
  color: string;
  radius: number;
  alpha: number;
  /** Draw a disc of this radius (data units) around each point, lightly. */
  disc?: number;
}

/** A square window [x0, x1, y0, y1] around the points (robust to a few outliers). */
export function scatterExtent(points: ArrayLike<number>): [number, number, number, number] {
  let minX = Infinity,
    maxX = -Infinity,
    minY = Infinity,
    maxY = -Infinity;
  for (let i = 0; i + 1 < points.length; i += 2) {
    minX = Math.min(minX, points[i]);
    maxX = Math.max(maxX, points[i]);
    minY = Math.min(minY, points[i + 1]);
    maxY = Math.max(maxY, points[i + 1]);
  }
  if (!Number.isFinite(minX)) return [-3, 3, -3, 3];
  const cx = (minX + maxX) / 2,
    cy = (minY + maxY) / 2;
  const r = 0.55 * Math.max(maxX - minX, maxY - minY, 1);
  return [cx - r, cx + r, cy - r, cy + r];
}

export function drawScatter(
  ctx: Ctx2D,
  size: number,
  extent: [number, number, number, number],
  pal: Palette,
  layers: ScatterLayer[],
): void {
  const [x0, x1, y0, y1] = extent;
  const sx = linear([x0, x1], [0, size]);
  const sy = linear([y0, y1], [size, 0]);
  const k = size / (x1 - x0);
  ctx.fillStyle = pal.bg;
  ctx.fillRect(0, 0, size, size);
  const discs = (r: number, points: ArrayLike<number>) => {
    ctx.beginPath();
    for (let i = 0; i + 1 < points.length; i += 2) {
      const x = sx(points[i]),
        y = sy(points[i + 1]);
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, 2 * Math.PI);
    }
  };
  for (const layer of layers) {
    const { points, color, radius, alpha, disc } = layer;
    if (disc) {
      // Dark theme: the discs' union gets an outline at DARK_OUTLINE_ALPHA (4.6:1 on the background for
      // the target colour), as their fill is 1.3:1 there and a fill of 3:1 (alpha 0.52) would hide the
      // points drawn on it (green at 2.0:1). Every circle is stroked, then the inside of every disc is
      // painted over with the background, which leaves the union's edge only; so the layer with discs
      // comes first (it covers what is under it).
      const r = disc * k;
      if (isDark(pal)) {
        ctx.strokeStyle = withAlpha(color, DARK_OUTLINE_ALPHA);
        ctx.lineWidth = 1;
        discs(r, points);
        ctx.stroke();
        ctx.fillStyle = pal.bg;
        discs(Math.max(0, r - 0.5), points);
        ctx.fill();
      }
      ctx.fillStyle = withAlpha(color, 0.14);
      discs(r, points);
      ctx.fill();
    }
    ctx.fillStyle = withAlpha(color, alpha);
    ctx.beginPath();
    for (let i = 0; i + 1 < points.length; i += 2) {
      if (!Number.isFinite(points[i]) || !Number.isFinite(points[i + 1])) continue;
      ctx.rect(sx(points[i]) - radius, sy(points[i + 1]) - radius, 2 * radius, 2 * radius);
    }
    ctx.fill();
  }
}
