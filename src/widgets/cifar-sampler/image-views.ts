/**
 * What the sampler's image views show outside a run's frames: the grid (four columns) or the sweep's
 * panels (one per w, the same noise in each). Before a run they hold the seeded noise x₀ at half
 * contrast; after it, the run's images.
 */
import { drawImageGrid, PIXELS } from '../../lib/viz/cifar-images.ts';
import { gaussianNoise } from '../../lib/nn/unet-noise.ts';

export interface ImageViews {
  grid: HTMLCanvasElement | undefined;
  panels: (HTMLCanvasElement | undefined)[];
}

/** The seeded noise of `n` images as drawn at t = 0: halved and clipped to [−1, 1]. */
export function halfContrastNoise(n: number, seed: number): Float32Array {
  return gaussianNoise(n * PIXELS, seed).map((v) => Math.max(-1, Math.min(1, v / 2)));
}

/** The noise x₀ of `n` images: in every sweep panel, or in the grid. */
export function drawNoiseImages(views: ImageViews, sweep: boolean, n: number, seed: number): void {
  const noise = halfContrastNoise(n, seed);
  if (!sweep) {
    if (views.grid) drawImageGrid(views.grid, noise, n, 4);
    return;
  }
  for (const c of views.panels) if (c) drawImageGrid(c, noise, n, 1);
}

/** A finished run's `n` images (model space): each sweep panel its w's share in order, or the whole grid. */
export function drawRunImages(views: ImageViews, sweep: boolean, n: number, images: Float32Array, panelCount: number): void {
  if (!sweep) {
    if (views.grid) drawImageGrid(views.grid, images, n, 4);
    return;
  }
  const per = n / panelCount;
  views.panels.forEach((c, j) => c && drawImageGrid(c, images.subarray(j * per * PIXELS, (j + 1) * per * PIXELS), per, 1));
}
