/**
 * The images chapter's class grid (src/components/images/class-grid/) belongs to the shipped default
 * checkpoint: its manifest names the default of public/checkpoints/index.json with the sha256 of its
 * weights and its step, its settings are the sampler's defaults (solver, NFE, seed, guidance) with a
 * row per class, the PNG is the file described (size, sha256, grid dimensions), and image 0 — sampled
 * again now with our engine, class 0 — is the first image of the PNG. Exporting a new default
 * checkpoint without running `npm run first-paint:cifar` fails here.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../../src/lib/nn/tf.ts';
import { gridSize } from '../../../src/lib/engine/cifar/first-paint.ts';
import { CLASS_GRID_PER_CLASS, rowLabels, type ClassGridManifest } from '../../../src/lib/engine/cifar/class-grid.ts';
import { CIFAR_CLASSES } from '../../../src/lib/engine/cifar/catalogue.ts';
import { SAMPLER_DEFAULTS } from '../../../src/widgets/cifar-sampler/defaults.ts';
import { decodePng } from '../../../scripts/png.ts';
import { resampleFirstImage } from './resample-first-image.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const DIR = resolve(ROOT, 'src/components/images/class-grid');
const REGENERATE = 'run `npm run first-paint:cifar` after exporting a new default checkpoint';
const index = JSON.parse(readFileSync(resolve(ROOT, 'public/checkpoints/index.json'), 'utf8')) as { default: string };
const folder = resolve(ROOT, 'public/checkpoints', index.default);
const metadata = JSON.parse(readFileSync(resolve(folder, 'metadata.json'), 'utf8')) as {
  training: { steps: number };
  weights: { shards: { sha256: string }[] };
};
const manifest = JSON.parse(readFileSync(resolve(DIR, 'manifest.json'), 'utf8')) as ClassGridManifest;

describe('rowLabels', () => {
  it('puts class r in row r, perClass images each, in sampling order', () => {
    expect(Array.from(rowLabels(3, 4))).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
    expect(() => rowLabels(0, 10)).toThrow(/perClass/);
    expect(() => rowLabels(2.5, 10)).toThrow(/perClass/);
    expect(() => rowLabels(2, -1)).toThrow(/classes/);
  });
});

describe('class grid of the images chapter', () => {
  it('is rendered from the shipped default checkpoint (name, weights sha256, step)', () => {
    expect(manifest.checkpoint, REGENERATE).toBe(index.default);
    expect(manifest.weightsSha256, REGENERATE).toEqual(metadata.weights.shards.map((s) => s.sha256));
    expect(manifest.step, REGENERATE).toBe(metadata.training.steps);
    expect(manifest.file).toBe(`${index.default}-${metadata.weights.shards[0].sha256.slice(0, 12)}.png`);
  });

  it("at the sampler's default solver, NFE, seed and guidance, a row per CIFAR-10 class", () => {
    const { solver, nfe, seed, guidance } = SAMPLER_DEFAULTS;
    expect(manifest.settings).toEqual({ solver, nfe, seed, guidance, perClass: CLASS_GRID_PER_CLASS, classes: CIFAR_CLASSES.length });
  });

  it('the PNG is the one described: size, sha256, grid dimensions, and small', () => {
    expect(readdirSync(DIR).sort()).toEqual([manifest.file, 'manifest.json'].sort());
    const png = readFileSync(resolve(DIR, manifest.file));
    expect(png.length).toBe(manifest.bytes);
    expect(createHash('sha256').update(png).digest('hex')).toBe(manifest.sha256);
    const { width, height } = decodePng(png);
    const s = manifest.settings;
    const want = gridSize(s.perClass * s.classes, s.perClass);
    expect([width, height]).toEqual([want.w, want.h]);
    expect([manifest.width, manifest.height]).toEqual([want.w, want.h]);
    expect(png.length).toBeLessThan(250 * 1024);
  });

  describe('sampled again with our engine', () => {
    beforeAll(async () => {
      await import('@tensorflow/tfjs-backend-wasm');
      if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend unavailable');
      await tf.ready();
    }, 60_000);

    it('image 0 (class 0, same seed and settings) is the first image of the PNG', async () => {
      const worst = await resampleFirstImage(folder, resolve(DIR, manifest.file), manifest.settings, rowLabels(1, 1)[0]);
      expect(worst, REGENERATE).toBeLessThanOrEqual(2);
    }, 120_000);
  });
});
