/**
 * Readouts the server computes for the first paint (shared/first-paint.ts, issue 17): gaussian-field's
 * error of the posterior average, reflow-live's round-0 crossings, change-of-variables' KS distance
 * and memorisation-vs-n's fresh-data baseline. The build writes each into the page and the hydrating widget shows it without computing
 * it. Checked on the built site, with the page's HTML rewritten on its way to the browser:
 * - a changed value is what the widget shows (it reads the page; it does not compute);
 * - without the attribute the widget computes, and gets the server's number (to 12 digits);
 * - with another seed in the URL the key differs, and the widget computes for that seed (a changed
 *   value in the page does not leak into other settings).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { expectClean, openPage, useSite } from './harness.ts';

const site = useSite();
let context: BrowserContext;
beforeAll(async () => {
  // No service worker: it would answer from its cache, and the rewritten HTML would never arrive.
  context = await site.browser.newContext({ viewport: { width: 1100, height: 900 }, serviceWorkers: 'block' });
});
afterAll(async () => {
  await context?.close();
});

interface Case {
  widget: string;
  /** The element and attribute that carry the readout's exact number. */
  readout: string;
  attribute: string;
  /** Rewrites the first-paint JSON (HTML-escaped in the attribute) to carry `planted` as the readout. */
  plant: (html: string) => string;
  planted: number;
  /** The readout's number in the first-paint JSON's value. */
  served: (value: unknown) => number;
}

const PLANTED = 0.4242;
const cases: Case[] = [
  {
    widget: 'gaussian-field',
    readout: '[data-testid=gaussian-field-readout]',
    attribute: 'data-average-error',
    plant: (html) => html.replace(/(&quot;value&quot;:)[-0-9.e+]+/, `$1${PLANTED}`),
    planted: PLANTED,
    served: (v) => v as number,
  },
  {
    widget: 'change-of-variables',
    readout: '[data-testid=cov-readout]',
    attribute: 'data-ks',
    plant: (html) => html.replace(/(&quot;value&quot;:)[-0-9.e+]+/, `$1${PLANTED}`),
    planted: PLANTED,
    served: (v) => v as number,
  },
  {
    widget: 'reflow-live',
    readout: '[data-testid=cross-0]',
    attribute: 'data-value',
    plant: (html) => html.replace(/(&quot;crossings&quot;:)\d+/, '$14242'),
    planted: 4242,
    served: (v) => (v as { crossings: number }).crossings,
  },
  {
    widget: 'memorisation-vs-n',
    readout: '[data-testid=fresh-nearest]',
    attribute: 'data-value',
    plant: (html) => html.replace(/(&quot;medianNearest&quot;:)[-0-9.e+]+/, `$1${PLANTED}`),
    planted: PLANTED,
    served: (v) => (v as { medianNearest: number }[])[0].medianNearest,
  },
];

/** Opens the widget's page with its HTML passed through `edit`; returns the readout's number once hydrated. */
async function readout(
  c: Case,
  query: string,
  edit: (html: string) => string,
  /** With settings in the URL: values the readout has before they apply (it must leave them). */
  before: number[] = [],
): Promise<{ value: number; attribute: string | null }> {
  const path = `/widgets/${c.widget}/`;
  const url = `${site.server.url}${path}`;
  let changed: boolean | undefined;
  await context.route(url + '*', async (route) => {
    const response = await route.fetch();
    const html = await response.text();
    const edited = edit(html);
    changed = edited !== html;
    await route.fulfill({ response, body: edited });
  });
  try {
    const { page, problems } = await openPage(context, url + query, site.server.url);
    try {
      expect(changed, 'the page was rewritten as asked').toBe(edit !== same);
      await page.waitForSelector('astro-island:not([ssr])', { timeout: 30_000 });
      const el = page.locator(`[data-widget="${c.widget}"] ${c.readout}`).first();
      const read = async () => Number(await el.getAttribute(c.attribute));
      // Settings from the URL apply after hydration: wait until the readout has left its first value.
      await expect.poll(read, { timeout: 15_000 }).not.toBeNaN();
      for (const v of before) await expect.poll(read, { timeout: 15_000 }).not.toBe(v);
      const value = await read();
      const attribute = await page.evaluate(
        (w) => document.querySelector(`[data-widget="${w}"] [data-first-paint]`)?.getAttribute('data-first-paint') ?? null,
        c.widget,
      );
      expectClean(problems);
      return { value, attribute };
    } finally {
      await page.close();
    }
  } finally {
    await context.unroute(url + '*');
  }
}
const same = (html: string) => html;
const strip = (html: string) => html.replace(/ data-first-paint="[^"]*"/, '');

describe.each(cases)('$widget: first readout from the page', (c) => {
  it('shows the number the page carries, computes the same one without it, and computes for other settings', async () => {
    const planted = await readout(c, '', c.plant);
    expect(planted.value).toBe(c.planted);

    const served = await readout(c, '', same);
    const written = JSON.parse(served.attribute ?? 'null') as { value: unknown } | null;
    expect(written, 'the build wrote the first-paint attribute').not.toBeNull();
    const server = c.served(written!.value);
    expect(served.value).toBe(server);
    const computed = await readout(c, '', strip);
    expect(computed.attribute).toBeNull();
    // The same number up to the last bits: the build's Node and the browser run different V8
    // versions, whose Math.sin, cos, exp and log differ in the last bits for some arguments.
    expect(Math.abs(computed.value - server)).toBeLessThanOrEqual(1e-12 * Math.abs(server));

    const other = `?${c.widget}.seed=2`;
    const plantedOther = await readout(c, other, c.plant, [c.planted]);
    const computedOther = await readout(c, other, same, [server]);
    expect(plantedOther.value).not.toBe(c.planted);
    expect(plantedOther.value).toBe(computedOther.value);
    expect(computedOther.value).not.toBe(server);
  });
});
