/**
 * The CIFAR sampler's pre-rendered first paint (src/widgets/cifar-sampler/first-paint/) belongs to the
 * shipped default checkpoint: its manifest names the default of public/checkpoints/index.json with the
 * sha256 of its weights and its training step, its settings are the widget's defaults, the PNG is the
 * file the manifest describes (size, sha256, dimensions of the widget's grid canvas) and small, and
 * image 0, sampled again now with our engine (TF.js wasm in Node, as scripts/cifar-first-paint.ts
 * does), is the image in the PNG. Exporting a new default checkpoint without running
 * `npm run first-paint:cifar` fails here.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../../src/lib/nn/tf.ts';
import {
  classLabels,
  gridSize,
  GRID_COLUMNS,
  sameAsFirstPaint,
  type FirstPaintManifest,
} from '../../../src/lib/engine/cifar/first-paint.ts';
import { defaultSettings } from '../../../src/lib/state/settings.ts';
import { samplerSchema } from '../../../src/widgets/cifar-sampler/settings.ts';
import { decodePng } from '../../../scripts/png.ts';
import { resampleFirstImage } from './resample-first-image.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const DIR = resolve(ROOT, 'src/widgets/cifar-sampler/first-paint');
const REGENERATE = 'run `npm run first-paint:cifar` after exporting a new default checkpoint';
const index = JSON.parse(readFileSync(resolve(ROOT, 'public/checkpoints/index.json'), 'utf8')) as { default: string };
const folder = resolve(ROOT, 'public/checkpoints', index.default);
const metadata = JSON.parse(readFileSync(resolve(folder, 'metadata.json'), 'utf8')) as {
  training: { steps: number };
  weights: { shards: { sha256: string }[] };
};
const manifest = JSON.parse(readFileSync(resolve(DIR, 'manifest.json'), 'utf8')) as FirstPaintManifest;

describe('first paint of the CIFAR sampler', () => {
  it('is rendered from the shipped default checkpoint (name, weights sha256, step)', () => {
    expect(manifest.checkpoint, REGENERATE).toBe(index.default);
    expect(manifest.weightsSha256, REGENERATE).toEqual(metadata.weights.shards.map((s) => s.sha256));
    expect(manifest.step, REGENERATE).toBe(metadata.training.steps);
    expect(manifest.file).toBe(`${index.default}-${metadata.weights.shards[0].sha256.slice(0, 12)}.png`);
  });

  it("at the widget's default settings, so the widget shows it before the first run", () => {
    const d = defaultSettings(samplerSchema);
    const { solver, nfe, count, seed, label, guidance } = d;
    expect(manifest.settings).toEqual({ solver, nfe, count, seed, label, guidance });
    expect(sameAsFirstPaint(manifest, d.checkpoint, d)).toBe(true);
    expect(sameAsFirstPaint(manifest, d.checkpoint, { ...d, seed: d.seed + 1 })).toBe(false);
  });

  it('the PNG is the one described: size, sha256, the grid canvas dimensions, and small', () => {
    expect(readdirSync(DIR).sort()).toEqual([manifest.file, 'manifest.json'].sort());
    const png = readFileSync(resolve(DIR, manifest.file));
    expect(png.length).toBe(manifest.bytes);
    expect(createHash('sha256').update(png).digest('hex')).toBe(manifest.sha256);
    const { width, height } = decodePng(png);
    const want = gridSize(manifest.settings.count, GRID_COLUMNS);
    expect([width, height]).toEqual([want.w, want.h]);
    expect([manifest.width, manifest.height]).toEqual([want.w, want.h]);
    expect(png.length).toBeLessThan(60 * 1024);
  });

  describe('sampled again with our engine', () => {
    beforeAll(async () => {
      await import('@tensorflow/tfjs-backend-wasm');
      if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend unavailable');
      await tf.ready();
    }, 60_000);

    it('image 0 (same seed, class and settings) is the first image of the PNG', async () => {
      const s = manifest.settings;
      const worst = await resampleFirstImage(folder, resolve(DIR, manifest.file), s, classLabels(1, s.label)[0]);
      console.info(`first paint, image 0 re-sampled: max |byte difference| ${worst}`);
      expect(worst, REGENERATE).toBeLessThanOrEqual(2);
    }, 120_000);
  });
});
