/**
 * The CIFAR sampler's first paint: a sprite pre-rendered from the shipped default checkpoint by our
 * own engine (scripts/cifar-first-paint.ts: TF.js wasm in Node, the widget's default settings), shown
 * before any TF.js or weights load. This module holds what both sides need without TF.js: the
 * manifest's shape, the grid's layout (the widget's own canvas, pixel for pixel), which frames along
 * t the strips show, and the class of each image.
 *
 * The asset is the image grid exactly as the widget's canvas lays it out (4 columns, 2-px transparent
 * gaps), as a lossless RGBA PNG: 16 images at the defaults, ≈ 45 KB. The frames along t are not in it
 * (their early frames are noise, which does not compress); before a run the strips show their slots.
 */

/** Settings the sprite was rendered with: the widget's defaults (the test checks they still are). */
export interface FirstPaintSettings {
  solver: string;
  nfe: number;
  count: number;
  seed: number;
  label: number;
  guidance: number;
}

export interface FirstPaintManifest {
  /** Checkpoint folder name, the sha256 of its weights (one per shard) and its training step. */
  checkpoint: string;
  weightsSha256: string[];
  step: number | null;
  epochs: number | null;
  exported: string | null;
  settings: FirstPaintSettings;
  /** The engine that rendered it (backend, where). */
  engine: string;
  /** PNG file name (next to the manifest), its size and sha256. */
  file: string;
  bytes: number;
  sha256: string;
  /** The grid's size in pixels (the canvas the widget would draw; CSS scales it). */
  width: number;
  height: number;
}

export const SIDE = 32;
export const GAP = 2;
export const GRID_COLUMNS = 4;
/** At most this many frames along t are shown. */
export const MAX_FRAMES = 8;

/** Width and height in canvas pixels of `n` images in `cols` columns with GAP-pixel gaps (as drawImageGrid lays them out). */
export function gridSize(n: number, cols: number): { w: number; h: number } {
  const rows = Math.max(1, Math.ceil(n / cols));
  return { w: cols * SIDE + (cols - 1) * GAP, h: rows * SIDE + (rows - 1) * GAP };
}

/**
 * `n` images in model space ([-1, 1], NHWC, SIDE × SIDE × 3 each) laid out as drawImageGrid draws them
 * on the widget's canvas — `cols` columns, GAP-pixel transparent gaps, bytes round((x + 1) · 127.5)
 * clamped — as RGBA bytes, for the pre-rendered PNGs.
 */
export function gridRgba(images: Float32Array, n: number, cols: number): { rgba: Uint8Array; width: number; height: number } {
  const { w: width, h: height } = gridSize(n, cols);
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < n; i++) {
    const x = (i % cols) * (SIDE + GAP),
      y = Math.floor(i / cols) * (SIDE + GAP);
    for (let r = 0; r < SIDE; r++)
      for (let c = 0; c < SIDE; c++) {
        const src = (i * SIDE * SIDE + r * SIDE + c) * 3;
        const dst = ((y + r) * width + x + c) * 4;
        for (let k = 0; k < 3; k++) rgba[dst + k] = Math.min(255, Math.max(0, Math.round((images[src + k] + 1) * 127.5)));
        rgba[dst + 3] = 255;
      }
  }
  return { rgba, width, height };
}

/** Indices of the frames the strips show: all when there are at most MAX_FRAMES, else evenly spread ends included. */
export function pickFrames(total: number): number[] {
  if (total <= MAX_FRAMES) return Array.from({ length: total }, (_, i) => i);
  return Array.from({ length: MAX_FRAMES }, (_, i) => Math.round((i * (total - 1)) / (MAX_FRAMES - 1)));
}

/** The class of each of `n` images: `label` for all, or (label −1) one of each class in turn. */
export function classLabels(n: number, label: number, classes = 10): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => (label >= 0 ? label : i % classes));
}

/** Whether settings `s` would sample exactly what the sprite shows (then the sprite stands for a run). */
export function sameAsFirstPaint(m: FirstPaintManifest, checkpoint: string, s: FirstPaintSettings): boolean {
  const p = m.settings;
  return (
    m.checkpoint === checkpoint &&
    s.solver === p.solver &&
    s.nfe === p.nfe &&
    s.count === p.count &&
    s.seed === p.seed &&
    s.label === p.label &&
    s.guidance === p.guidance
  );
}
