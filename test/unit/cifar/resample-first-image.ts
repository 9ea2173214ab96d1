/**
 * Shared by the tests of the pre-rendered CIFAR grids (first paint, class grid): samples image 0 again
 * with our engine (TF.js wasm in Node) and returns the largest byte difference from the PNG's first
 * tile. Image 0's seeded noise is the first 3072 values of the batch's noise and images do not
 * interact in the UNet (GroupNorm is per image), so a batch of one reproduces it.
 */
import { readFileSync } from 'node:fs';
import { loadCheckpoint } from '../../../src/lib/nn/checkpoint.ts';
import { UNet } from '../../../src/lib/nn/unet.ts';
import { sampleImages } from '../../../src/lib/nn/unet-sampler.ts';
import { decodePng } from '../../../scripts/png.ts';

export interface ResampleSettings {
  nfe: number;
  solver: string;
  seed: number;
  guidance: number;
}

/** Max |byte difference| over image 0 between a fresh sample (class `label`, or unconditional) and the PNG. */
export async function resampleFirstImage(checkpoint: string, png: string, s: ResampleSettings, label: number): Promise<number> {
  const ck = await loadCheckpoint(checkpoint);
  const model = new UNet(ck.config, ck.weights);
  const res = await sampleImages(model, {
    n: 1,
    nfe: s.nfe,
    solver: s.solver as 'euler',
    seed: s.seed,
    labels: model.config.num_classes ? Int32Array.of(label) : undefined,
    guidance: s.guidance,
  });
  model.dispose();
  const { rgba, width } = decodePng(readFileSync(png));
  let worst = 0;
  for (let r = 0; r < 32; r++)
    for (let c = 0; c < 32; c++)
      for (let k = 0; k < 3; k++) {
        const want = Math.min(255, Math.max(0, Math.round((res.images[(r * 32 + c) * 3 + k] + 1) * 127.5)));
        worst = Math.max(worst, Math.abs(rgba[(r * width + c) * 4 + k] - want));
      }
  return worst;
}
