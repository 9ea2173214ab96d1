/**
 * The SDE vs ODE widget on the built site: the closed-form animation runs (t advances, readouts fill
 * in, the panels are painted) without loading TF.js; the controls match their schema; URL state
 * round-trips and bad values are clamped with a message; the keyboard plays and scrubs; and a tiny
 * training + sweep runs on wasm and on WebGPU (SwiftShader), whose paths then replace the exact ones.
 */
import { describe, expect, it } from 'vitest';
import { expectClean, openPage, paintedOnScreen, useSite } from './harness.ts';
import { compareControlsWithSchema } from './schema-controls.ts';
import { sdeVsOdeSchema } from '../../src/widgets/sde-vs-ode/schema.ts';
import { SWEEP_G } from '../../src/lib/engine/sde-vs-ode/experiment.ts';

const site = useSite();
const poll = <T>(fn: () => T | Promise<T>, timeout = 20_000) => expect.poll(fn, { timeout });
const W = '[data-widget="sde-vs-ode"]';
const small = 'sde-vs-ode.steps=40&sde-vs-ode.particles=200';

describe('sde-vs-ode', () => {
  it('says how far the integration has got while t reads 1 (screenshot review: "t = 1.00 while still computing")', async () => {
    const { page, problems } = await site.open('/widgets/sde-vs-ode/?sde-vs-ode.particles=2000&sde-vs-ode.steps=1000');
    const line = page.getByTestId('integrating');
    await expect.poll(() => line.innerText(), { timeout: 30_000 }).toMatch(/computed up to t = 0\.\d\d/);
    const before = (await line.boundingBox())!.height;
    await expect.poll(() => line.innerText(), { timeout: 180_000 }).toBe('');
    expect((await line.boundingBox())!.height).toBe(before); // the line stays: nothing below moves
    expectClean(problems);
  });

  it('animates the exact field: t advances, readouts fill in, no TF.js; controls match the schema; keys play and scrub', async () => {
    const { page, problems } = await site.open(`/widgets/sde-vs-ode/?${small}`);
    const heavy: string[] = [];
    page.on('request', (r) => {
      if (/tfjs|\.wasm$/.test(r.url())) heavy.push(r.url());
    });
    await page.waitForSelector(`${W}[data-hydrated="true"]`);
    await poll(async () => Number(await page.getByTestId('t').textContent())).toBe(1);
    await poll(async () => page.getByTestId('d-sde').textContent()).not.toBe('—');
    const gap = Number((await page.getByTestId('gap').textContent())!.replace('−', '-'));
    expect(gap).toBeGreaterThan(0.3);
    for (const id of ['d-ode', 'd-sde', 'd-exact']) {
      expect(Math.abs(Number((await page.getByTestId(id).textContent())!.replace('−', '-')))).toBeLessThan(0.2);
    }
    expect(await paintedOnScreen(page.locator(`${W} .panels canvas`).nth(1))).toBeGreaterThan(2000);
    const report = await compareControlsWithSchema(page, 'sde-vs-ode', sdeVsOdeSchema);
    expect(report.mismatches).toEqual([]);
    expect(report.checked).toEqual(
      expect.arrayContaining(['g', 'steps', 'particles', 'paths', 't', 'field', 'trainSteps', 'nfe', 'shift']),
    );
    // keyboard: the panels take arrows (scrub) and space (play)
    await page.locator(`${W} .panels`).focus();
    await page.keyboard.press('ArrowLeft');
    await poll(async () => page.getByTestId('t').textContent()).toBe('0.95');
    await page.keyboard.press('Home');
    await page.keyboard.press(' ');
    await poll(async () => page.getByTestId('play').textContent()).toBe('Pause');
    const t1 = Number(await page.getByTestId('t').textContent());
    await poll(async () => Number(await page.getByTestId('t').textContent())).not.toBe(t1);
    expect(heavy).toEqual([]);
    expectClean(problems);
    await page.close();
  });

  it('draws in its stage worker; with ?worker=0 on the page, the same pixels', async () => {
    // Stopped at t = 0.5 (a t in the URL does not autoplay): once the run is complete, the last drawing is final.
    // At a pixel ratio of 2: a worker has none of its own, and must draw at the page's.
    const ctx = await site.browser.newContext({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: 2 });
    const shot = async (query: string) => {
      const url = `${site.server.url}/widgets/sde-vs-ode/?${small}&sde-vs-ode.t=0.5${query}`;
      const { page, problems } = await openPage(ctx, url, site.server.url);
      const panels = page.locator(`${W} .panels`);
      await poll(async () => page.getByTestId('integrating').innerText()).toBe('');
      await poll(async () => panels.getAttribute('data-drawn-t')).toBe('0.5');
      await page.waitForTimeout(300);
      const where = await panels.getAttribute('data-stage');
      const canvases = page.locator(`${W} .panels canvas, ${W} canvas.strip`);
      const pngs = await Promise.all([0, 1, 2].map(async (i) => (await canvases.nth(i).screenshot()).toString('base64')));
      const painted = await paintedOnScreen(canvases.nth(0));
      expectClean(problems);
      await page.close();
      return { where, pngs, painted };
    };
    const worker = await shot('');
    const onPage = await shot('&worker=0');
    await ctx.close();
    expect(worker.where).toBe('worker');
    expect(onPage.where).toBe('page');
    expect(worker.painted).toBeGreaterThan(2000);
    for (const i of [0, 1, 2]) expect(worker.pngs[i] === onPage.pngs[i], `canvas ${i}`).toBe(true);
  });

  it('draws on the page, on new canvases, when its stage worker cannot load', async () => {
    const ctx = await site.browser.newContext({ viewport: { width: 1100, height: 900 } });
    await ctx.route(/stage-worker-[^/]*\.js$/, (r) => r.fulfill({ status: 404, body: '' }));
    const { page, problems } = await openPage(ctx, `${site.server.url}/widgets/sde-vs-ode/?${small}&sde-vs-ode.t=0.5`, site.server.url);
    const panels = page.locator(`${W} .panels`);
    await poll(async () => panels.getAttribute('data-stage')).toBe('page');
    await poll(async () => paintedOnScreen(panels.locator('canvas').nth(1))).toBeGreaterThan(2000);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors.filter((m) => !/404|Failed to load/.test(m))).toEqual([]);
    await ctx.close();
  });

  it('URL state round-trips; bad values are clamped with a visible message', async () => {
    const { page, problems } = await site.open(`/widgets/sde-vs-ode/?${small}&sde-vs-ode.g=2.5&sde-vs-ode.t=0.4&sde-vs-ode.seed=7`);
    await page.waitForSelector(`${W}[data-hydrated="true"]`);
    await poll(async () => page.locator(`${W} input[id$="-g"]`).inputValue()).toBe('2.5');
    expect(await page.getByTestId('t').textContent()).toBe('0.40');
    expect(await page.locator(W).textContent()).toContain('seed 7');
    // a change goes back into the URL
    await page.locator(`${W} input[id$="-paths"]`).fill('3');
    await poll(() => page.url()).toContain('sde-vs-ode.paths=3');
    expect(page.url()).toContain('sde-vs-ode.g=2.5');
    await page.close();
    const bad = await site.open('/widgets/sde-vs-ode/?sde-vs-ode.g=99&sde-vs-ode.steps=-4&sde-vs-ode.field=nope');
    await bad.page.waitForSelector(`${W}[data-hydrated="true"]`);
    await poll(async () => bad.page.locator(`${W} input[id$="-g"]`).inputValue()).toBe('3');
    expect(await bad.page.locator(`${W} input[id$="-steps"]`).inputValue()).toBe('20');
    expect((await bad.page.locator(`${W} .widget-problems`).textContent())!.length).toBeGreaterThan(10);
    expectClean(problems);
    expectClean(bad.problems);
    await bad.page.close();
  });

  // WebGPU runs on SwiftShader here (~25× slower than wasm): the tiniest run the schema allows.
  for (const [backend, run] of [
    ['wasm', 'sde-vs-ode.trainSteps=100&sde-vs-ode.nfe=5'],
    ['webgpu', 'sde-vs-ode.trainSteps=25&sde-vs-ode.nfe=2'],
  ] as const) {
    it(`trains and sweeps on ${backend} (tiny run), then shows the network's paths`, async () => {
      const tiny = `${small}&${run}&sde-vs-ode.field=network`;
      const { page, problems } = await site.open(`/widgets/sde-vs-ode/?backend=${backend}&${tiny}`);
      await page.waitForSelector(`${W}[data-hydrated="true"]`);
      await page.getByTestId('train').click();
      const status = page.getByTestId('train-status');
      await poll(async () => status.textContent(), 200_000).toContain('Done');
      // the reason the engine gives for its backend names a failed check, if WebGPU fell back
      expect(await status.textContent(), (await status.getAttribute('data-backend-reason')) ?? '').toContain(backend);
      expect(await page.locator(`${W} [data-testid="sweep"] tbody tr`).count()).toBe(SWEEP_G.length);
      const cells = await page.locator(`${W} [data-testid="sweep"] tbody td`).allTextContents();
      for (const c of cells) expect(Number(c)).toBeGreaterThan(0);
      await poll(async () => page.locator(`${W} .panels`).getAttribute('data-view')).toBe('network');
      expect(Number(await page.getByTestId('gap').textContent())).toBeGreaterThan(0);
      expectClean(problems);
      await page.close();
    });
  }
});
