/** Canvas drawing of the Gaussian-to-Gaussian widget: p_t's 1σ and 2σ ellipses and the three fields as arrows. */
import { DARK_OUTLINE_ALPHA, isDark, type Palette } from '../../lib/viz/palette.ts';
import { drawArrow, linear, withAlpha, type Ctx2D } from '../../lib/viz/canvas.ts';
import type { VelocityFn } from '../../lib/core/index.ts';

const BOX: [number, number] = [-3, 4.5];
const GRID = 11;
/** Arrow length per unit of speed, in data units. */
const ARROW = 0.12;

interface FieldLayer {
  field: VelocityFn;
  colour: string;
  width: number;
}

/** The marginal p_t = 𝒩(t m, K_t) as ellipses, and one arrow per layer at each grid point. */
export function drawGaussianField(
  ctx: Ctx2D,
  size: number,
  pal: Palette,
  d: { t: number; mean: readonly number[]; K: number[]; layers: FieldLayer[] },
): void {
  const sx = linear(BOX, [4, size - 4]);
  const sy = linear(BOX, [size - 4, 4]);
  ctx.clearRect(0, 0, size, size);
  ctx.strokeStyle = pal.grid;
  ctx.lineWidth = 1;
  ctx.strokeRect(0.5, 0.5, size - 1, size - 1);
  // Axes through the origin.
  ctx.beginPath();
  ctx.moveTo(sx(0), 4);
  ctx.lineTo(sx(0), size - 4);
  ctx.moveTo(4, sy(0));
  ctx.lineTo(size - 4, sy(0));
  ctx.stroke();
  // Ellipses of p_t: centre t m, axes from the eigen-decomposition of K_t.
  const [a, b, , c] = d.K;
  const tr = a + c;
  const det = a * c - b * b;
  const disc = Math.sqrt(Math.max(0, (tr * tr) / 4 - det));
  const l1 = tr / 2 + disc;
  const l2 = tr / 2 - disc;
  const phi = Math.abs(b) < 1e-12 ? (a >= c ? 0 : Math.PI / 2) : Math.atan2(l1 - a, b);
  const cx = d.t * d.mean[0];
  const cy = d.t * d.mean[1];
  ctx.fillStyle = withAlpha(pal.target, 0.12);
  // Dark theme: each ellipse also gets an outline at DARK_OUTLINE_ALPHA. Their fills are 1.2:1 on the dark
  // background (2σ) and on each other (1σ), and fills of 3:1 would hide the arrows drawn on them (the
  // pink ones at 2.0:1).
  const edges = isDark(pal);
  ctx.strokeStyle = withAlpha(pal.target, DARK_OUTLINE_ALPHA);
  ctx.lineWidth = 1;
  for (const r of [2, 1]) {
    ctx.beginPath();
    for (let k = 0; k <= 64; k++) {
      const th = (2 * Math.PI * k) / 64;
      const u = r * Math.sqrt(l1) * Math.cos(th);
      const w = r * Math.sqrt(Math.max(l2, 0)) * Math.sin(th);
      const x = cx + u * Math.cos(phi) - w * Math.sin(phi);
      const y = cy + u * Math.sin(phi) + w * Math.cos(phi);
      if (k === 0) ctx.moveTo(sx(x), sy(y));
      else ctx.lineTo(sx(x), sy(y));
    }
    ctx.fill();
    if (edges) ctx.stroke();
  }
  const pts = new Float64Array(2 * GRID * GRID);
  for (let i = 0; i < GRID; i++)
    for (let j = 0; j < GRID; j++) {
      const q = i * GRID + j;
      pts[2 * q] = BOX[0] + ((j + 0.5) / GRID) * (BOX[1] - BOX[0]);
      pts[2 * q + 1] = BOX[0] + ((i + 0.5) / GRID) * (BOX[1] - BOX[0]);
    }
  const u = new Float64Array(pts.length);
  for (const layer of d.layers) {
    layer.field(pts, d.t, u);
    ctx.strokeStyle = layer.colour;
    ctx.fillStyle = layer.colour;
    ctx.lineWidth = layer.width;
    for (let q = 0; q < GRID * GRID; q++) {
      const x0 = sx(pts[2 * q]),
        y0 = sy(pts[2 * q + 1]);
      const dx = sx(pts[2 * q] + ARROW * u[2 * q]) - x0,
        dy = sy(pts[2 * q + 1] + ARROW * u[2 * q + 1]) - y0;
      // An arrow that would leave the canvas is shortened to end at its edge, its direction kept (the
      // fast arrows of the outer grid points were cut off with their heads).
      const f = Math.min(1, edgeFraction(x0, dx, size), edgeFraction(y0, dy, size));
      drawArrow(ctx, x0, y0, x0 + f * dx, y0 + f * dy, 4);
    }
  }
}

/** The fraction of a step `d` from `p` that stays within [2, size − 2] (1 if all of it does). */
export function edgeFraction(p: number, d: number, size: number): number {
  const lo = 2,
    hi = size - 2;
  if (p + d > hi) return Math.max(0, (hi - p) / d);
  if (p + d < lo) return Math.max(0, (lo - p) / d);
  return 1;
}
