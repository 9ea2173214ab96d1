/**
 * The memorisation widget's full-set neighbours (src/widgets/memorisation/full-neighbours.json,
 * scripts/cifar-neighbours.ts): searched for the shipped default checkpoint (name, weights sha256) with
 * the widget's network run, for the seeds a reader reaches from the default one; the full search is
 * never worse than the 256-image one and agrees with it where the neighbour is among the 256; the
 * ranking margin leaves no room for float32 error. Image 0 of seed 1, sampled again here with our
 * engine, has the nearest of the 256 shipped images (found here by brute force) the file records: the
 * images searched are the widget's. Plus the widget's checks: agreement tolerance, pack parsing.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findCifarDir } from '../../../scripts/cifar-dir.ts';
import { tf } from '../../../src/lib/nn/tf.ts';
import { loadCheckpoint } from '../../../src/lib/nn/checkpoint.ts';
import { UNet } from '../../../src/lib/nn/unet.ts';
import { sampleImages } from '../../../src/lib/nn/unet-sampler.ts';
import { memorisationSchema, NETWORK_RUN } from '../../../src/widgets/memorisation/settings.ts';
import {
  agrees,
  DISTANCE_TOLERANCE,
  distanceToU8,
  entryFor,
  parsePack,
  seedRange,
  type FullNeighbours,
} from '../../../src/widgets/memorisation/full-neighbours.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const REGENERATE = 'run `node scripts/cifar-neighbours.ts` after exporting a new default checkpoint';
const index = JSON.parse(readFileSync(resolve(ROOT, 'public/checkpoints/index.json'), 'utf8')) as { default: string };
const folder = resolve(ROOT, 'public/checkpoints', index.default);
const metadata = JSON.parse(readFileSync(resolve(folder, 'metadata.json'), 'utf8')) as { weights: { shards: { sha256: string }[] } };
const data = JSON.parse(readFileSync(resolve(ROOT, 'src/widgets/memorisation/full-neighbours.json'), 'utf8')) as FullNeighbours;
const FIXTURE_DIR = findCifarDir(['fixture-256.u8']);
const FIXTURE = FIXTURE_DIR && resolve(FIXTURE_DIR, 'fixture-256.u8');
const D = 32 * 32 * 3;

describe('full-neighbours.json', () => {
  it('belongs to the shipped default checkpoint and the widget’s network run', () => {
    expect(data.checkpoint, REGENERATE).toBe(index.default);
    expect(data.weightsSha256, REGENERATE).toEqual(metadata.weights.shards.map((s) => s.sha256));
    expect(data.run).toEqual(NETWORK_RUN);
    expect(data.trainImages).toBe(50_000);
  });

  it('covers the default seed and the next ones a reader gets with "New seed"', () => {
    const seeds = data.seeds.map((e) => e.seed);
    expect(seeds[0]).toBe(memorisationSchema.seed.default);
    seeds.forEach((s, k) => expect(s).toBe(seeds[0] + k));
    expect(seeds.length).toBeGreaterThanOrEqual(16);
    expect(seedRange(data)).toBe(`1–${seeds.length}`);
  });

  it('has a neighbour per image; the full search is never worse and agrees with the 256 where it can', () => {
    for (const e of data.seeds) {
      for (const key of ['index', 'distance', 'index256', 'distance256'] as const) expect(e[key]).toHaveLength(NETWORK_RUN.count);
      e.index.forEach((i, k) => {
        expect(Number.isInteger(i) && i >= 0 && i < data.trainImages).toBe(true);
        expect(e.index256[k]).toBeGreaterThanOrEqual(0);
        expect(e.index256[k]).toBeLessThan(256);
        expect(e.distance[k]).toBeGreaterThan(0);
        expect(e.distance[k]).toBeLessThanOrEqual(e.distance256[k] + 1e-6);
        if (i < 256) {
          expect(e.index256[k]).toBe(i);
          expect(e.distance256[k]).toBeCloseTo(e.distance[k], 5);
        }
      });
    }
    // Float32 ranking errors in squared distances are ~1e-3 here; the margin is many units.
    expect(data.candidateMargin).toBeGreaterThan(1);
    expect(data.scale.medianToNearestOther).toBeLessThanOrEqual(data.scale.medianToNearestOther256);
  });

  it.runIf(FIXTURE)(
    'image 0 of seed 1, sampled again with our engine, has the recorded nearest of the 256 shipped images',
    async () => {
      // wasm, as the search was sampled (the cpu backend took over 120 s in CI's parallel run).
      await import('@tensorflow/tfjs-backend-wasm');
      if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend unavailable');
      await tf.ready();
      const ck = await loadCheckpoint(folder);
      const model = new UNet(ck.config, ck.weights);
      const { solver, nfe, seedOffset } = NETWORK_RUN;
      const entry = entryFor(data, index.default, 1)!;
      // Image 0's noise is the first 3072 values of the batch's noise; images do not interact.
      const res = await sampleImages(model, { n: 1, nfe, solver, seed: 1 + seedOffset });
      model.dispose();
      const shipped = readFileSync(FIXTURE!);
      let best = Infinity,
        at = -1;
      for (let m = 0; m < 256; m++) {
        const d = distanceToU8(res.images, 0, shipped.subarray(m * D, (m + 1) * D), D);
        if (d < best) [best, at] = [d, m];
      }
      expect(at).toBe(entry.index256[0]);
      expect(best).toBeCloseTo(entry.distance256[0], 2);
    },
    120_000,
  );
});

describe('the widget’s checks', () => {
  beforeAll(() => expect(data.seeds.length).toBeGreaterThan(0));

  it('entryFor: only this checkpoint, only a searched seed', () => {
    expect(entryFor(data, index.default, 1)?.seed).toBe(1);
    expect(entryFor(data, index.default, 10_000)).toBeNull();
    expect(entryFor(data, 'another-checkpoint', 1)).toBeNull();
  });

  it('agrees: within one JPEG level per value, not beyond; lengths must match', () => {
    expect(DISTANCE_TOLERANCE).toBeGreaterThanOrEqual(Math.sqrt(D) / 127.5);
    expect(agrees([10, 20], [10 + DISTANCE_TOLERANCE * 0.99, 20])).toBe(true);
    expect(agrees([10, 20], [10, 20 + DISTANCE_TOLERANCE * 1.01])).toBe(false);
    expect(agrees([10], [10, 20])).toBe(false);
    expect(agrees([], [])).toBe(false);
    expect(agrees([NaN], [1])).toBe(false);
  });

  it('parsePack: offsets from 0 to the byte count, increasing, one more than the indices', () => {
    expect(parsePack({ indices: [3, 9], offsets: [0, 5, 12] }, 12)).toEqual({ indices: [3, 9], offsets: [0, 5, 12] });
    for (const bad of [
      null,
      {},
      { indices: [3], offsets: [0, 5, 12] },
      { indices: [3, 9], offsets: [1, 5, 12] },
      { indices: [3, 9], offsets: [0, 5, 5] },
    ])
      expect(() => parsePack(bad, 12)).toThrow(/description/);
    expect(() => parsePack({ indices: [3, 9], offsets: [0, 5, 12] }, 13)).toThrow(/description/);
  });

  it('distanceToU8: L2 in model space (u8 / 127.5 − 1)', () => {
    // u8 (0, 255, 0) is (−1, 1, −1) in model space.
    expect(distanceToU8([-1, 1, 0], 0, [0, 255, 0], 3)).toBeCloseTo(1, 10);
    expect(distanceToU8([9, 0, 0, 0], 1, [0, 255, 0], 3)).toBeCloseTo(Math.sqrt(3), 10);
    expect(distanceToU8([-1, 1, -1], 0, [0, 255, 0], 3)).toBe(0);
  });
});
