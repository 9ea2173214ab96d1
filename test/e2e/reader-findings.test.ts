/**
 * Walkthrough findings fixed in session 6 (issue 15), on the built site in Chromium:
 * - 11: on a phone train-cfm's backend line is one line, the reason for the backend folded under it,
 *   and its settings come right after the plots;
 * - 9: train-cfm: a setting that needs a new model restarts training from fresh weights and says so,
 *   instead of silently stopping; 12: the closed-form field says why it is slower;
 * - 13, 14: the CIFAR sampler says why it lowered the number of images on a slow backend (and keeps the
 *   URL clean), and at NFE = 1 its two-frame strips keep the cell size of the eight-frame ones;
 * - 19: memorisation's sample rows are strips from the start, not grey squares;
 * - 21: chapter 4's pseudocode fits the 1280 px layout's text column;
 * - 15: the path explorer disables the σ and x₀ sliders where the chosen family ignores them, with the
 *   reason, and defines the metrics it prints.
 */
import { describe, expect, it } from 'vitest';
import { expectClean, openPage, PHONE, useSite } from './harness.ts';
import { SMALL } from './widget-compute.ts';

const site = useSite({ viewport: { width: 1280, height: 900 } });

describe('walkthrough findings, session 6', () => {
  it('9, 12. train-cfm: a setting that needs a new model restarts training and says why; closed form says it is slow', async () => {
    const { page, problems } = await site.open(`/widgets/train-cfm/?${SMALL['train-cfm']}&backend=wasm`);
    const widget = page.locator('[data-widget=train-cfm]');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => widget.getAttribute('data-status'), { timeout: 60_000 }).toBe('running');
    await expect.poll(async () => Number(await widget.getAttribute('data-step')), { timeout: 60_000 }).toBeGreaterThan(300);
    await page.locator('[data-widget="train-cfm"] [id$="-width"]').evaluate((el) => {
      (el as HTMLInputElement).value = '16';
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(await page.getByTestId('restart-note').innerText()).toBe(
      'Changing the network width needs a new model: training restarted from fresh weights.',
    );
    // Still training, on the new model: it reports steps again, below the 300 the old model had passed.
    expect(await widget.getAttribute('data-status')).toBe('running');
    const step = async () => Number(await widget.getAttribute('data-step'));
    await expect.poll(async () => ((n) => n > 0 && n < 300)(await step()), { timeout: 30_000, interval: 50 }).toBe(true);
    // 12. The closed-form field's cost is explained where it is switched on.
    expect(await page.getByTestId('closed-form-cost').count()).toBe(0);
    await page.getByLabel('closed-form field instead of the network').check();
    expect(await page.getByTestId('closed-form-cost').innerText()).toMatch(/slower/);
    expectClean(problems);
  });

  it('11. train-cfm on a 360 px phone: the backend line is one line, its reason one tap away', async () => {
    const ctx = await site.browser.newContext({ ...PHONE, serviceWorkers: 'block' });
    try {
      const { page, problems } = await openPage(
        ctx,
        `${site.server.url}/widgets/train-cfm/?${SMALL['train-cfm']}&backend=wasm`,
        site.server.url,
      );
      await page.waitForSelector('astro-island:not([ssr])', { timeout: 30_000 });
      const widget = page.locator('[data-widget=train-cfm]');
      await page.getByRole('button', { name: 'Train', exact: true }).click();
      await expect.poll(() => widget.getAttribute('data-status'), { timeout: 60_000 }).toBe('running');
      const line = page.getByTestId('backend');
      await expect.poll(async () => (await line.textContent()) ?? '', { timeout: 30_000 }).toMatch(/in a worker — forced by \?backend=/);
      const lineHeight = await line.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight) || 16);
      // Folded: the summary alone, one line (it was four, with the renderer's strings).
      expect((await line.boundingBox())!.height).toBeLessThan(1.6 * lineHeight);
      await line.locator('summary').tap();
      expect((await line.boundingBox())!.height).toBeGreaterThan(1.6 * lineHeight);
      expect(await line.innerText()).toMatch(/forced by \?backend=/);
      // The settings start right under the plots they change, the loss plot after them (they began
      // about 1 200 px below the plots, behind it).
      const plotsBottom = (await widget.locator('.views').boundingBox())!;
      const settingsTop = (await widget.locator('.controls').boundingBox())!;
      expect(settingsTop.y - (plotsBottom.y + plotsBottom.height)).toBeLessThan(60);
      expectClean(problems);
    } finally {
      await ctx.close();
    }
  });

  it('13, 14. cifar-sampler: a lowered image count is explained, not written to the URL; strip cells keep their size', async () => {
    const { page, problems } = await site.open('/widgets/cifar-sampler/?backend=wasm&cifar-sampler.nfe=1');
    await page.waitForSelector('[data-widget=cifar-sampler][data-hydrated=true]');
    const strip = page.locator('[data-widget=cifar-sampler] canvas.strip').first();
    // Before a run: NFE = 1 means two frames (x₀ and x₁), each at 2 CSS px per image pixel.
    expect(Math.round((await strip.boundingBox())!.width)).toBe(2 * 68 - 4);
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    const note = page.getByTestId('count-note');
    await note.waitFor({ timeout: 60_000 });
    expect(await note.innerText()).toMatch(/Images lowered from 16 to 4: this browser samples on (wasm|cpu)/);
    expect(new URL(page.url()).searchParams.has('cifar-sampler.count')).toBe(false);
    await page.getByTestId('timing').waitFor({ timeout: 90_000 });
    expect(Math.round((await strip.boundingBox())!.width)).toBe(2 * 68 - 4);
    // Choosing a count is the reader's decision: the note goes.
    await page.locator('[data-widget="cifar-sampler"] [id$="-count"]').evaluate((el) => {
      (el as HTMLInputElement).value = '8';
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await expect.poll(() => note.count()).toBe(0);
    expectClean(problems);
  });

  it('21. chapter 4: the pseudocode fits the text column on a laptop', async () => {
    const { page } = await openPage(site.context, `${site.server.url}/chapters/flow-matching/`, site.server.url);
    const pre = page.locator('pre[aria-label^="Pseudocode"]');
    expect(await pre.count()).toBe(1);
    const { scroll, client } = await pre.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(scroll).toBeLessThanOrEqual(client);
  });

  it('19. memorisation: the sample rows have their final shape before anything is sampled (no 528 px grey squares)', async () => {
    const { page, problems } = await site.open('/widgets/memorisation/');
    const rows = page.locator('[data-widget=memorisation] canvas.row');
    expect(await rows.count()).toBe(4);
    for (const box of await rows.evaluateAll((cs) =>
      cs.map((c) => c.getBoundingClientRect().toJSON() as { width: number; height: number }),
    ))
      expect(box.height).toBeLessThan(box.width / 6);
    expectClean(problems);
  });

  it('15. path-explorer: sliders a family ignores are disabled with the reason; the metrics are defined', async () => {
    const { page, problems } = await site.open('/widgets/path-explorer/');
    const sigma = page.locator('[data-widget="path-explorer"] [id$="-sigma"]');
    const x0 = page.locator('[data-widget="path-explorer"] [id$="-x0"]');
    const path = page.locator('[data-widget="path-explorer"] [id$="-path"]');
    // OT (the default): one-sided, with a width σ_min.
    expect(await sigma.isDisabled()).toBe(false);
    expect(await x0.isDisabled()).toBe(true);
    expect(await page.locator('[data-widget="path-explorer"] [id$="-x0-inert"]').innerText()).toMatch(/One-sided path/);
    // VP: one-sided, no width.
    await path.selectOption('vp');
    expect(await sigma.isDisabled()).toBe(true);
    expect(await page.locator('[data-widget="path-explorer"] [id$="-sigma-inert"]').innerText()).toMatch(/has no width parameter/);
    // I-CFM: two-sided with a width: both matter.
    await path.selectOption('icfm');
    expect(await sigma.isDisabled()).toBe(false);
    expect(await x0.isDisabled()).toBe(false);
    expect(await page.locator('[data-widget="path-explorer"] [id$="-x0-inert"]').count()).toBe(0);
    const defs = page.getByTestId('metric-definitions');
    expect(await defs.innerText()).toMatch(/straightness.*path energy.*normalised path energy/s);
    await path.selectOption('ve');
    expect(await defs.innerText()).toMatch(/σmax = 10/);
    expectClean(problems);
  });

  it('15. theorem1-explorer and train-cfm: σ is disabled with the reason for a family without a width', async () => {
    for (const [widget, id] of [
      ['theorem1-explorer', 'theorem1-explorer'],
      ['train-cfm', 'train-cfm'],
    ] as const) {
      const { page, problems } = await site.open(`/widgets/${widget}/`);
      const root = page.locator(`[data-widget="${id}"]`);
      const sigma = root.locator('input[id$="-sigma"]');
      const path = root.locator('select[id$="-path"]');
      await path.selectOption('icfm');
      await expect.poll(() => sigma.isDisabled()).toBe(false);
      await path.selectOption('rectified');
      await expect.poll(() => sigma.isDisabled(), { timeout: 5000 }).toBe(true);
      expect(await root.locator('[id$="-sigma-inert"]').innerText(), widget).toMatch(/has no width parameter/);
      expectClean(problems);
    }
  });
});
