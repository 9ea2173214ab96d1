/**
 * The chapter 6–7 widget modes on the built site (dist/): couplings-compared in minibatch mode (the
 * cost above W₂² and the C readout chapter 7 quotes; B in the URL, clamped), the Theorem 1 explorer's
 * 2D coupling mode (the averaging chapter 6 describes; weighted mean = closed form; keys move the
 * probe), and the un-mixing widget of chapter 6 (its default figure, a coupling change written to the
 * URL, keys move the particles, reduced motion, a bad URL value reported).
 */
import { describe, expect, it } from 'vitest';
import { expectClean as clean, openPage, paintedPixels, useSite } from './harness.ts';
import { compareControlsWithSchema } from './schema-controls.ts';
import { unmixingSchema } from '../../src/widgets/coupling-unmixing/schema.ts';

const site = useSite();
const open = (path: string) => site.open(path);
const num = (s: string | null) => Number(s);
const poll = <T>(fn: () => T | Promise<T>, timeout = 30_000) => expect.poll(fn, { timeout });

describe('couplings-compared, minibatch mode', () => {
  it('shows the minibatch bias and C; B is read from the URL and clamped', async () => {
    const { page, problems } = await open('/widgets/couplings-compared/?couplings-compared.batch=minibatch');
    const ot = page.getByTestId('stats-exact-ot');
    const ind = page.getByTestId('stats-independent');
    await poll(async () => page.getByTestId('stats-sinkhorn').getAttribute('data-c'), 90_000).not.toBe('');
    expect(await ot.getAttribute('data-batch')).toBe('8');
    // The figures chapter 7 quotes (claims test: ch07-minibatch).
    expect(num(await ot.getAttribute('data-cost')).toFixed(2)).toBe('17.69');
    const w2sq = num(await page.getByTestId('couplings-note').getAttribute('data-w2sq'));
    expect(w2sq.toFixed(2)).toBe('14.82');
    expect(num(await ot.getAttribute('data-c')).toFixed(1)).toBe('2.4');
    expect(num(await ot.getAttribute('data-c'))).toBeLessThan(num(await ind.getAttribute('data-c')));
    expect(await page.locator('[data-coupling=exact-ot] figcaption').innerText()).toContain('batches of 8');
    clean(problems);
    await page.close();

    const bad = await open(
      '/widgets/couplings-compared/?couplings-compared.batch=minibatch&couplings-compared.B=999&couplings-compared.n=16',
    );
    await poll(async () => bad.page.locator('.widget-problems li').count()).toBe(1);
    expect(await bad.page.locator('[data-widget="couplings-compared"] [id$="-B"]').inputValue()).toBe('96');
    await poll(async () => bad.page.getByTestId('stats-exact-ot').getAttribute('data-batch'), 60_000).toBe('16');
    clean(bad.problems);
    await bad.page.close();
  });
});

describe('theorem1-explorer, 2D coupling mode', () => {
  it("chapter 6's link: half the weight each way, the mean points up and equals the closed form; keys move the probe", async () => {
    const { page, problems } = await open(
      '/widgets/theorem1-explorer/?theorem1-explorer.plan=bad&theorem1-explorer.path=icfm&theorem1-explorer.sigma=0.3&theorem1-explorer.t=0.5&theorem1-explorer.px=0&theorem1-explorer.py=0',
    );
    const r2 = page.getByTestId('readout-2d');
    await poll(async () => r2.getAttribute('data-rightward')).toMatch(/^0\.50/);
    expect(num(await r2.getAttribute('data-rightward')).toFixed(3)).toBe('0.502');
    const closed = (await r2.getAttribute('data-closed'))!.split(',').map(Number);
    expect(closed[0].toFixed(3)).toBe('-0.008');
    expect(closed[1].toFixed(3)).toBe('3.970');
    const plane = page.locator('canvas').nth(1);
    expect(await paintedPixels(plane)).toBeGreaterThan(1000);
    // At t = 1/2 both families are centred on the crossing, so a sideways move keeps the split near
    // one half but tilts the mean; it still equals the closed form.
    const before = await r2.getAttribute('data-closed');
    await plane.focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await poll(async () => r2.getAttribute('data-closed')).not.toBe(before);
    const ws = (await r2.getAttribute('data-weighted'))!.split(',').map(Number);
    const cs = (await r2.getAttribute('data-closed'))!.split(',').map(Number);
    expect(Math.abs(ws[0] - cs[0]) + Math.abs(ws[1] - cs[1])).toBeLessThan(1e-9);
    await poll(() => page.url()).toContain('theorem1-explorer.px=');
    expect(page.url()).toContain('theorem1-explorer.plan=bad');
    clean(problems);
    await page.close();
  });
});

describe('coupling-unmixing', () => {
  it('shows its default figure; a coupling change reaches the URL; keys move the particles', async () => {
    const { page, problems } = await open('/widgets/coupling-unmixing/');
    const r = page.getByTestId('unmixing-readout');
    await poll(async () => r.getAttribute('data-own'), 90_000).not.toBe('');
    expect(Math.round(100 * num(await r.getAttribute('data-own')))).toBe(77);
    expect(num(await r.getAttribute('data-prescribed'))).toBe(0);
    const canvas = page.locator('[data-widget="coupling-unmixing"] canvas');
    expect(await paintedPixels(canvas)).toBeGreaterThan(1000);
    await page.locator('[data-widget="coupling-unmixing"] [id$="-coupling"]').selectOption('good');
    await poll(async () => r.getAttribute('data-prescribed'), 90_000).not.toBe('0');
    expect(num(await r.getAttribute('data-own'))).toBe(1);
    await poll(() => page.url()).toContain('coupling-unmixing.coupling=good');
    await canvas.focus();
    const t0 = num(await page.locator('[data-widget="coupling-unmixing"] [id$="-tp"]').inputValue());
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await poll(async () => num(await page.locator('[data-widget="coupling-unmixing"] [id$="-tp"]').inputValue())).toBeLessThan(t0);
    const report = await compareControlsWithSchema(page, 'coupling-unmixing', unmixingSchema, []);
    expect(report.mismatches).toEqual([]);
    expect(report.checked).toEqual(expect.arrayContaining(['coupling', 'sigma', 'm']));
    clean(problems);
    await page.close();
  });

  it('reports a bad URL value; no autoplay under reduced motion; no overflow at 360 px', async () => {
    const ctx = await site.browser.newContext({ viewport: { width: 360, height: 800 }, reducedMotion: 'reduce' });
    try {
      const { page, problems } = await openPage(
        ctx,
        `${site.server.url}/widgets/coupling-unmixing/?coupling-unmixing.sigma=99`,
        site.server.url,
      );
      await page.waitForSelector('astro-island:not([ssr])', { timeout: 30_000 });
      await poll(async () => page.locator('.widget-problems li').count()).toBe(1);
      expect(Number(await page.locator('[data-widget="coupling-unmixing"] [id$="-sigma"]').inputValue())).toBe(1);
      await poll(async () => page.getByTestId('unmixing-readout').getAttribute('data-own'), 90_000).not.toBe('');
      await page.waitForTimeout(2000);
      expect(await page.locator('[data-widget="coupling-unmixing"] [id$="-tp"]').inputValue()).toBe('1');
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      clean(problems);
    } finally {
      await ctx.close();
    }
  });
});
