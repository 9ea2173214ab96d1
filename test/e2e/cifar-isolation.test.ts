/**
 * The site under the headers of dist/_headers, served as a host that honours them serves it
 * (scripts/static-host.ts: COOP/COEP, the CSP as a header, gzip):
 * - every page is cross-origin isolated and loads without a console error, an uncaught exception or
 *   a failed request (COEP require-corp would block anything from another origin; there is none);
 * - the CIFAR sampler's worker runs wasm with threads there (XNNPACK's pool) and paints the same images
 *   as the one-thread engine of a host without the headers (within 2 of 255).
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DIST, launchBrowser, openPage } from './harness.ts';
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

function pages(dir = DIST): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== '_astro' && name !== 'pagefind') out.push(...pages(p));
    } else if (name === 'index.html') out.push('/' + relative(DIST, dir).replaceAll('\\', '/') + (dir === DIST ? '' : '/'));
  }
  return out.map((p) => p.replace('//', '/')).sort();
}

/** Samples 4 images at 2 NFE on wasm; returns the backend line and the RGBA bytes of image 0. */
async function sample(page: Page, url: string): Promise<{ backend: string; pixels: number[] }> {
  await page.goto(`${url}/widgets/cifar-sampler/?backend=wasm&cifar-sampler.count=4&cifar-sampler.nfe=2`, { waitUntil: 'load' });
  await page.waitForSelector('[data-widget=cifar-sampler][data-hydrated=true]');
  await page.getByRole('button', { name: 'Generate' }).click();
  await page.waitForSelector('[data-testid=timing][data-run="1"]', { timeout: 60_000 });
  const pixels = await page.$eval('canvas.grid', (c) =>
    Array.from((c as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, 32, 32).data),
  );
  return { backend: (await page.textContent('[data-testid=backend]')) ?? '', pixels };
}

describe('the site under COOP/COEP (dist/_headers)', () => {
  it('every page is cross-origin isolated and loads cleanly', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const findings: string[] = [];
    const all = pages();
    expect(all.length).toBeGreaterThan(20);
    const first = await openPage(ctx, `${isolated.url}/`, isolated.url);
    const { page, problems } = first;
    for (const path of all) {
      await page.goto(`${isolated.url}${path}`, { waitUntil: 'load' });
      if (!(await page.evaluate(() => globalThis.crossOriginIsolated))) findings.push(`${path}: not isolated`);
    }
    // A request cut short by the next navigation is ERR_ABORTED; COEP would block (ERR_BLOCKED_BY_RESPONSE).
    const failed = problems.failedRequests.filter((r) => !/net::ERR_ABORTED/.test(r));
    findings.push(...problems.consoleErrors, ...problems.pageErrors, ...failed, ...problems.offOrigin);
    await ctx.close();
    expect(findings).toEqual([]);
  });

  it('the CIFAR sampler runs wasm with threads there, and paints what one thread paints', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    ctx.on('weberror', (e) => errors.push(String(e.error())));
    const page = await ctx.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const threaded = await sample(page, isolated.url);
    const single = await sample(page, plain.url);
    await ctx.close();
    console.info(`cifar isolation: ${threaded.backend} | ${single.backend}`);
    expect(threaded.backend).toMatch(/^Backend: wasm\b/);
    const threads = Number(/(\d+) threads?\b/.exec(threaded.backend)?.[1]);
    expect(threads).toBeGreaterThanOrEqual(Math.min(cores, 2));
    expect(single.backend).toMatch(/\b1 thread\b/);
    let worst = 0;
    for (let j = 0; j < threaded.pixels.length; j++) worst = Math.max(worst, Math.abs(threaded.pixels[j] - single.pixels[j]));
    expect(worst).toBeLessThanOrEqual(2);
    expect(errors).toEqual([]);
  });
});
