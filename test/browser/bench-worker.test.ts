/**
 * The benchmark in a Web Worker (train/bench-worker.ts), as `npm run bench` section 5 runs it: served
 * with dist/_headers (cross-origin isolated), the worker's wasm backend takes XNNPACK threads when
 * asked (one per core, 1 to 4) and one when not; either way it trains (the loss falls), samples, and
 * leaves no tensor behind; and the same seeded run gives the same losses with and without threads.
 * Served without the headers, threads are not granted. A worker that cannot start is an error, not a hang.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DIST, launchBrowser, openPage } from '../e2e/harness.ts';
import { serveStatic, type StaticHost } from '../../scripts/static-host.ts';

let isolated: StaticHost, plain: StaticHost, browser: Browser;
beforeAll(async () => {
  isolated = await serveStatic(DIST);
  plain = await serveStatic(DIST, { headers: false });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await isolated?.close();
  await plain?.close();
});

const RUN = {
  settings: { width: 32, depth: 2, batch: 64, seed: 3 },
  steps: 60,
  seconds: 60,
  warmup: 1,
  flushEvery: 20,
  evalPoints: 100,
  samplePoints: 200,
  sampleSteps: 10,
  quick: true,
};

interface Out {
  firstLoss: number;
  lastLoss: number;
  steps: number;
  eulerSeconds: number;
  sampler: string;
  otBids: string;
  numTensorsBefore: number;
  numTensorsAfter: number;
  backend: string;
  choice: { name: string; threads?: number };
  hardwareConcurrency: number;
}

async function benchInWorker(
  host: StaticHost,
  threads: boolean,
  route?: RegExp,
): Promise<{ out?: Out; error?: string; isolated: boolean; problems: string[] }> {
  const context = await browser.newContext();
  try {
    if (route) await context.route(route, (r) => r.abort());
    const { page, problems } = await openPage(context, `${host.url}/widgets/train-cfm-bench/?backend=wasm`, host.url);
    await page.waitForFunction(() => document.documentElement.dataset.benchReady === '1', null, { timeout: 60_000 });
    const isolatedPage = await page.evaluate(() => globalThis.crossOriginIsolated === true);
    const r = await page.evaluate(
      (o) =>
        (window as unknown as { __cfmBench: (o: object) => Promise<Out> })
          .__cfmBench(o)
          .then((out) => ({ out, error: undefined }))
          .catch((e: unknown) => ({ out: undefined, error: String(e) })),
      { ...RUN, where: 'worker', threads },
    );
    return { ...r, isolated: isolatedPage, problems: [...problems.pageErrors, ...problems.consoleErrors] };
  } finally {
    await context.close();
  }
}

describe('benchmark in a Web Worker', () => {
  it('trains with and without XNNPACK threads where the page is isolated, to the same losses', async () => {
    const one = await benchInWorker(isolated, false);
    const many = await benchInWorker(isolated, true);
    expect(one.isolated).toBe(true);
    for (const r of [one, many]) {
      expect(r.error).toBeUndefined();
      expect(r.problems).toEqual([]);
      const o = r.out!;
      expect(o.backend).toBe('wasm');
      expect(o.steps).toBe(RUN.steps);
      expect(o.lastLoss).toBeLessThan(o.firstLoss);
      expect(o.eulerSeconds).toBeGreaterThan(0);
      expect(o.sampler).toBe('simd-fma'); // the trainer's worker samples on the SIMD kernels
      expect(o.otBids).toBe('simd'); // and a worker, as the batch builders are, bids on the auction's kernel
      expect(o.numTensorsAfter).toBe(o.numTensorsBefore);
    }
    expect(one.out!.choice.threads).toBe(1);
    const cores = many.out!.hardwareConcurrency;
    expect(many.out!.choice.threads).toBe(Math.max(1, Math.min(4, cores)));
    // Threads split the same products: the numbers do not depend on them.
    expect(many.out!.lastLoss).toBeCloseTo(one.out!.lastLoss, 5);
  }, 240_000);

  it('gets one thread without the headers, and reports a worker that cannot load', async () => {
    const plainRun = await benchInWorker(plain, true);
    expect(plainRun.isolated).toBe(false);
    expect(plainRun.error).toBeUndefined();
    expect(plainRun.out!.choice.threads).toBe(1);
    const broken = await benchInWorker(isolated, false, /\/_astro\/bench-worker-[\w-]+\.js$/);
    expect(broken.out).toBeUndefined();
    expect(broken.error).toMatch(/benchmark worker stopped/);
  }, 240_000);
});
