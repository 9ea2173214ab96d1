/**
 * The CIFAR sampler's first paint, guidance sweep, weights cache, off-screen pause and download
 * prompt, on the built site (dist/) in Chromium with the wasm backend:
 * - the pre-rendered grid is in the server-rendered HTML with its size, labelled with the checkpoint
 *   and step, and nothing of TF.js, .wasm or the checkpoint is requested before the button is pressed;
 *   a live run at the same settings then paints the same first images (within 2 of 255);
 * - a reload samples again with no request for the weights shard (Cache Storage);
 * - the sweep paints four panels (w = 0, 1, 2, 4) from the same noise, which differ;
 * - a run pauses while the widget is scrolled away and goes on when it is back;
 * - with Save-Data (emulated by an init script) or on a phone (touch, 360 px), the button names the
 *   download size; on a desktop it does not.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DIST, openPage, useSite } from './harness.ts';
import { chunkGraph } from '../build/islands.ts';
import { fmtCount } from '../../src/lib/core/count-format.ts';

const site = useSite();
const ROOT = resolve(import.meta.dirname, '../..');
const manifest = JSON.parse(readFileSync(resolve(ROOT, 'src/widgets/cifar-sampler/first-paint/manifest.json'), 'utf8')) as {
  checkpoint: string;
  step: number;
  width: number;
  height: number;
};
const TF_CHUNKS = new Set([...(await chunkGraph(DIST)).isTf].filter(([, tf]) => tf).map(([url]) => url));
const PAGE = '/widgets/cifar-sampler/';

/** RGBA bytes of the 32×32 image at grid cell `i` of a canvas (4 columns, 2-px gaps). */
async function cell(page: Page, selector: string, i: number): Promise<number[]> {
  return page.$eval(
    selector,
    (c, i) => {
      const cv = c as HTMLCanvasElement;
      return Array.from(cv.getContext('2d')!.getImageData((i % 4) * 34, Math.floor(i / 4) * 34, 32, 32).data);
    },
    i,
  );
}

describe('CIFAR sampler: first paint, cache, sweep, pause, download prompt', () => {
  it('first paint: the pre-rendered grid, before any TF.js or weights; a live run paints the same images', async () => {
    const html = readFileSync(join(DIST, 'widgets/cifar-sampler/index.html'), 'utf8');
    const img = /<img[^>]*data-testid="first-paint"[^>]*>/.exec(html)?.[0] ?? '';
    expect(img).toMatch(new RegExp(`width="${manifest.width}"`));
    expect(img).toMatch(new RegExp(`height="${manifest.height}"`));
    expect(html).toMatch(new RegExp(`Pre-rendered from checkpoint ${manifest.checkpoint}, step ${fmtCount(manifest.step)}`));

    const ctx = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    ctx.on('request', (r) => requests.push(new URL(r.url()).pathname));
    const heavy = () => requests.filter((p) => TF_CHUNKS.has(p) || p.endsWith('.wasm') || /\/checkpoints\/.*\.(bin|json)$/.test(p));
    const { page, problems } = await openPage(ctx, `${site.server.url}${PAGE}?backend=wasm`, site.server.url);
    await page.waitForSelector('[data-widget=cifar-sampler][data-hydrated=true]');
    const preview = page.locator('[data-testid=first-paint]');
    expect(await preview.isVisible()).toBe(true);
    // Another seed is not what was pre-rendered: the noise of that seed; back to seed 1, the preview returns.
    await page.getByRole('button', { name: 'New seed' }).click();
    expect(await preview.count()).toBe(0);
    expect(await page.locator('canvas.grid').isVisible()).toBe(true);
    await page.goto(`${site.server.url}${PAGE}?backend=wasm`, { waitUntil: 'load' });
    await page.waitForSelector('[data-widget=cifar-sampler][data-hydrated=true]');
    await preview.waitFor();
    expect(await preview.evaluate((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth)).toBe(manifest.width);
    expect(await page.textContent('[data-testid=first-paint-label]')).toMatch(/press “Generate” to run it in your browser/);
    expect(await page.textContent('[data-testid=primary]')).toBe('Generate');
    expect(await page.locator('[data-testid=download-ask]').count()).toBe(0);
    expect(heavy()).toEqual([]);
    const previewPixels = await preview.evaluate((i) => {
      const im = i as HTMLImageElement;
      const c = document.createElement('canvas');
      c.width = im.naturalWidth;
      c.height = im.naturalHeight;
      const g = c.getContext('2d')!;
      g.drawImage(im, 0, 0);
      return [0, 1, 2, 3].map((k) => Array.from(g.getImageData(k * 34, 0, 32, 32).data));
    });

    // A live run at the same settings (wasm lowers the count to 4: the first row of the same batch).
    // The weights are held back until the grid, shown in place of the picture, holds the noise x₀
    // (drawn only once the canvas shows, not while the picture stands in for it).
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    await page.route(/\/checkpoints\/.*\.bin$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.getByRole('button', { name: 'Generate' }).click();
    await expect.poll(async () => new Set(await cell(page, 'canvas.grid', 0)).size, { timeout: 60_000 }).toBeGreaterThan(100);
    release();
    await page.waitForSelector('[data-testid=timing][data-run="1"]', { timeout: 120_000 });
    expect(await page.locator('[data-testid=first-paint]').count()).toBe(0);
    let worst = 0;
    for (let k = 0; k < 4; k++) {
      const live = await cell(page, 'canvas.grid', k);
      for (let j = 0; j < live.length; j++) worst = Math.max(worst, Math.abs(live[j] - previewPixels[k][j]));
    }
    console.info(`cifar first paint vs live wasm run, first 4 images: max |byte difference| ${worst}`);
    expect(worst).toBeLessThanOrEqual(2);
    expect(requests.filter((p) => p.endsWith('.bin'))).toHaveLength(1);
    expect(await page.textContent('.phase')).toMatch(/t = 1/);
    expect(problems.pageErrors).toEqual([]);
    await ctx.close();
  });

  it('a reload samples with the weights from Cache Storage: no request for the shard', async () => {
    const ctx = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    ctx.on('request', (r) => requests.push(new URL(r.url()).pathname));
    const url = `${site.server.url}${PAGE}?backend=wasm&cifar-sampler.count=1&cifar-sampler.nfe=1`;
    const { page, problems } = await openPage(ctx, url, site.server.url);
    await page.waitForSelector('[data-widget=cifar-sampler][data-hydrated=true]');
    await page.getByRole('button', { name: 'Generate' }).click();
    await page.waitForSelector('[data-testid=timing][data-run="1"]', { timeout: 120_000 });
    expect(requests.filter((p) => p.endsWith('.bin'))).toHaveLength(1);
    requests.length = 0;
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('[data-widget=cifar-sampler][data-hydrated=true]');
    const phases: string[] = [];
    await page.exposeFunction('__phase', (t: string) => phases.push(t));
    await page.evaluate(() => {
      const el = document.querySelector('.cifar-sampler .phase')!;
      new MutationObserver(() => void (window as unknown as { __phase: (t: string) => void }).__phase(el.textContent ?? '')).observe(el, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    await page.getByRole('button', { name: 'Generate' }).click();
    await page.waitForSelector('[data-testid=timing][data-run="1"]', { timeout: 120_000 });
    expect(requests.filter((p) => p.endsWith('.bin'))).toEqual([]);
    expect(phases.some((p) => /weights from the cache/.test(p))).toBe(true);
    expect(problems.pageErrors).toEqual([]);
    await ctx.close();
  });

  it('the guidance sweep paints four panels, w = 0, 1, 2, 4, from the same noise', async () => {
    const ctx = await site.browser.newContext({ viewport: { width: 360, height: 800 } });
    const { page, problems } = await openPage(
      ctx,
      `${site.server.url}${PAGE}?backend=wasm&cifar-sampler.view=sweep&cifar-sampler.count=4&cifar-sampler.nfe=4&cifar-sampler.label=1`,
      site.server.url,
    );
    await page.waitForSelector('[data-widget=cifar-sampler][data-hydrated=true]');
    const panels = page.locator('[data-testid=sweep] canvas');
    expect(await panels.count()).toBe(4);
    expect(await panels.evaluateAll((cs) => cs.map((c) => c.getAttribute('data-w')))).toEqual(['0', '1', '2', '4']);
    // Before a run every panel shows the same noise.
    const before = await panels.evaluateAll((cs) =>
      cs.map((c) => Array.from((c as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, 32, 32).data)),
    );
    expect(before[1]).toEqual(before[0]);
    expect(before[3]).toEqual(before[0]);
    await page.getByRole('button', { name: 'Generate' }).click();
    await page.waitForSelector('[data-testid=timing][data-run="1"]', { timeout: 120_000 });
    expect(await page.textContent('[data-testid=timing]')).toMatch(/1 per w × 4 values of w/);
    const after = await panels.evaluateAll((cs) =>
      cs.map((c) => Array.from((c as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, 32, 32).data)),
    );
    const meanAbs = (a: number[], b: number[]) => a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0) / a.length;
    const std = (a: number[]) => {
      const v = a.filter((_, i) => i % 4 !== 3);
      const m = v.reduce((s, x) => s + x, 0) / v.length;
      return Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / v.length);
    };
    for (const p of after) {
      expect(meanAbs(p, before[0])).toBeGreaterThan(20); // no longer noise
      expect(std(p)).toBeGreaterThan(10); // a picture, not a flat or empty cell
    }
    // Neighbouring w change the picture, by more the further apart they are (same noise, same class).
    const d01 = meanAbs(after[0], after[1]),
      d04 = meanAbs(after[0], after[3]);
    console.info(`cifar sweep: mean |byte difference| w=0 vs 1 ${d01.toFixed(1)}, w=0 vs 4 ${d04.toFixed(1)}`);
    expect(d01).toBeGreaterThan(1);
    expect(d04).toBeGreaterThan(d01);
    expect(await page.textContent('[data-testid=sweep]')).toMatch(/Rows, top to bottom: automobile/);
    expect(await page.textContent('.cifar-sampler figure.along')).toMatch(/w = 2 panel/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(problems.pageErrors).toEqual([]);
    await ctx.close();
  });

  it('a run pauses while the widget is scrolled away and goes on when it is back', async () => {
    const ctx = await site.browser.newContext({ viewport: { width: 1280, height: 700 } });
    const { page, problems } = await openPage(
      ctx,
      `${site.server.url}${PAGE}?backend=wasm&cifar-sampler.count=1&cifar-sampler.nfe=120&cifar-sampler.guidance=1`,
      site.server.url,
    );
    await page.waitForSelector('[data-widget=cifar-sampler][data-hydrated=true]');
    await page.evaluate(() => {
      document.body.style.paddingBottom = '4000px';
    });
    await page.getByRole('button', { name: 'Generate' }).click();
    const progress = () => page.$eval('.cifar-sampler progress[data-stage=sample]', (p) => (p as HTMLProgressElement).value).catch(() => 0);
    await page.waitForFunction(
      () => Number((document.querySelector('.cifar-sampler progress[data-stage=sample]') as HTMLProgressElement)?.value) > 0.02,
      null,
      {
        timeout: 120_000,
      },
    );
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.waitForSelector('.cifar-sampler .phase[data-paused=true]', { state: 'attached', timeout: 30_000 });
    await page.waitForTimeout(600); // the step under way when the pause arrived may still finish
    const held = await progress();
    await page.waitForTimeout(1500);
    expect(await progress()).toBe(held);
    expect(held).toBeLessThan(1);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForSelector('.cifar-sampler .phase[data-paused=false]', { timeout: 30_000 });
    await page.waitForFunction((h) => Number((document.querySelector('.cifar-sampler progress') as HTMLProgressElement).value) > h, held, {
      timeout: 60_000,
    });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForFunction(() => /cancelled/.test(document.querySelector('.cifar-sampler .phase')?.textContent ?? ''), null, {
      timeout: 60_000,
    });
    expect(problems.pageErrors).toEqual([]);
    await ctx.close();
  });

  it('with Save-Data, and on a phone, the button names the download; after it the weights are cached and it does not', async () => {
    const ctx = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await ctx.addInitScript(() => Object.defineProperty(navigator, 'connection', { value: { saveData: true }, configurable: true }));
    const { page, problems } = await openPage(
      ctx,
      `${site.server.url}${PAGE}?backend=wasm&cifar-sampler.count=1&cifar-sampler.nfe=1`,
      site.server.url,
    );
    await page.waitForSelector('[data-widget=cifar-sampler][data-hydrated=true]');
    const button = page.locator('[data-testid=primary]');
    await page.waitForFunction(() => /Download/.test(document.querySelector('[data-testid=primary]')?.textContent ?? ''));
    expect(await button.textContent()).toMatch(/^Download 2\.\d MB and sample$/);
    expect(await page.textContent('[data-testid=download-ask]')).toMatch(/Save-Data/);
    await button.click();
    await page.waitForSelector('[data-testid=timing][data-run="1"]', { timeout: 120_000 });
    expect(await button.textContent()).toBe('Generate');
    // A new visit in the same browser: the weights are cached, so nothing is asked.
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('[data-widget=cifar-sampler][data-hydrated=true]');
    await page.waitForFunction(() => document.querySelector('[data-testid=primary]')?.textContent === 'Generate', null, {
      timeout: 10_000,
    });
    expect(problems.pageErrors).toEqual([]);
    await ctx.close();

    const phone = await site.browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });
    const { page: p2 } = await openPage(phone, `${site.server.url}${PAGE}`, site.server.url);
    await p2.waitForSelector('[data-widget=cifar-sampler][data-hydrated=true]');
    await p2.waitForFunction(() => /^Download .* MB and sample$/.test(document.querySelector('[data-testid=primary]')?.textContent ?? ''));
    expect(await p2.textContent('[data-testid=download-ask]')).toMatch(/phone/);
    await phone.close();
  });
});
