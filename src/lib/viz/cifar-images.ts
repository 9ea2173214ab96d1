/**
 * Drawing CIFAR-10 images (32 × 32 RGB, NHWC: float32 in the model's space [-1, 1], or uint8 bytes)
 * onto a canvas, pixel-exact (the canvas is scaled with CSS, `image-rendering: pixelated`). Shared by
 * the CIFAR sampler and the memorisation widget.
 */

const SIDE = 32;
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

/** Canvas size (pixels) of a grid of `n` 32-px images in `cols` columns with `gap`-pixel gaps. */
export function imageGridSize(n: number, cols: number, gap = 2): { width: number; height: number } {
  const rows = Math.max(1, Math.ceil(n / cols));
  return { width: cols * SIDE + (cols - 1) * gap, height: rows * SIDE + (rows - 1) * gap };
}

/**
 * Draws `n` images in a grid of `cols` columns with a `gap`-pixel gap (canvas pixels, before CSS scaling)
 * and resizes the canvas to fit. Empty cells stay transparent.
 */
export function drawImageGrid(canvas: HTMLCanvasElement, data: ArrayLike<number>, n: number, cols: number, gap = 2, isU8 = false): void {
  const { width: w, height: h } = imageGridSize(n, cols, gap);
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const img = ctx.createImageData(w, h);
  for (let i = 0; i < n; i++) blit(img.data, w, (i % cols) * (SIDE + gap), Math.floor(i / cols) * (SIDE + gap), data, i, isU8);
  ctx.putImageData(img, 0, 0);
}

/**
 * A strip of `cells` frames before any run (first paint): the canvas gets the size the run's strip will
 * have, cell 0 shows `first` (model space, e.g. the noise x₀ the run will start from) when given, and
 * the other cells are faint placeholders, so the layout does not jump and the empty cells read as slots.
 */
export function drawStripPlaceholder(canvas: HTMLCanvasElement, cells: number, first?: ArrayLike<number>, gap = 2): void {
  const n = Math.max(1, cells);
  drawImageGrid(canvas, first ?? new Float32Array(0), first ? 1 : 0, n, gap);
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.fillStyle = 'rgba(128, 128, 128, 0.35)';
  for (let i = first ? 1 : 0; i < n; i++) ctx.fillRect(i * (SIDE + gap), 0, SIDE, SIDE);
}

/** Decodes a 32 × 32 JPEG (a CIFAR training image as stored in the dataset's pack) to RGB bytes, HWC. */
export async function decodeJpegRgb(bytes: Uint8Array): Promise<Uint8Array> {
  const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }), {
    colorSpaceConversion: 'none',
    premultiplyAlpha: 'none',
  });
  try {
    if (bitmap.width !== SIDE || bitmap.height !== SIDE)
      throw new Error(`a training image is ${bitmap.width} × ${bitmap.height}, not 32 × 32`);
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = SIDE;
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    ctx.drawImage(bitmap, 0, 0);
    const rgba = ctx.getImageData(0, 0, SIDE, SIDE).data;
    const out = new Uint8Array(PIXELS);
    for (let p = 0; p < SIDE * SIDE; p++) out.set(rgba.subarray(4 * p, 4 * p + 3), 3 * p);
    return out;
  } finally {
    bitmap.close();
  }
}
