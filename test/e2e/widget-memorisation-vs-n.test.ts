/**
 * The memorisation-vs-n widget on the built site (dist/): no TF.js before Train is pressed; a short
 * sweep over two small sizes on wasm fills the readouts and the plots; settings round-trip through
 * the URL (bad values are clamped with a message); and a tiny sweep runs on WebGPU (SwiftShader).
 */
import { describe, expect, it } from 'vitest';
import { expectClean, paintedPixels, useSite } from './harness.ts';
import { compareControlsWithSchema } from './schema-controls.ts';
import { MEMO_N_SCHEMA } from '../../src/lib/engine/memorisation-n/settings.ts';

const site = useSite({ viewport: { width: 1280, height: 900 } });
const P = 'memorisation-vs-n';
const url = (params: Record<string, string | number>, backend = 'wasm') =>
  `/widgets/${P}/?backend=${backend}&` +
  Object.entries(params)
    .map(([k, v]) => `${P}.${k}=${v}`)
    .join('&');

/** Rows of the readout table: n and the cells (text) of each. */
async function rows(page: import('playwright-core').Page): Promise<{ n: number; cells: string[] }[]> {
  return page
    .getByTestId('readouts')
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => ({ n: Number(tr.getAttribute('data-n')), cells: [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '') })),
    );
}

describe('memorisation-vs-n', () => {
  it('trains two small sizes on wasm: readouts, plots and scatter fill in; no TF.js before Train', async () => {
    const { page, problems } = await site.open(url({ nMax: 32, steps: 150, samples: 100 }));
    const tfRequests: string[] = [];
    page.on('request', (r) => {
      if (/tfjs|\.wasm$/.test(r.url())) tfRequests.push(r.url());
    });
    const widget = page.locator(`[data-widget="${P}"]`);
    await page.waitForTimeout(500);
    expect(tfRequests).toEqual([]);
    expect((await rows(page)).map((r) => r.n)).toEqual([8, 32]);
    // The fresh-data baseline is there before training (computed on the page).
    expect((await page.getByTestId('fresh-within').first().textContent())?.trim()).toMatch(/^\d+(\.\d)?%$/);
    const report = await compareControlsWithSchema(page, P, MEMO_N_SCHEMA, ['show']);
    expect(report.mismatches).toEqual([]);

    await page.getByTestId('train').click();
    await expect.poll(() => widget.getAttribute('data-finished'), { timeout: 150_000, interval: 500 }).toBe('true');
    expect(await widget.getAttribute('data-results')).toBe('2');
    expect(await page.getByTestId('backend').textContent()).toMatch(/wasm/);
    expect(await page.getByTestId('progress').textContent()).toMatch(/sweep done/);
    for (const r of await rows(page)) {
      expect(r.cells[0], `n = ${r.n}`).toMatch(/^\d+(\.\d)?%$/); // network within δ
      expect(r.cells[1], `n = ${r.n}`).toBe('100%'); // the closed form memorises
      expect(Number(r.cells[6]), `n = ${r.n}`).toBeGreaterThan(0); // W₂ of the network
    }
    expect(tfRequests.length).toBeGreaterThan(0);
    // Both panels and the scatter are painted; the scatter follows the chosen size.
    const canvases = widget.locator('canvas');
    expect(await canvases.count()).toBe(3);
    for (let i = 0; i < 3; i++) expect(await paintedPixels(canvases.nth(i))).toBeGreaterThan(1000);
    await page.selectOption(`[data-widget="${P}"] [id$="-show"]`, '32');
    await expect.poll(() => page.url()).toContain(`${P}.show=32`);
    expectClean(problems);
    await page.close();
  }, 200_000);

  it('settings round-trip through the URL; bad values are clamped with a message', async () => {
    const { page, problems } = await site.open(url({ nMin: 32, nMax: 512, deltaRel: 0.2, seed: 7 }));
    expect((await rows(page)).map((r) => r.n)).toEqual([32, 128, 512]);
    expect(await page.inputValue(`[data-widget="${P}"] [id$="-nMin"]`)).toBe('32');
    expect(await page.inputValue(`[data-widget="${P}"] [id$="-deltaRel"]`)).toBe('0.2');
    await page.selectOption(`[data-widget="${P}"] [id$="-factor"]`, '2');
    await expect.poll(() => page.url()).toContain(`${P}.factor=2`);
    const link = page.url();
    expect(link).toContain(`${P}.seed=7`);
    expect(link).toContain(`${P}.v=1`);
    const again = await site.open(link.slice(site.server.url.length));
    expect((await rows(again.page)).map((r) => r.n)).toEqual([32, 64, 128, 256, 512]);
    await again.page.close();

    const bad = await site.open(url({ nMin: 'abc', steps: 999999, deltaRel: -3 }));
    const banner = bad.page.locator(`[data-widget="${P}"] .widget-problems`);
    await expect.poll(() => banner.textContent()).toMatch(/steps: 999999 is outside/);
    expect(await banner.textContent()).toMatch(/nMin: "abc"/);
    expect(await bad.page.inputValue(`[data-widget="${P}"] [id$="-steps"]`)).toBe('20000');
    expect(await bad.page.inputValue(`[data-widget="${P}"] [id$="-deltaRel"]`)).toBe('0.01');
    expectClean(problems);
    await bad.page.close();
    await page.close();
  }, 90_000);

  it('runs a tiny sweep on WebGPU (SwiftShader)', async () => {
    const tiny = { nMin: 8, nMax: 8, steps: 50, samples: 50, width: 16, depth: 1, batch: 64 };
    const { page, problems } = await site.open(url(tiny, 'webgpu'));
    const widget = page.locator(`[data-widget="${P}"]`);
    await page.getByTestId('train').click();
    await expect.poll(() => widget.getAttribute('data-finished'), { timeout: 150_000, interval: 1000 }).toBe('true');
    expect(await page.getByTestId('backend').textContent()).toMatch(/webgpu/);
    const [row] = await rows(page);
    expect(row.cells[0]).toMatch(/^\d+(\.\d)?%$/);
    expect(Number(row.cells[6])).toBeGreaterThan(0);
    expectClean(problems);
    await page.close();
  }, 200_000);
});
