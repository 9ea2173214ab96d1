/** Drawing CIFAR images (NHWC float32 in the model's space [-1, 1], or uint8) onto a canvas, pixel-exact. */

export const SIDE = 32;
export const PIXELS = SIDE * SIDE * 3;

/** Writes image `i` of `data` into `target` (RGBA, width `stride` pixels) at (x, y). */
function blit(target: Uint8ClampedArray, stride: number, x: number, y: number, data: ArrayLike<number>, i: number, isU8: boolean): void {
  const o = i * PIXELS;
  for (let r = 0; r < SIDE; r++) {
    for (let c = 0; c < SIDE; c++) {
      const s = o + (r * SIDE + c) * 3;
      const d = ((y + r) * stride + (x + c)) * 4;
      for (let k = 0; k < 3; k++) target[d + k] = isU8 ? data[s + k] : Math.round((data[s + k] + 1) * 127.5);
      target[d + 3] = 255;
    }
  }
}

/**
 * Draws `n` images in a grid of `cols` columns with a `gap`-pixel gap (canvas pixels, before CSS scaling)
 * and resizes the canvas to fit. Empty cells stay transparent.
 */
export function drawImageGrid(canvas: HTMLCanvasElement, data: ArrayLike<number>, n: number, cols: number, gap = 2, isU8 = false): void {
  const rows = Math.max(1, Math.ceil(n / cols));
  const w = cols * SIDE + (cols - 1) * gap;
  const h = rows * SIDE + (rows - 1) * gap;
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const img = ctx.createImageData(w, h);
  for (let i = 0; i < n; i++) blit(img.data, w, (i % cols) * (SIDE + gap), Math.floor(i / cols) * (SIDE + gap), data, i, isU8);
  ctx.putImageData(img, 0, 0);
}

/** Copies image `i` out of a batch (float32 or uint8). */
export function pickImage<T extends Float32Array | Uint8Array>(data: T, i: number): T {
  return data.subarray(i * PIXELS, (i + 1) * PIXELS) as T;
}
