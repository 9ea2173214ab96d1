/**
 * Two features of the CIFAR sampling engine (src/lib/engine/cifar/runner.ts) on the wasm backend with
 * the shipped checkpoint: the guidance sweep (the same seeded noise and labels once per w, in one
 * batch) gives, per w, the images of a plain run at that w; and a run paused between solver steps
 * (the widget scrolled away) posts no progress until it is resumed, then finishes, while a paused run
 * can still be cancelled.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CifarRunner, sweepBatch } from '../../../src/lib/engine/cifar/runner.ts';
import type { CifarCommand, CifarEvent } from '../../../src/lib/engine/cifar/protocol.ts';
import { loadModelAt } from '../../../src/lib/engine/cifar/model-cache.ts';
import { gaussianNoise, sampleImages } from '../../../src/lib/nn/unet-sampler.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const INDEX = JSON.parse(readFileSync(resolve(ROOT, 'public/checkpoints/index.json'), 'utf8')) as { default: string };
const URL_ = resolve(ROOT, 'public/checkpoints', INDEX.default) + '/';
const PIXELS = 32 * 32 * 3;

function harness() {
  const posted: CifarEvent[] = [];
  const runner = new CifarRunner({ where: 'worker', post: (ev) => posted.push(ev) });
  const until = async (pred: () => boolean, ms = 120_000) => {
    const t0 = Date.now();
    while (!pred()) {
      if (Date.now() - t0 > ms) throw new Error(`timeout; got ${posted.map((e) => e.type).join(',')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const of = (gen: number) => posted.filter((e) => 'gen' in e && e.gen === gen);
  return { posted, until, of, send: (c: CifarCommand) => runner.handle(c) };
}

describe('sweepBatch', () => {
  it('repeats the seeded noise and the labels once per w, grouped by w, each copy with its w', () => {
    const b = sweepBatch({ solver: 'euler', nfe: 2, seed: 9, count: 2, labels: Int32Array.from([4, 7]), sweep: [0, 1, 2, 4] }, PIXELS);
    expect(b.n).toBe(8);
    expect(Array.from(b.labels!)).toEqual([4, 7, 4, 7, 4, 7, 4, 7]);
    expect(Array.from(b.guidance as Float32Array)).toEqual([0, 0, 1, 1, 2, 2, 4, 4]);
    const noise = gaussianNoise(2 * PIXELS, 9);
    for (let j = 0; j < 4; j++) expect(b.x0!.subarray(j * 2 * PIXELS, (j + 1) * 2 * PIXELS)).toEqual(noise);
    expect(sweepBatch({ solver: 'euler', nfe: 2, seed: 9, count: 3, guidance: 2 }, PIXELS)).toEqual({
      n: 3,
      labels: undefined,
      guidance: 2,
    });
  });
});

describe('CIFAR engine: guidance sweep and pause', () => {
  const h = harness();
  beforeAll(async () => {
    h.send({ type: 'init', force: 'wasm', remembered: null });
    await h.until(() => h.posted.some((e) => e.type === 'backend'));
  }, 60_000);

  it('a sweep gives, per w, the images of a plain run at that w from the same noise and class', async () => {
    h.send({
      type: 'sample',
      gen: 2,
      url: URL_,
      request: { solver: 'euler', nfe: 2, seed: 7, count: 1, labels: Int32Array.from([3]), sweep: [0, 4], frames: true, frameIndex: 1 },
    });
    await h.until(() => h.of(2).some((e) => e.type === 'done' || e.type === 'error'));
    const done = h.of(2).at(-1) as Extract<CifarEvent, { type: 'done' }>;
    expect(done.type).toBe('done');
    expect(done.images.length).toBe(2 * PIXELS);
    const { model } = await loadModelAt(URL_);
    for (const [j, w] of [0, 4].entries()) {
      const plain = await sampleImages(model, { n: 1, nfe: 2, solver: 'euler', seed: 7, labels: Int32Array.from([3]), guidance: w });
      let worst = 0;
      for (let i = 0; i < PIXELS; i++) worst = Math.max(worst, Math.abs(done.images[j * PIXELS + i] - plain.images[i]));
      expect(worst).toBeLessThan(1e-4);
    }
    // w = 0 and w = 4 really differ (guidance changes the picture), and the frames follow image 1 (w = 4).
    let diff = 0;
    for (let i = 0; i < PIXELS; i++) diff += Math.abs(done.images[i] - done.images[PIXELS + i]);
    expect(diff / PIXELS).toBeGreaterThan(0.05);
    const last = h
      .of(2)
      .filter((e) => e.type === 'frame')
      .at(-1) as Extract<CifarEvent, { type: 'frame' }>;
    expect(last.pixels[0]).toBe(Math.min(255, Math.max(0, Math.round((done.images[PIXELS] + 1) * 127.5))));
  }, 180_000);

  it('a paused run posts no progress until resumed, then finishes; a paused run can be cancelled', async () => {
    h.send({ type: 'sample', gen: 3, url: URL_, request: { solver: 'euler', nfe: 6, seed: 1, count: 1 } });
    await h.until(() => h.of(3).some((e) => e.type === 'progress'));
    h.send({ type: 'pause', gen: 3 });
    expect(h.of(3).at(-1)).toEqual({ type: 'paused', gen: 3, paused: true });
    // The step under way when the pause arrived may still report; after that, nothing.
    await new Promise((r) => setTimeout(r, 1500));
    const held = h.of(3).filter((e) => e.type === 'progress').length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(h.of(3).filter((e) => e.type === 'progress').length).toBe(held);
    expect(held).toBeLessThan(6);
    expect(h.of(3).some((e) => e.type === 'done')).toBe(false);
    h.send({ type: 'resume', gen: 3 });
    await h.until(() => h.of(3).some((e) => e.type === 'done'));
    expect(h.of(3).filter((e) => e.type === 'progress').length).toBe(6);
    expect(h.of(3).filter((e) => e.type === 'paused')).toEqual([
      { type: 'paused', gen: 3, paused: true },
      { type: 'paused', gen: 3, paused: false },
    ]);

    h.send({ type: 'sample', gen: 4, url: URL_, request: { solver: 'euler', nfe: 20, seed: 1, count: 1 } });
    await h.until(() => h.of(4).some((e) => e.type === 'progress'));
    h.send({ type: 'pause', gen: 4 });
    await new Promise((r) => setTimeout(r, 300));
    h.send({ type: 'cancel', gen: 4 });
    await h.until(() => h.of(4).some((e) => e.type === 'cancelled' || e.type === 'done'));
    expect(h.of(4).some((e) => e.type === 'cancelled')).toBe(true);
    expect(h.of(4).some((e) => e.type === 'done')).toBe(false);
  }, 180_000);
});
