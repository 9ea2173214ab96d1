/**
 * Every widget keeps its shape as it hydrates (issue 15: "each widget reserves its height before it
 * hydrates"; in a chapter a widget hydrates when scrolled to, and a change of shape then shifts the
 * text under the reader's eyes). Each standalone widget page is opened with scripts off (the server's
 * HTML) and on (hydrated, its first numbers drawn), at 360 and 1280 px, and the boxes of the widget's
 * elements two levels deep are compared: none may change size by more than 4 px. Before the size
 * rules (src/widgets/shared/size-rule.ts), eleven widgets failed here: canvases drawn by the server
 * for a default width, layouts chosen in script after measuring.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { DIST, PHONE, useSite } from './harness.ts';
import { sizeChanges, widgetBoxes } from './widget-shape.ts';

const site = useSite();
const SRC_WIDGETS = resolve(import.meta.dirname, '../../src/widgets');
/** The standalone page of every widget (a page such as train-cfm-bench, which is not one, is left out). */
const WIDGETS = readdirSync(join(DIST, 'widgets'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(SRC_WIDGETS, d.name, 'Widget.svelte')))
  .map((d) => d.name)
  .sort();
/** What shows that a widget's first numbers are drawn, where that takes more than a moment. */
const READY: Record<string, string> = {
  'solver-lab': '[data-widget=solver-lab][data-sweep=done]',
  'theorem2-check': '[data-widget=theorem2-check] .plots svg',
  'continuity-equation': '[data-testid=ce-readout][data-mass]',
  memorisation: '[data-testid=cf-distances][data-count="8"]',
  playground: '[data-testid=energies]',
  'coupling-unmixing': '[data-testid=unmixing-readout][data-own]:not([data-own=""])',
  'couplings-compared': '[data-testid=couplings-note][data-busy=false][data-w2sq]:not([data-w2sq=""])',
  'gaussian-field': '[data-testid=gaussian-field-readout][data-average-error]',
  'sde-vs-ode': '[data-widget=sde-vs-ode][data-hydrated=true]',
  'cifar-sampler': '[data-widget=cifar-sampler][data-hydrated=true]',
};
const DEPTH = 2;
const TOLERANCE = 4;

for (const [name, options] of [
  ['phone', PHONE],
  ['laptop', { viewport: { width: 1280, height: 900 } }],
] as const) {
  describe(`widgets keep their shape as they hydrate: ${name}`, () => {
    let serverHtml: BrowserContext;
    let hydrated: BrowserContext;
    beforeAll(async () => {
      serverHtml = await site.browser.newContext({ ...options, javaScriptEnabled: false, reducedMotion: 'reduce' });
      hydrated = await site.browser.newContext({ ...options, reducedMotion: 'reduce', serviceWorkers: 'block' });
    });
    afterAll(async () => {
      await serverHtml?.close();
      await hydrated?.close();
    });
    for (const widget of WIDGETS) {
      it(widget, async () => {
        const url = `${site.server.url}/widgets/${widget}/`;
        const before = await serverHtml.newPage();
        await before.goto(url, { waitUntil: 'load' });
        const server = await widgetBoxes(before, DEPTH);
        await before.close();
        const page = await hydrated.newPage();
        try {
          await page.goto(`${url}?backend=wasm`, { waitUntil: 'load' });
          await page.waitForFunction(() => !document.querySelector('astro-island[ssr]'), null, { timeout: 30_000 });
          if (READY[widget]) await page.waitForSelector(READY[widget], { timeout: 60_000 });
          await page.waitForTimeout(1000);
          expect(server.length).toBeGreaterThan(1);
          expect(sizeChanges(server, await widgetBoxes(page, DEPTH), TOLERANCE)).toEqual([]);
        } finally {
          await page.close();
        }
      });
    }
  });
}
