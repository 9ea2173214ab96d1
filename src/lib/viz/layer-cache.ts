/**
 * A canvas layer kept between frames: an animation redraws only what moved and copies the rest from
 * a bitmap drawn once. The layer is in device pixels, so copying it with
 * `ctx.drawImage(layer.canvas, 0, 0, cssWidth, cssHeight)` under a context scaled by the same device
 * pixel ratio reproduces the direct drawing pixel for pixel.
 */

export interface Layer {
  canvas: HTMLCanvasElement;
  /** Draws in CSS pixels (scaled by the device pixel ratio). */
  ctx: CanvasRenderingContext2D;
  /** True when the layer was just cleared (a new key): everything must be drawn again. */
  fresh: boolean;
}

const sameKey = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

export class LayerCache {
  #canvas: HTMLCanvasElement | null = null;
  #ctx: CanvasRenderingContext2D | null = null;
  #key: readonly unknown[] | null = null;

  /** `make` creates the backing canvas (a test passes a stand-in). */
  constructor(private readonly make: () => HTMLCanvasElement = () => document.createElement('canvas')) {}

  /**
   * The layer for `key` (compared element by element with Object.is: pass the arrays and objects a
   * layer is drawn from, and the numbers that place it). The same key as last time returns the
   * layer as it was left, `fresh: false`; a new key resizes and clears it, `fresh: true`. Null when
   * the canvas has no 2-D context.
   */
  layer(key: readonly unknown[], cssWidth: number, cssHeight: number, dpr: number): Layer | null {
    if (!this.#canvas) this.#canvas = this.make();
    const canvas = this.#canvas;
    this.#ctx ??= canvas.getContext('2d');
    const ctx = this.#ctx;
    if (!ctx) return null;
    if (this.#key && sameKey(this.#key, key)) return { canvas, ctx, fresh: false };
    const w = Math.max(1, Math.round(cssWidth * dpr));
    const h = Math.max(1, Math.round(cssHeight * dpr));
    if (canvas.width !== w) canvas.width = w;
    if (canvas.height !== h) canvas.height = h;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.#key = [...key];
    return { canvas, ctx, fresh: true };
  }

  /** Forgets the key: the next `layer` call starts afresh. */
  invalidate(): void {
    this.#key = null;
  }
}
