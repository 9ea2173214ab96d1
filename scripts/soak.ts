/**
 * `npm run soak` (not in `npm test`; needs `npm run build` first): long sessions in headless Chromium.
 *
 * 1. train-cfm trains for `--minutes` (default 10) on wasm in its worker: every minute the worker's
 *    TF.js tensor count and bytes (`_tfengine.memory()`, read inside the worker), the page's JS heap
 *    (CDP Performance.getMetrics) and the training step; the longest main-thread task
 *    (PerformanceObserver `longtask`) and how many tasks exceeded 50 ms, once for loading the page
 *    and starting, once for the training itself (from the first step to the end).
 * 2. cifar-sampler: `--runs` (default 20) consecutive sampling runs (4 images, 10 NFE), the worker's
 *    tensors and the page's heap after each, and the long tasks of the whole phase.
 *
 * It prints the figures and the load average, and exits non-zero when tensors grow (training:
 * more than 16 tensors between the first and last minute; sampling: between run 2 and the last) or
 * the page heap grows by more than 50 %.
 *
 *   npm run soak -- --minutes 10 --runs 20
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { launchBrowser, serveDist } from '../test/e2e/harness.ts';

const { values: a } = parseArgs({
  options: { minutes: { type: 'string', default: '10' }, runs: { type: 'string', default: '20' } },
});
const minutes = Number(a.minutes);
const runs = Number(a.runs);

interface Sample {
  at: string;
  tensors: number | null;
  tensorMB: number | null;
  heapMB: number;
  step?: number;
}

const LONG_TASKS = () => {
  const w = window as unknown as { __longest: number; __over50: number };
  w.__longest = 0;
  w.__over50 = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      w.__longest = Math.max(w.__longest, e.duration);
      if (e.duration > 50) w.__over50++;
    }
  }).observe({ type: 'longtask', buffered: true });
};

/** The longest main-thread task and how many exceeded 50 ms (the two numbers: `window` does not serialise). */
async function longTasks(page: Page): Promise<string> {
  const long = await page.evaluate(() => {
    const w = window as unknown as { __longest: number; __over50: number };
    return { longest: w.__longest, over50: w.__over50 };
  });
  return `longest main-thread task ${long.longest.toFixed(0)} ms; tasks over 50 ms: ${long.over50}`;
}

/** The TF.js engine's memory inside the widget's worker (tfjs-core keeps its engine on the global object). */
async function workerMemory(page: Page): Promise<{ tensors: number | null; bytes: number | null }> {
  for (const w of page.workers()) {
    const m = await w
      .evaluate(() => {
        const e = (globalThis as { _tfengine?: { memory(): { numTensors: number; numBytes: number } } })._tfengine;
        return e ? e.memory() : null;
      })
      .catch(() => null);
    if (m) return { tensors: m.numTensors, bytes: m.numBytes };
  }
  return { tensors: null, bytes: null };
}

async function sample(page: Page, at: string, step?: number): Promise<Sample> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  const mem = await workerMemory(page);
  return { at, tensors: mem.tensors, tensorMB: mem.bytes === null ? null : mem.bytes / 2 ** 20, heapMB: heap / 2 ** 20, step };
}

const fmt = (s: Sample) =>
  `${s.at.padEnd(10)} tensors ${String(s.tensors ?? '?').padStart(6)}  tensor MB ${(s.tensorMB ?? NaN).toFixed(2).padStart(7)}  page heap MB ${s.heapMB.toFixed(1).padStart(6)}${s.step === undefined ? '' : `  step ${s.step}`}  load ${loadavg()[0].toFixed(2)}`;

const server = await serveDist();
const browser = await launchBrowser();
let failed = false;
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
console.log(`soak: ${minutes} min of train-cfm, ${runs} CIFAR runs; load average at start ${load()}`);
try {
  // 1. train-cfm for `minutes`.
  {
    const ctx = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    await ctx.addInitScript(LONG_TASKS);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/widgets/train-cfm/?backend=wasm`, { waitUntil: 'load' });
    await page.waitForSelector('astro-island:not([ssr])');
    const w = page.locator('[data-widget="train-cfm"]');
    await w.getByRole('button', { name: 'Train', exact: true }).click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=step]')?.textContent) > 0, null, { timeout: 120_000 });
    const step = async () => Number(await page.getByTestId('step').textContent());
    // Loading the page and starting the trainer (hydration, TF.js and Plot parsed, the first draw)
    // are not the long session: report them apart, then count from the first training step.
    console.log(`train-cfm, page load and start: ${await longTasks(page)}`);
    await page.evaluate(() => {
      const w = window as unknown as { __longest: number; __over50: number };
      w.__longest = 0;
      w.__over50 = 0;
    });
    const rows: Sample[] = [await sample(page, 'start', await step())];
    console.log(fmt(rows[0]));
    for (let m = 1; m <= minutes; m++) {
      await page.waitForTimeout(60_000);
      rows.push(await sample(page, `${m} min`, await step()));
      console.log(fmt(rows[rows.length - 1]));
    }
    console.log(`train-cfm, while training: ${await longTasks(page)}`);
    const first = rows[1] ?? rows[0];
    const last = rows[rows.length - 1];
    if (first.tensors !== null && last.tensors !== null && last.tensors - first.tensors > 16) failed = true;
    if (last.heapMB > 1.5 * rows[0].heapMB) failed = true;
    await ctx.close();
  }
  // 2. `runs` CIFAR sampling runs.
  {
    const ctx = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    await ctx.addInitScript(LONG_TASKS);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/widgets/cifar-sampler/?backend=wasm&cifar-sampler.count=4&cifar-sampler.nfe=10`, { waitUntil: 'load' });
    await page.waitForSelector('[data-widget=cifar-sampler][data-hydrated=true]');
    const rows: Sample[] = [];
    for (let r = 1; r <= runs; r++) {
      await page.getByRole('button', { name: 'Generate' }).click();
      await page.waitForSelector(`[data-testid=timing][data-run="${r}"]`, { timeout: 300_000 });
      rows.push(await sample(page, `run ${r}`));
      console.log(fmt(rows[rows.length - 1]));
    }
    console.log(`cifar-sampler: ${await longTasks(page)}`);
    const second = rows[1] ?? rows[0];
    const last = rows[rows.length - 1];
    if (second.tensors !== null && last.tensors !== null && last.tensors !== second.tensors) failed = true;
    if (last.heapMB > 1.5 * rows[0].heapMB) failed = true;
    await ctx.close();
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`load average at end ${load()}; ${failed ? 'MEMORY GREW' : 'memory flat'}`);
process.exit(failed ? 1 : 0);
