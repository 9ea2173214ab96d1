/**
 * Drawing the strips before a run (placeholders at their final size) and a finished run's frames along t: up to 8 of the frames x_t of the followed image (ends
 * included) on one strip and, under each, the network's guess x̂₁ at the same t on the other; the
 * guess row is emptied (not left with an earlier run's guesses) when the checkpoint's path gives none.
 */
import { drawImageGrid, drawStripPlaceholder, PIXELS } from '../../lib/viz/cifar-images.ts';
import { gaussianNoise } from '../../lib/nn/unet-noise.ts';
import { pickFrames } from '../../lib/engine/cifar/first-paint.ts';
import type { CifarPredictionInfo } from '../../lib/engine/cifar/protocol.ts';

export interface RunFrame {
  t: number;
  pixels: Uint8ClampedArray;
  prediction?: Uint8ClampedArray;
}

export function drawStrips(
  strip: HTMLCanvasElement | undefined,
  guessStrip: HTMLCanvasElement | undefined,
  frames: RunFrame[],
  predictions: CifarPredictionInfo | undefined,
): { frameTimes: number[]; guessShown: boolean; guessMissing: string } {
  const pick = pickFrames(frames.length).map((i) => frames[i]);
  const row = (images: Uint8ClampedArray[]) => {
    const data = new Uint8ClampedArray(images.length * PIXELS);
    images.forEach((p, i) => data.set(p, i * PIXELS));
    return data;
  };
  if (strip) drawImageGrid(strip, row(pick.map((f) => f.pixels)), pick.length, pick.length, 2, true);
  const guesses = pick.every((f) => f.prediction) ? pick.map((f) => f.prediction!) : null;
  if (guesses && guessStrip) drawImageGrid(guessStrip, row(guesses), pick.length, pick.length, 2, true);
  else if (guessStrip && strip) {
    guessStrip.width = strip.width;
    guessStrip.height = strip.height;
    guessStrip.getContext('2d')?.clearRect(0, 0, guessStrip.width, guessStrip.height);
  }
  return {
    frameTimes: pick.map((f) => f.t),
    guessShown: Boolean(guesses),
    guessMissing: guesses ? '' : predictions && !predictions.ok ? predictions.reason : 'this run sent no guesses',
  };
}

/**
 * Before a run: both strips at their final size (`cells` frames), the x_t row starting with the
 * followed image's x₀, which is noise image 0 of the seeded batch in both views (the sweep repeats
 * the noise).
 */
export function drawStripsBeforeRun(strip: HTMLCanvasElement, guessStrip: HTMLCanvasElement, cells: number, seed: number): void {
  drawStripPlaceholder(strip, cells, gaussianNoise(PIXELS, seed));
  drawStripPlaceholder(guessStrip, cells);
}
