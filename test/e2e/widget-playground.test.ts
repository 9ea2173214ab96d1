/**
 * The playground (chapter 13) on the built site: drawing a target with a real pointer, CSV import
 * (valid, and invalid rows reported with their line numbers), CSV and PNG export, a copied link that
 * reopens the same state (drawn points included), embed mode with hidden controls, and a few
 * training steps of the network on wasm, whose saved model (TF.js format: model.json and a weight
 * shard) loads back into a fresh page.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectClean as clean, paintedPixels, useSite } from './harness.ts';
import { LAYER_FRAMES } from '../../src/lib/engine/playground/protocol.ts';

const site = useSite({ viewport: { width: 1100, height: 1000 }, acceptDownloads: true });
const poll = <T>(fn: () => T | Promise<T>, timeout = 30_000) => expect.poll(fn, { timeout });
const W = '[data-widget=playground]';
const attr = (page: Page, name: string) => page.locator(W).getAttribute(name);

async function downloadText(page: Page, button: string): Promise<{ name: string; bytes: Buffer }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  return { name: dl.suggestedFilename(), bytes: await readFile(await dl.path()) };
}

describe('playground', () => {
  it('draws, imports, exports, and a copied link reopens the same view', async () => {
    const { page, problems } = await site.open('/widgets/playground/?playground.n=16&playground.particles=100&playground.steps=10');
    await poll(() => page.getByTestId('energies').count()).toBe(1);
    const plane = page.getByTestId('plane');
    expect(await paintedPixels(plane)).toBeGreaterThan(1000);

    // Draw a target stroke with the brush (a real pointer: down, moves, up).
    await page.getByLabel('Brush', { exact: true }).check();
    const box = (await plane.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
    await page.mouse.down();
    for (let i = 1; i <= 12; i++)
      await page.mouse.move(box.x + box.width * (0.3 + 0.03 * i), box.y + box.height * (0.5 - 0.02 * i), { steps: 2 });
    await page.mouse.up();
    const drawnCount = Number(await attr(page, 'data-target-count'));
    expect(drawnCount).toBeGreaterThan(10);
    expect(await page.locator('[data-widget="playground"] [id$="-target"]').inputValue()).toBe('drawn');
    await poll(() => page.url()).toContain('playground-target=p1.');

    // A valid CSV becomes the source; an invalid one is reported by line and changes nothing.
    await page.locator('[data-widget="playground"] [id$="-which"]').selectOption('source');
    const rows = Array.from({ length: 20 }, (_, i) => `${(Math.cos(i) * 2).toFixed(3)},${(Math.sin(i) * 2).toFixed(3)}`);
    await page
      .locator('[data-widget="playground"] [id$="-csv"]')
      .setInputFiles({ name: 'ring.csv', mimeType: 'text/csv', buffer: Buffer.from(`x,y\n${rows.join('\n')}\n`) });
    await poll(() => attr(page, 'data-source-count')).toBe('20');
    expect(await page.locator('[data-widget="playground"] [id$="-source"]').inputValue()).toBe('drawn');
    await page
      .locator('[data-widget="playground"] [id$="-csv"]')
      .setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('x,y\nfoo,bar\n1\n') });
    await poll(() => page.locator('.widget-problems li').allInnerTexts()).toEqual([
      'bad.csv: line 2: “foo,bar” is not two numbers',
      'bad.csv: line 3: “1” is not two numbers',
    ]);
    expect(await attr(page, 'data-source-count')).toBe('20');
    await poll(() => attr(page, 'data-busy')).toBe('false');
    await poll(() => page.getByTestId('energies').getAttribute('data-cost')).not.toBeNull();

    // Exports: samples CSV (one row per particle) and a PNG of the canvas.
    const csv = await downloadText(page, 'CSV: samples at t');
    const lines = csv.bytes.toString('utf8').trim().split('\n');
    expect(lines[0]).toBe('x,y');
    expect(lines).toHaveLength(101);
    expect(lines[1]).toMatch(/^-?\d+(\.\d+)?,-?\d+(\.\d+)?$/);
    const png = await downloadText(page, 'PNG');
    expect(png.name).toMatch(/\.png$/);
    expect(png.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');

    // The copied link reopens the same state: drawn sets, settings and therefore the same scene.
    const independentCost = await page.getByTestId('energies').getAttribute('data-cost');
    await page.locator('[data-widget="playground"] [id$="-coupling"]').selectOption('exact-ot');
    // Wait for the new scene: busy may still read 'false' before the recompute starts.
    await poll(() => page.getByTestId('energies').getAttribute('data-cost')).not.toBe(independentCost);
    await poll(() => attr(page, 'data-busy')).toBe('false');
    const cost = await page.getByTestId('energies').getAttribute('data-cost');
    await page.getByTestId('copy-link').click();
    const link = (await attr(page, 'data-link'))!;
    expect(link).toContain('playground.coupling=exact-ot');
    clean(problems);
    await page.close();

    const again = await site.open(link.slice(link.indexOf('/widgets/')));
    await poll(() => attr(again.page, 'data-target-count')).toBe(String(drawnCount));
    expect(await attr(again.page, 'data-source-count')).toBe('20');
    expect(await again.page.locator('[data-widget="playground"] [id$="-coupling"]').inputValue()).toBe('exact-ot');
    await poll(() => again.page.getByTestId('energies').getAttribute('data-cost')).toBe(cost);
    clean(again.problems);
    await again.page.close();
  });

  it('the plane drawn step by step from kept layers equals the plane drawn at once', async () => {
    // At t = 1 the trajectories are drawn in one stroke; stepping back to 0 and forward again draws
    // them one segment per step onto the kept layer, and the background again for each frame.
    const { page, problems } = await site.open('/widgets/playground/?playground.steps=10');
    await poll(() => attr(page, 'data-layers')).toBe(String(LAYER_FRAMES));
    const plane = page.getByTestId('plane');
    const keep = () =>
      plane.evaluate((c) => {
        const cv = c as HTMLCanvasElement;
        (window as unknown as { atOnce: Uint8ClampedArray }).atOnce = cv.getContext('2d')!.getImageData(0, 0, cv.width, cv.height).data;
      });
    const differing = () =>
      plane.evaluate((c) => {
        const cv = c as HTMLCanvasElement;
        const now = cv.getContext('2d')!.getImageData(0, 0, cv.width, cv.height).data;
        const before = (window as unknown as { atOnce: Uint8ClampedArray }).atOnce;
        let n = 0;
        let max = 0;
        for (let i = 0; i < now.length; i += 4) {
          let d = 0;
          for (let k = 0; k < 4; k++) d = Math.max(d, Math.abs(now[i + k] - before[i + k]));
          if (d > 2) n++;
          max = Math.max(max, d);
        }
        return { n, max, pixels: now.length / 4 };
      });
    // The widget paints at the next animation frame after a change: wait two.
    const painted = () => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    await painted();
    await keep();
    await page.locator(W).focus();
    for (let i = 0; i < 10; i++) await page.keyboard.press(',');
    await poll(() => attr(page, 'data-t')).toBe('0.000');
    for (let i = 0; i < 10; i++) await page.keyboard.press('.');
    await poll(() => attr(page, 'data-t')).toBe('1.000');
    await painted();
    const diff = await differing();
    console.log(`plane redrawn step by step: ${diff.n} of ${diff.pixels} pixels differ by more than 2 (largest ${diff.max})`);
    expect(diff.n).toBe(0);
    clean(problems);
    await page.close();
  });

  it('embed mode hides the page chrome and _hide hides controls; bad names are reported', async () => {
    const { page, problems } = await site.open('/widgets/playground/?embed=1&_hide=coupling,export,nonsense');
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    expect(await page.locator('h1').isVisible()).toBe(false);
    expect(await page.locator('[data-widget="playground"] [id$="-coupling"]').count()).toBe(0);
    expect(await page.getByTestId('export').count()).toBe(0);
    expect(await page.locator('[data-widget="playground"] [id$="-path"]').count()).toBe(1);
    await poll(() => page.locator('.widget-problems li').allInnerTexts()).toEqual(['_hide: “nonsense” is not a control of this widget']);
    clean(problems);
    await page.close();
  });

  it('trains the network a few steps on wasm', async () => {
    const { page, problems } = await site.open('/widgets/playground/?playground.field=network&playground.width=16&backend=wasm');
    await page.getByRole('button', { name: 'Train one chunk' }).click();
    await poll(() => attr(page, 'data-net-step'), 60_000).not.toBe('0');
    expect(Number(await attr(page, 'data-net-step'))).toBeGreaterThan(0);
    expect(await page.getByRole('button', { name: 'Model (TF.js)' }).isEnabled()).toBe(true);
    await page.getByRole('button', { name: 'Model (TF.js)' }).click();
    const links = page.getByTestId('model-files').locator('a');
    await poll(() => links.count()).toBe(2);
    const saved: { name: string; bytes: Buffer }[] = [];
    for (const i of [0, 1]) {
      const [dl] = await Promise.all([page.waitForEvent('download'), links.nth(i).click()]);
      saved.push({ name: dl.suggestedFilename(), bytes: await readFile(await dl.path()) });
    }
    const [json, bin] = saved;
    expect(json.name).toMatch(/^playground-model-step\d+\.json$/);
    expect(bin.name).toBe(json.name.replace(/\.json$/, '.weights.bin'));
    expect(JSON.parse(json.bytes.toString('utf8'))).toMatchObject({
      format: 'graph-model',
      userDefinedMetadata: { format: 'cfm-live-mlp-tfjs-v1', config: { width: 16 } },
      weightsManifest: [{ paths: [`./${bin.name}`] }],
    });
    clean(problems);
    await page.close();

    // The saved model loads back into a fresh page (its width is adopted from the file).
    const fresh = await site.open('/widgets/playground/?playground.field=network&backend=wasm');
    await fresh.page.locator('[data-widget="playground"] [id$="-model-file"]').setInputFiles([
      { name: json.name, mimeType: 'application/json', buffer: json.bytes },
      { name: bin.name, mimeType: 'application/octet-stream', buffer: bin.bytes },
    ]);
    await poll(() => fresh.page.getByTestId('link-note').innerText(), 60_000).toMatch(/model loaded/);
    await poll(() => attr(fresh.page, 'data-net-step'), 60_000).not.toBe('0');
    expect(await fresh.page.locator('[data-widget="playground"] [id$="-width"]').inputValue()).toBe('16');
    clean(fresh.problems);
    await fresh.page.close();
  });
});
