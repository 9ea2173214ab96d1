/**
 * The CIFAR sampling engine behind the worker protocol (src/lib/engine/cifar/runner.ts), driven by
 * commands as cifar/worker.ts drives it, on the cpu backend with the shipped checkpoint: the backend
 * event comes first; a run streams progress (one per solver step) and frames along t (RGB bytes whose
 * buffers are in the transfer list) with the network's guess of x₁ for each frame (x + (1 − t)u for the
 * checkpoint's σ = 0 path), then `done` with images equal to a direct sampleImages call;
 * a cancel between steps ends the run with `cancelled` and no `done`; a missing checkpoint is an error.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it, expect, beforeAll } from 'vitest';
import { CifarRunner } from '../../../src/lib/engine/cifar/runner.ts';
import type { CifarCommand, CifarEvent } from '../../../src/lib/engine/cifar/protocol.ts';
import { loadModelAt } from '../../../src/lib/engine/cifar/model-cache.ts';
import { gaussianNoise, sampleImages } from '../../../src/lib/nn/unet-sampler.ts';
import { tf } from '../../../src/lib/nn/tf.ts';
import { toBytes } from '../../../src/lib/engine/cifar/protocol.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const INDEX = JSON.parse(readFileSync(resolve(ROOT, 'public/checkpoints/index.json'), 'utf8')) as { default: string };
const URL_ = resolve(ROOT, 'public/checkpoints', INDEX.default) + '/';

interface Posted {
  ev: CifarEvent;
  transfer: ArrayBuffer[];
}

function harness() {
  const posted: Posted[] = [];
  const waiters: (() => void)[] = [];
  const runner = new CifarRunner({
    where: 'worker',
    post: (ev, transfer) => {
      posted.push({ ev, transfer });
      waiters.splice(0).forEach((w) => w());
    },
  });
  const until = async (pred: (p: Posted[]) => boolean, ms = 60_000) => {
    const t0 = Date.now();
    while (!pred(posted)) {
      if (Date.now() - t0 > ms) throw new Error(`timeout; got ${posted.map((p) => p.ev.type).join(',')}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 50);
      });
    }
  };
  const send = (c: CifarCommand) => runner.handle(c);
  return { posted, until, send };
}

describe('CIFAR sampling engine (worker protocol)', () => {
  const h = harness();
  beforeAll(async () => {
    h.send({ type: 'init', force: 'cpu', remembered: null });
    await h.until((p) => p.some((x) => x.ev.type === 'backend'));
  }, 60_000);

  it('announces the backend, then streams progress and frames and ends with the images', async () => {
    expect(h.posted[0].ev).toMatchObject({ type: 'backend', where: 'worker', backend: { name: 'cpu' } });
    h.send({ type: 'sample', gen: 3, url: URL_, request: { solver: 'heun', nfe: 4, seed: 5, count: 1, frames: true, predictions: true } });
    await h.until((p) => p.some((x) => x.ev.type === 'done' || x.ev.type === 'error'), 120_000);
    const run = h.posted.filter((x) => 'gen' in x.ev && x.ev.gen === 3);
    const types = run.map((x) => x.ev.type);
    expect(types).not.toContain('error');
    expect(types).toContain('loaded');
    const progress = run.filter((x) => x.ev.type === 'progress').map((x) => x.ev as Extract<CifarEvent, { type: 'progress' }>);
    expect(progress.map((p) => [p.step, p.total])).toEqual([
      [2, 4],
      [4, 4],
    ]); // heun: 2 NFE per step
    const frames = run.filter((x) => x.ev.type === 'frame');
    expect(frames.map((x) => (x.ev as { t: number }).t)).toEqual([0, 0.5, 1]);
    for (const f of frames) {
      const { pixels: px, prediction } = f.ev as Extract<CifarEvent, { type: 'frame' }>;
      expect(px).toBeInstanceOf(Uint8ClampedArray);
      expect(px.length).toBe(32 * 32 * 3);
      expect(prediction).toBeInstanceOf(Uint8ClampedArray);
      expect(prediction!.length).toBe(32 * 32 * 3);
      expect(f.transfer).toEqual([px.buffer, prediction!.buffer]);
    }
    const done = run.at(-1)!;
    expect(done.ev.type).toBe('done');
    const d = done.ev as Extract<CifarEvent, { type: 'done' }>;
    expect(done.transfer).toEqual([d.images.buffer]);
    expect([d.nfe, d.steps, d.backend]).toEqual([4, 2, 'cpu']);
    expect(d.ms).toBeGreaterThan(0);
    // The same numbers as sampling directly, and the last frame is the image in bytes.
    const { model } = await loadModelAt(URL_);
    const direct = await sampleImages(model, { n: 1, nfe: 4, solver: 'heun', seed: 5 });
    expect(Array.from(d.images)).toEqual(Array.from(direct.images));
    const lastFrame = frames.at(-1)!.ev as Extract<CifarEvent, { type: 'frame' }>;
    const last = lastFrame.pixels;
    for (const i of [0, 100, 3071]) expect(last[i]).toBe(Math.min(255, Math.max(0, Math.round((d.images[i] + 1) * 127.5))));
    // The guesses: at t = 1 the sample itself (σ = 0, β(1) = 0); at t = 0 it is x₀ + u(x₀, 0).
    expect(d.predictions).toEqual({ ok: true, path: 'I-CFM (constant σ), σ = 0' });
    expect(Array.from(lastFrame.prediction!)).toEqual(Array.from(last));
    const x0 = gaussianNoise(32 * 32 * 3, 5);
    const want = tf.tidy(() => {
      const x = tf.tensor4d(x0, [1, 32, 32, 3]);
      return tf.add(x, model.velocity(x, tf.tensor1d([0]))).dataSync() as Float32Array;
    });
    const first = (frames[0].ev as Extract<CifarEvent, { type: 'frame' }>).prediction!;
    const wantBytes = toBytes(want);
    let off = 0;
    for (let i = 0; i < wantBytes.length; i++) off = Math.max(off, Math.abs(first[i] - wantBytes[i]));
    expect(off).toBeLessThanOrEqual(1);
    // The guess at t = 0 is not the noise: it moved most of the way to a picture.
    expect(Array.from(first)).not.toEqual(Array.from((frames[0].ev as Extract<CifarEvent, { type: 'frame' }>).pixels));
  }, 180_000);

  it('a cancel between steps ends the run with `cancelled` and no `done`', async () => {
    h.send({ type: 'sample', gen: 4, url: URL_, request: { solver: 'euler', nfe: 50, seed: 1, count: 1 } });
    await h.until((p) => p.some((x) => x.ev.type === 'progress' && x.ev.gen === 4));
    h.send({ type: 'cancel', gen: 4 });
    await h.until((p) => p.some((x) => 'gen' in x.ev && x.ev.gen === 4 && (x.ev.type === 'cancelled' || x.ev.type === 'done')));
    const types = h.posted.filter((x) => 'gen' in x.ev && x.ev.gen === 4).map((x) => x.ev.type);
    expect(types).toContain('cancelled');
    expect(types).not.toContain('done');
    expect(types.filter((t) => t === 'progress').length).toBeLessThan(50);
  }, 120_000);

  it('a missing checkpoint is reported as an error of that run', async () => {
    h.send({
      type: 'sample',
      gen: 5,
      url: resolve(ROOT, 'public/checkpoints/no-such-checkpoint') + '/',
      request: { solver: 'euler', nfe: 2, seed: 1, count: 1 },
    });
    await h.until((p) => p.some((x) => 'gen' in x.ev && x.ev.gen === 5 && x.ev.type === 'error'));
    expect(h.posted.some((x) => 'gen' in x.ev && x.ev.gen === 5 && x.ev.type === 'done')).toBe(false);
  }, 60_000);
});
