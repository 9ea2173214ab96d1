/**
 * Canvas helpers shared by the Part I widgets (change-of-variables, continuity-equation,
 * dataset-gallery): device-pixel-ratio sizing, linear scales, axes, theme and width observers.
 * Browser-only glue; no math beyond drawing.
 */
import { readPalette, type Palette } from '../shared/palette.ts';

export interface Scale { (v: number): number; inv(p: number): number }

/** Linear map from [d0, d1] to [r0, r1] (pixels), with its inverse. */
export function scale(d0: number, d1: number, r0: number, r1: number): Scale {
  const k = (r1 - r0) / (d1 - d0);
  const f = ((v: number) => r0 + (v - d0) * k) as Scale;
  f.inv = (p: number) => d0 + (p - r0) / k;
  return f;
}

/** Sizes the backing store for the device pixel ratio; returns a context drawing in CSS pixels. */
export function fitCanvas(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D | null {
  const dpr = Math.min(3, (typeof devicePixelRatio === 'number' && devicePixelRatio) || 1);
  const w = Math.max(1, Math.round(width * dpr));
  const h = Math.max(1, Math.round(height * dpr));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}

/** Nice tick values covering [lo, hi] (about `count` of them). */
export function ticks(lo: number, hi: number, count = 5): number[] {
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const raw = span / count;
  const pow = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9 * step; v += step) out.push(Math.abs(v) < 1e-12 ? 0 : v);
  return out;
}

/** Light grid, axis ticks with labels along the bottom (x) and left (y) of a plot rectangle. */
export function drawAxes(
  ctx: CanvasRenderingContext2D, pal: Palette, sx: Scale, sy: Scale,
  xr: [number, number], yr: [number, number], opts: { xLabel?: string; yLabel?: string; yTicks?: boolean } = {},
): void {
  const [x0, x1] = [sx(xr[0]), sx(xr[1])];
  const [y0, y1] = [sy(yr[0]), sy(yr[1])];
  ctx.save();
  ctx.font = '11px system-ui, sans-serif';
  ctx.strokeStyle = pal.grid;
  ctx.fillStyle = pal.muted;
  ctx.lineWidth = 1;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const v of ticks(xr[0], xr[1], Math.max(5, Math.round((x1 - x0) / 70)))) {
    const p = Math.round(sx(v)) + 0.5;
    ctx.beginPath(); ctx.moveTo(p, y0); ctx.lineTo(p, y1); ctx.stroke();
    ctx.fillText(String(+v.toFixed(2)), p, y0 + 3);
  }
  if (opts.yTicks !== false) {
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const v of ticks(yr[0], yr[1], Math.max(3, Math.round((y0 - y1) / 45)))) {
      const p = Math.round(sy(v)) + 0.5;
      ctx.beginPath(); ctx.moveTo(x0, p); ctx.lineTo(x1, p); ctx.stroke();
      ctx.fillText(String(+v.toFixed(2)), x0 - 4, p);
    }
  }
  ctx.strokeStyle = pal.muted;
  ctx.strokeRect(Math.round(x0) + 0.5, Math.round(y1) + 0.5, Math.round(x1 - x0), Math.round(y0 - y1));
  if (opts.xLabel) {
    ctx.textAlign = 'right';
    ctx.textBaseline = 'bottom';
    ctx.fillStyle = pal.fg;
    ctx.fillText(opts.xLabel, x1 - 3, y0 - 3);
  }
  if (opts.yLabel) {
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    ctx.fillStyle = pal.fg;
    ctx.fillText(opts.yLabel, x0 + 4, y1 + 3);
  }
  ctx.restore();
}

/** Strokes y = f(x) sampled at `xs` (NaN/∞ values break the line). */
export function strokeCurve(ctx: CanvasRenderingContext2D, xs: ArrayLike<number>, ys: ArrayLike<number>, sx: Scale, sy: Scale): void {
  ctx.beginPath();
  let pen = false;
  for (let i = 0; i < xs.length; i++) {
    const y = ys[i];
    if (!Number.isFinite(y)) { pen = false; continue; }
    const px = sx(xs[i]);
    const py = sy(y);
    if (pen) ctx.lineTo(px, py); else ctx.moveTo(px, py);
    pen = true;
  }
  ctx.stroke();
}

/** Calls cb with a fresh palette when the theme attribute or the system colour scheme changes. */
export function watchTheme(cb: (pal: Palette) => void): () => void {
  if (typeof document === 'undefined') return () => {};
  const fire = () => cb(readPalette());
  const mo = new MutationObserver(fire);
  mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class', 'style'] });
  const mq = typeof matchMedia !== 'undefined' ? matchMedia('(prefers-color-scheme: dark)') : null;
  mq?.addEventListener('change', fire);
  return () => { mo.disconnect(); mq?.removeEventListener('change', fire); };
}

/** Calls cb with the element's content width now and whenever it changes. */
export function watchWidth(el: HTMLElement, cb: (width: number) => void): () => void {
  cb(el.clientWidth || 320);
  if (typeof ResizeObserver === 'undefined') return () => {};
  let last = -1;
  const ro = new ResizeObserver(() => {
    const w = el.clientWidth;
    if (w > 0 && Math.abs(w - last) >= 1) { last = w; cb(w); }
  });
  ro.observe(el);
  return () => ro.disconnect();
}

/** Canvas colour with an alpha channel, for any CSS colour the palette holds (hex or rgb). */
export function alpha(color: string, a: number): string {
  const c = color.trim();
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(c);
  if (hex) {
    let h = hex[1];
    if (h.length === 3) h = h.split('').map((ch) => ch + ch).join('');
    const n = parseInt(h, 16);
    return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${a})`;
  }
  const rgb = /^rgba?\(([^)]+)\)$/i.exec(c);
  if (rgb) {
    const [r, g, b] = rgb[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return `rgba(${r},${g},${b},${a})`;
  }
  return c;
}
