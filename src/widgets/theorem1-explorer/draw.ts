/**
 * Small canvas helpers shared by the Part II widgets (theorem1-explorer, theorem2-check,
 * path-explorer, couplings-compared): DPR-correct sizing, data→pixel scales, heat maps tinted
 * with a theme colour, arrows, and a theme-change observer. Browser-only (DOM), no math.
 */
import { readPalette, type Palette } from '../shared/palette.ts';

export interface Scale { (v: number): number; inv(p: number): number; domain: [number, number]; range: [number, number] }

/** Linear map from a data interval to a pixel interval (and back). */
export function linear(domain: [number, number], range: [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = (r1 - r0) / (d1 - d0);
  const f = ((v: number) => r0 + (v - d0) * k) as Scale;
  f.inv = (p: number) => d0 + (p - r0) / k;
  f.domain = domain;
  f.range = range;
  return f;
}

/** Sizes a canvas's backing store for the device pixel ratio; returns a context in CSS pixels. */
export function fitCanvas(canvas: HTMLCanvasElement, cssWidth: number, cssHeight: number): CanvasRenderingContext2D {
  const dpr = Math.min(3, (typeof devicePixelRatio === 'number' && devicePixelRatio) || 1);
  const w = Math.max(1, Math.round(cssWidth * dpr));
  const h = Math.max(1, Math.round(cssHeight * dpr));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}

const rgbCache = new Map<string, [number, number, number]>();
/** Resolves any CSS colour string to RGB bytes (via a 1×1 canvas, so `oklch()` etc. work too). */
export function toRgb(color: string): [number, number, number] {
  const hit = rgbCache.get(color);
  if (hit) return hit;
  let out: [number, number, number] = [128, 128, 128];
  if (typeof document !== 'undefined') {
    const c = document.createElement('canvas');
    c.width = c.height = 1;
    const g = c.getContext('2d', { willReadFrequently: true });
    if (g) {
      g.fillStyle = '#808080';
      g.fillStyle = color;
      g.fillRect(0, 0, 1, 1);
      const d = g.getImageData(0, 0, 1, 1).data;
      out = [d[0], d[1], d[2]];
    }
  }
  rgbCache.set(color, out);
  return out;
}

export function withAlpha(color: string, alpha: number): string {
  const [r, g, b] = toRgb(color);
  return `rgba(${r},${g},${b},${Math.max(0, Math.min(1, alpha)).toFixed(3)})`;
}

/**
 * Draws a grid of non-negative values (row-major, `rows` × `cols`, row 0 at the TOP of `rect`) as
 * a heat map: colour `color`, opacity proportional to value / max (values already normalised to
 * [0, 1] are drawn as they are when `max` is 1).
 */
export function drawHeatmap(
  ctx: CanvasRenderingContext2D, values: ArrayLike<number>, cols: number, rows: number,
  rect: { x: number; y: number; w: number; h: number }, color: string, max = 1, maxAlpha = 0.85,
): void {
  const img = new ImageData(cols, rows);
  const [r, g, b] = toRgb(color);
  for (let i = 0; i < rows * cols; i++) {
    const v = Math.max(0, Math.min(1, values[i] / (max || 1)));
    img.data[4 * i] = r;
    img.data[4 * i + 1] = g;
    img.data[4 * i + 2] = b;
    img.data[4 * i + 3] = Math.round(255 * maxAlpha * v);
  }
  const off = document.createElement('canvas');
  off.width = cols;
  off.height = rows;
  off.getContext('2d')!.putImageData(img, 0, 0);
  ctx.save();
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(off, rect.x, rect.y, rect.w, rect.h);
  ctx.restore();
}

/** An arrow from (x0, y0) to (x1, y1) in pixels with a head of `head` pixels. */
export function drawArrow(ctx: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number, head = 5): void {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len = Math.hypot(dx, dy);
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
  if (len < 1e-6) return;
  const ux = dx / len;
  const uy = dy / len;
  const h = Math.min(head, len * 0.6);
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x1 - h * ux + h * 0.55 * uy, y1 - h * uy - h * 0.55 * ux);
  ctx.lineTo(x1 - h * ux - h * 0.55 * uy, y1 - h * uy + h * 0.55 * ux);
  ctx.closePath();
  ctx.fill();
}

/** Axis frame with a few tick labels. */
export function drawAxes(
  ctx: CanvasRenderingContext2D, sx: Scale, sy: Scale, pal: Palette,
  opts: { xTicks: number[]; yTicks: number[]; xLabel: string; yLabel: string },
): void {
  ctx.save();
  ctx.strokeStyle = pal.grid;
  ctx.lineWidth = 1;
  ctx.fillStyle = pal.muted;
  ctx.font = '11px system-ui, sans-serif';
  for (const t of opts.xTicks) {
    const px = sx(t);
    ctx.beginPath(); ctx.moveTo(px, sy.range[0]); ctx.lineTo(px, sy.range[1]); ctx.stroke();
    ctx.textAlign = 'center'; ctx.textBaseline = 'top';
    ctx.fillText(String(t), px, Math.max(sy.range[0], sy.range[1]) + 3);
  }
  for (const t of opts.yTicks) {
    const py = sy(t);
    ctx.beginPath(); ctx.moveTo(sx.range[0], py); ctx.lineTo(sx.range[1], py); ctx.stroke();
    ctx.textAlign = 'right'; ctx.textBaseline = 'middle';
    ctx.fillText(String(t), Math.min(sx.range[0], sx.range[1]) - 4, py);
  }
  ctx.textAlign = 'right'; ctx.textBaseline = 'top';
  ctx.fillText(opts.xLabel, Math.max(sx.range[0], sx.range[1]), Math.max(sy.range[0], sy.range[1]) + 15);
  ctx.textAlign = 'left'; ctx.textBaseline = 'bottom';
  ctx.fillText(opts.yLabel, Math.min(sx.range[0], sx.range[1]) - 22, Math.min(sy.range[0], sy.range[1]) - 4);
  ctx.restore();
}

/** Calls `cb(palette)` now and whenever the theme (data-theme / colour-scheme) changes. */
export function watchTheme(cb: (pal: Palette) => void): () => void {
  if (typeof document === 'undefined') return () => {};
  const fire = () => { rgbCache.clear(); cb(readPalette()); };
  const mo = new MutationObserver(fire);
  mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class', 'style'] });
  const mq = typeof matchMedia !== 'undefined' ? matchMedia('(prefers-color-scheme: dark)') : null;
  mq?.addEventListener('change', fire);
  return () => { mo.disconnect(); mq?.removeEventListener('change', fire); };
}

/** Observes an element's content width (for responsive canvases). */
export function watchWidth(el: Element, cb: (width: number) => void): () => void {
  if (typeof ResizeObserver === 'undefined') { cb((el as HTMLElement).clientWidth || 320); return () => {}; }
  const ro = new ResizeObserver((entries) => {
    for (const e of entries) cb(Math.floor(e.contentRect.width));
  });
  ro.observe(el);
  return () => ro.disconnect();
}

/** Formats a number for readouts: fixed digits, a real minus sign, no "-0". */
export function fmt(v: number, digits = 4): string {
  if (!Number.isFinite(v)) return '—';
  const s = (Math.abs(v) < 0.5 * 10 ** -digits ? 0 : v).toFixed(digits);
  return s.replace('-', '−');
}

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** Scientific notation for tiny differences: "2.8·10⁻¹⁷". */
export function fmtSci(v: number, digits = 1): string {
  if (!Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const [mant, exp] = v.toExponential(digits).split('e');
  const e = String(Number(exp)).split('').map((ch) => SUPERSCRIPT[ch] ?? ch).join('');
  return `${mant.replace('-', '−')}·10${e}`;
}
