/**
 * A zoom (or a move to another screen) changes the page's pixel ratio, often without changing a
 * widget's width in CSS pixels: every canvas a widget sizes with `fitCanvas` must then be drawn again
 * at the new ratio (widgets/shared/pixel-ratio.svelte.ts), not left stretched from the old one. The
 * widgets checked are those whose sources call `fitCanvas`, found in src/widgets/ when the test runs,
 * so a new canvas widget is checked without being listed here.
 *
 * Chromium's device-metrics emulation changes the ratio; it reports the change to media queries
 * only with a change of the viewport's width too, so the width moves by one pixel (the widgets sit in
 * a column narrower than the window and keep their size). `?worker=0` keeps every canvas on the
 * page, where its backing store can be read (the SDE-vs-ODE stage gets the same ratio in its views).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useSite } from './harness.ts';

const WIDGETS = resolve(import.meta.dirname, '../../src/widgets');
const canvasWidgets = readdirSync(WIDGETS, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'shared')
  .map((d) => d.name)
  .filter((name) =>
    readdirSync(join(WIDGETS, name)).some(
      (f) => /\.(svelte|ts)$/.test(f) && readFileSync(join(WIDGETS, name, f), 'utf8').includes('fitCanvas('),
    ),
  );

const site = useSite();
const VIEW = { width: 1280, height: 900 };

/** Backing-store widths of the widget's canvases that are on screen in the layout. */
const backingWidths = (page: import('playwright-core').Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLCanvasElement>('[data-widget] canvas')].filter((c) => c.clientWidth > 0).map((c) => c.width),
  );

describe('canvases follow the pixel ratio', () => {
  it('finds the canvas widgets', () => {
    expect(canvasWidgets.length).toBeGreaterThanOrEqual(12);
    expect(canvasWidgets).toContain('couplings-compared');
  });

  for (const name of canvasWidgets)
    it(`${name}: every canvas is drawn again at twice the pixels when the ratio goes from 1 to 2`, async () => {
      // Reduced motion: no widget animates, so a redraw can only come from the change of ratio.
      const context = await site.browser.newContext({ viewport: VIEW, deviceScaleFactor: 1, reducedMotion: 'reduce' });
      try {
        const page = await context.newPage();
        await page.goto(`${site.server.url}/widgets/${name}/?worker=0`);
        await page.waitForSelector('astro-island:not([ssr])', { state: 'attached', timeout: 30_000 });
        // Drawn at ratio 1: the backing store as wide as the box (to a pixel: the box is rounded).
        await expect
          .poll(
            async () => {
              const sizes = await page.evaluate(() =>
                [...document.querySelectorAll<HTMLCanvasElement>('[data-widget] canvas')]
                  .filter((c) => c.clientWidth > 0)
                  .map((c) => Math.abs(c.width - c.clientWidth) <= 2),
              );
              return sizes.length > 0 && sizes.every(Boolean);
            },
            { timeout: 20_000 },
          )
          .toBe(true);
        const before = await backingWidths(page);
        const cdp = await context.newCDPSession(page);
        await cdp.send('Emulation.setDeviceMetricsOverride', {
          width: VIEW.width - 1,
          height: VIEW.height,
          deviceScaleFactor: 2,
          mobile: false,
        });
        expect(await page.evaluate(() => devicePixelRatio)).toBe(2);
        await expect
          .poll(async () => (await backingWidths(page)).map((w, i) => Math.abs(w - 2 * before[i]) <= 1), { timeout: 10_000 })
          .toEqual(before.map(() => true));
      } finally {
        await context.close();
      }
    });
});
