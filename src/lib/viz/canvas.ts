/**
 * Canvas drawing shared by the widgets (src/lib/viz: renderers may touch the DOM, never compute
 * math): device-pixel-ratio sizing, linear data→pixel scales, nice ticks and axes, curves, heat
 * maps tinted with a theme colour, arrows, colours with alpha, and the theme and width observers
 * that trigger a repaint.
 */
import { readPalette, type Palette } from './palette.ts';

/** A linear map from a data interval to a pixel interval, with its inverse and both intervals. */
export interface Scale {
  (v: number): number;
  inv(p: number): number;
  domain: [number, number];
  range: [number, number];
}

/** Linear map from `domain` (data) to `range` (pixels), and back with `.inv`. */
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

/** A canvas on the page, or one drawn from a worker (a page canvas's `transferControlToOffscreen()`). */
export type AnyCanvas = HTMLCanvasElement | OffscreenCanvas;
/** A 2-D context of either kind of canvas: what drawing code that also runs in a worker may use. */
export type Ctx2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** The page's device pixel ratio, at most 3 (below 1 when zoomed out; 1 where there is none, as in a worker). */
export function pageDpr(): number {
  return Math.min(3, (typeof devicePixelRatio === 'number' && devicePixelRatio) || 1);
}

/**
 * Sizes the canvas's backing store for the device pixel ratio and clears it; returns a context that
 * draws in CSS pixels, or null when the canvas has no 2-D context. `dpr` is the page's pixel ratio:
 * a widget passes `pixelRatio()` (widgets/shared/pixel-ratio.svelte.ts), so that its draw effect runs
 * again when the ratio changes; a worker, which has none of its own, gets the page's. The context is
 * of the canvas's kind: drawing code shared with a worker takes a `Ctx2D`, so a method only the
 * page's context has does not type-check there.
 */
export function fitCanvas(canvas: HTMLCanvasElement, cssWidth: number, cssHeight: number, dpr: number): CanvasRenderingContext2D | null;
export function fitCanvas(canvas: AnyCanvas, cssWidth: number, cssHeight: number, dpr: number): Ctx2D | null;
export function fitCanvas(canvas: AnyCanvas, cssWidth: number, cssHeight: number, dpr: number): Ctx2D | null {
  const w = Math.max(1, Math.round(cssWidth * dpr));
  const h = Math.max(1, Math.round(cssHeight * dpr));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, cssWidth, cssHeight);
  return ctx;
}

/** Nice tick values (steps of 1, 2 or 5 times a power of ten) covering [lo, hi], about `count` of them. */
function ticks(lo: number, hi: number, count = 5): number[] {
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const raw = span / count;
  const pow = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9 * step; v += step) out.push(Math.abs(v) < 1e-12 ? 0 : v);
  return out;
}

export interface AxesOptions {
  /** Tick values; by default nice ticks spaced about 70 px (x) and 45 px (y) apart. */
  xTicks?: number[];
  yTicks?: number[];
  xLabel?: string;
  yLabel?: string;
  /**
   * 'framed' (default): pixel-snapped grid, a frame around the plot, axis labels inside it.
   * 'open': grid without frame, axis labels outside the plot (beyond the tick labels).
   */
  style?: 'framed' | 'open';
}

/** Light grid over the plot rectangle spanned by the two scales, tick labels below (x) and left (y). */
export function drawAxes(ctx: Ctx2D, pal: Palette, sx: Scale, sy: Scale, opts: AxesOptions = {}): void {
  const framed = (opts.style ?? 'framed') === 'framed';
  const snap = framed ? (p: number) => Math.round(p) + 0.5 : (p: number) => p;
  const [left, right] = [Math.min(...sx.range), Math.max(...sx.range)];
  const [top, bottom] = [Math.min(...sy.range), Math.max(...sy.range)];
  const xTicks = opts.xTicks ?? ticks(sx.domain[0], sx.domain[1], Math.max(5, Math.round((right - left) / 70)));
  const yTicks = opts.yTicks ?? ticks(sy.domain[0], sy.domain[1], Math.max(3, Math.round((bottom - top) / 45)));
  ctx.save();
  ctx.font = '11px system-ui, sans-serif';
  ctx.strokeStyle = pal.grid;
  ctx.fillStyle = pal.muted;
  ctx.lineWidth = 1;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const v of xTicks) {
    const p = snap(sx(v));
    ctx.beginPath();
    ctx.moveTo(p, sy.range[0]);
    ctx.lineTo(p, sy.range[1]);
    ctx.stroke();
    ctx.fillText(String(+v.toFixed(2)), p, bottom + 3);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const v of yTicks) {
    const p = snap(sy(v));
    ctx.beginPath();
    ctx.moveTo(sx.range[0], p);
    ctx.lineTo(sx.range[1], p);
    ctx.stroke();
    ctx.fillText(String(+v.toFixed(2)), left - 4, p);
  }
  if (framed) {
    ctx.strokeStyle = pal.muted;
    ctx.strokeRect(Math.round(left) + 0.5, Math.round(top) + 0.5, Math.round(right - left), Math.round(bottom - top));
    ctx.fillStyle = pal.fg;
  }
  if (opts.xLabel) {
    ctx.textAlign = 'right';
    ctx.textBaseline = framed ? 'bottom' : 'top';
    ctx.fillText(opts.xLabel, framed ? right - 3 : right, framed ? bottom - 3 : bottom + 15);
  }
  if (opts.yLabel) {
    ctx.textAlign = 'left';
    ctx.textBaseline = framed ? 'top' : 'bottom';
    ctx.fillText(opts.yLabel, framed ? left + 4 : left - 22, framed ? top + 3 : top - 4);
  }
  ctx.restore();
}

/** Strokes y = f(x) sampled at `xs` (NaN/∞ values break the line). */
export function strokeCurve(ctx: Ctx2D, xs: ArrayLike<number>, ys: ArrayLike<number>, sx: Scale, sy: Scale): void {
  ctx.beginPath();
  let pen = false;
  for (let i = 0; i < xs.length; i++) {
    const y = ys[i];
    if (!Number.isFinite(y)) {
      pen = false;
      continue;
    }
    const px = sx(xs[i]);
    const py = sy(y);
    if (pen) ctx.lineTo(px, py);
    else ctx.moveTo(px, py);
    pen = true;
  }
  ctx.stroke();
}

/**
 * One small canvas reused by every heat map (an animation drew two per frame, each on a canvas
 * created for it); resized only when the grid's size changes.
 */
let scratch: AnyCanvas | null = null;
function scratchCanvas(width: number, height: number): AnyCanvas {
  scratch ??= typeof document !== 'undefined' ? document.createElement('canvas') : new OffscreenCanvas(width, height);
  if (scratch.width !== width) scratch.width = width;
  if (scratch.height !== height) scratch.height = height;
  return scratch;
}

/**
 * Draws a grid of non-negative values (row-major, `rows` × `cols`, row 0 at the TOP of `rect`) as
 * a heat map: colour `color`, opacity proportional to value / max (values already normalised to
 * [0, 1] are drawn as they are when `max` is 1).
 */
export function drawHeatmap(
  ctx: Ctx2D,
  values: ArrayLike<number>,
  cols: number,
  rows: number,
  rect: { x: number; y: number; w: number; h: number },
  color: string,
  max = 1,
  maxAlpha = 0.85,
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
  const off = scratchCanvas(cols, rows);
  (off.getContext('2d') as Ctx2D).putImageData(img, 0, 0);
  ctx.save();
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(off, rect.x, rect.y, rect.w, rect.h);
  ctx.restore();
}

/** An arrow from (x0, y0) to (x1, y1) in pixels with a head of `head` pixels. */
export function drawArrow(ctx: Ctx2D, x0: number, y0: number, x1: number, y1: number, head = 5): void {
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

const rgbCache = new Map<string, [number, number, number]>();
/**
 * RGB bytes of a CSS colour: hex and rgb()/rgba() are parsed directly; anything else (`oklch()`,
 * names, …) is resolved by painting it on a 1×1 canvas (grey where there is no canvas at all).
 */
function toRgb(color: string): [number, number, number] {
  const c = color.trim();
  const hit = rgbCache.get(c);
  if (hit) return hit;
  let out: [number, number, number] = [128, 128, 128];
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(c);
  const rgb = /^rgba?\(([^)]+)\)$/i.exec(c);
  if (hex) {
    let h = hex[1];
    if (h.length === 3)
      h = h
        .split('')
        .map((ch) => ch + ch)
        .join('');
    const n = parseInt(h, 16);
    out = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  } else if (rgb) {
    const [r, g, b] = rgb[1]
      .split(/[ ,/]+/)
      .filter(Boolean)
      .map(Number);
    out = [r, g, b];
  } else if (typeof document !== 'undefined' || typeof OffscreenCanvas !== 'undefined') {
    const cv: AnyCanvas = typeof document !== 'undefined' ? document.createElement('canvas') : new OffscreenCanvas(1, 1);
    cv.width = cv.height = 1;
    const g = cv.getContext('2d', { willReadFrequently: true });
    if (g) {
      g.fillStyle = '#808080';
      g.fillStyle = c;
      g.fillRect(0, 0, 1, 1);
      const d = g.getImageData(0, 0, 1, 1).data;
      out = [d[0], d[1], d[2]];
    }
  }
  rgbCache.set(c, out);
  return out;
}

/** The colour with opacity `alpha` (clamped to [0, 1]) as an `rgba()` string. */
export function withAlpha(color: string, alpha: number): string {
  const [r, g, b] = toRgb(color);
  return `rgba(${r},${g},${b},${+Math.max(0, Math.min(1, alpha)).toFixed(3)})`;
}

/** Calls cb with a fresh palette when the theme attribute or the system colour scheme changes. */
export function watchTheme(cb: (pal: Palette) => void): () => void {
  if (typeof document === 'undefined') return () => {};
  const fire = () => {
    rgbCache.clear();
    cb(readPalette());
  };
  const mo = new MutationObserver(fire);
  mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class', 'style'] });
  const mq = typeof matchMedia !== 'undefined' ? matchMedia('(prefers-color-scheme: dark)') : null;
  mq?.addEventListener('change', fire);
  return () => {
    mo.disconnect();
    mq?.removeEventListener('change', fire);
  };
}

/** Calls cb with the element's width in whole CSS pixels now (320 if not laid out yet) and whenever it changes. */
export function watchWidth(el: Element, cb: (width: number) => void): () => void {
  cb(Math.floor(el.getBoundingClientRect().width) || 320);
  if (typeof ResizeObserver === 'undefined') return () => {};
  let last = -1;
  const ro = new ResizeObserver((entries) => {
    for (const e of entries) {
      const w = Math.floor(e.contentRect.width);
      if (w > 0 && w !== last) {
        last = w;
        cb(w);
      }
    }
  });
  ro.observe(el);
  return () => ro.disconnect();
}
