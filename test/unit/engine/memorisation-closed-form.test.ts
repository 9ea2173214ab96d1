/**
 * The memorisation widget's closed-form engine (engine/cifar/memorisation-runner.ts), driven as its
 * worker drives it, on small images: its samples and their neighbours are those of the closed-form
 * sampler and the neighbour search run directly; the spacing is the median nearest-other distance
 * of the first 64 images; a newer run silences the older one; a paused run waits.
 */
import { describe, expect, it } from 'vitest';
import { sampleClosedFormImages } from '../../../src/lib/engine/cifar/closed-form-images.ts';
import { median, nearestNeighboursInSlices } from '../../../src/lib/engine/cifar/image-neighbours.ts';
import type { MemorisationEvent } from '../../../src/lib/engine/cifar/memorisation-protocol.ts';
import { MemorisationRunner, SPACING_QUERIES } from '../../../src/lib/engine/cifar/memorisation-runner.ts';
import { gaussianNoise } from '../../../src/lib/nn/unet-noise.ts';

const D = 48;
const COUNT = 80;
const images = gaussianNoise(COUNT * D, 77);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const noPause = () => Promise.resolve();
type Samples = Extract<MemorisationEvent, { type: 'samples' }>;

function start(sliceMs = 0) {
  const events: MemorisationEvent[] = [];
  const runner = new MemorisationRunner({ sliceMs, post: (ev) => events.push(ev) });
  runner.handle({ type: 'init', gen: 1 });
  runner.handle({ type: 'images', images, count: COUNT, d: D });
  const samples = async (gen: number) => {
    const t0 = Date.now();
    for (;;) {
      const found = events.find((e): e is Samples => e.type === 'samples' && e.gen === gen);
      if (found) return found;
      if (Date.now() - t0 > 60_000) throw new Error('timed out');
      await sleep(2);
    }
  };
  return { events, runner, samples };
}

describe('the closed-form engine of the memorisation widget', () => {
  it('gives the sampler’s samples, their nearest training images and the training set’s spacing', async () => {
    const { events, runner, samples } = start();
    runner.handle({ type: 'sample', gen: 2, k: 16, steps: 12, seed: 3, n: 5 });
    const got = await samples(2);
    const targets = images.subarray(0, 16 * D);
    const x1 = await sampleClosedFormImages(gaussianNoise(5 * D, 3), 5, targets, 16, D, { steps: 12 });
    expect(Array.from(got.x)).toEqual(Array.from(Float32Array.from(x1)));
    const nn = await nearestNeighboursInSlices(Float32Array.from(x1), 5, targets, 16, D, false, noPause);
    expect(Array.from(got.index)).toEqual(Array.from(nn.index));
    expect(Array.from(got.distance)).toEqual(Array.from(nn.distance));
    const q = Math.min(SPACING_QUERIES, COUNT);
    const own = await nearestNeighboursInSlices(images, q, images, COUNT, D, true, noPause);
    expect(events.find((e) => e.type === 'spacing')).toEqual({ type: 'spacing', median: median(own.distance), of: q });
    // the spacing came before the samples, and progress before the samples too
    const order = events.map((e) => e.type).filter((t) => t !== 'ready');
    expect(order[0]).toBe('spacing');
    expect(order.at(-1)).toBe('samples');
    expect(order).toContain('progress');
  });

  it('a newer run silences the older one; a paused run waits until resumed', async () => {
    const { events, runner, samples } = start();
    runner.handle({ type: 'sample', gen: 2, k: 60, steps: 200, seed: 3, n: 8 });
    while (!events.some((e) => e.type === 'progress' && e.gen === 2)) await sleep(1);
    runner.handle({ type: 'sample', gen: 3, k: 8, steps: 10, seed: 4, n: 4 });
    const at = events.length;
    await samples(3);
    expect(events.slice(at).every((e) => !('gen' in e) || e.gen === 3)).toBe(true);
    expect(events.some((e) => e.type === 'samples' && e.gen === 2)).toBe(false);

    runner.handle({ type: 'pause' });
    runner.handle({ type: 'sample', gen: 4, k: 8, steps: 10, seed: 4, n: 4 });
    await sleep(150);
    expect(events.some((e) => e.type === 'samples' && e.gen === 4)).toBe(false);
    runner.handle({ type: 'resume' });
    expect((await samples(4)).x).toEqual((await samples(3)).x);
  });

  it('reports a run before any images, for that run', async () => {
    const events: MemorisationEvent[] = [];
    const runner = new MemorisationRunner({ sliceMs: 0, post: (ev) => events.push(ev) });
    runner.handle({ type: 'sample', gen: 2, k: 8, steps: 4, seed: 1, n: 2 });
    await sleep(20);
    expect(events).toEqual([{ type: 'error', gen: 2, message: 'no training images yet' }]);
  });
});
