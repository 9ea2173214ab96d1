/**
 * The solver lab on the built site (dist/): the closed-form default computes its reference and sweep
 * on the page and shows the log–log plots with the fitted slopes (orders 1, 2, 2, 4); URL state
 * round-trips and controls match the schema; a tiny training run of the three fields completes on
 * wasm in a worker, and one starts on WebGPU (SwiftShader) and trains its first field there. No TF.js
 * is fetched before Train is pressed.
 */
import { describe, expect, it } from 'vitest';
import { attributeChanges, expectClean, openPage, paintedPixels, recordAttributeChanges, useSite } from './harness.ts';
import { compareControlsWithSchema } from './schema-controls.ts';
import { solverLabSchema } from '../../src/widgets/solver-lab/schema.ts';

const site = useSite();
const poll = <T>(fn: () => T | Promise<T>, timeout = 30_000) => expect.poll(fn, { timeout, interval: 250 });
const widget = '[data-widget="solver-lab"]';
const slope = (text: string | null) => Number((text ?? '').replace('−', '-'));

describe('solver-lab', () => {
  it('closed form by default: plots, slopes ≈ −1, −2, −2, −4, no TF.js before Train', async () => {
    const tfRequests: string[] = [];
    const { page, problems } = await site.open('/widgets/solver-lab/');
    page.on('request', (r) => {
      if (/tfjs|\.wasm$/.test(r.url())) tfRequests.push(r.url());
    });
    await page.locator(widget).scrollIntoViewIfNeeded();
    await poll(() => page.locator(widget).getAttribute('data-sweep')).toBe('done');
    const slopes = await Promise.all(
      ['euler', 'midpoint', 'heun', 'rk4'].map(async (m) => slope(await page.getByTestId(`slope-${m}`).textContent())),
    );
    expect(slopes[0]).toBeCloseTo(-1, 1);
    expect(slopes[1]).toBeCloseTo(-2, 1);
    expect(slopes[2]).toBeCloseTo(-2, 1);
    expect(slopes[3]).toBeCloseTo(-4, 0);
    await expect.poll(() => page.getByTestId('run-error').textContent()).toBe('2.29·10⁻¹');
    for (const i of [0, 1, 2]) expect(await paintedPixels(page.locator(`${widget} canvas`).nth(i))).toBeGreaterThan(2000);
    // Keys: 4 picks RK4, + doubles the budget; the readout follows.
    await page.locator(widget).focus();
    await page.keyboard.press('4');
    await page.keyboard.press('+');
    await poll(() => page.getByTestId('readout').textContent()).toMatch(/^RK4, 16 NFE/);
    expect(tfRequests).toEqual([]);
    const controls = await compareControlsWithSchema(page, 'solver-lab', solverLabSchema);
    expect(controls.mismatches).toEqual([]);
    expect(controls.checked.length).toBeGreaterThanOrEqual(8);
    expectClean(problems);
    await page.close();
  }, 90_000);

  it('computes the closed form in its own worker, and on the page with ?worker=0: the same figures', async () => {
    const figures = async (query: string) => {
      const { page, problems } = await site.open(`/widgets/solver-lab/${query}`);
      await page.locator(widget).scrollIntoViewIfNeeded();
      await poll(() => page.locator(widget).getAttribute('data-sweep')).toBe('done');
      const out = {
        slopes: await Promise.all(['euler', 'midpoint', 'heun', 'rk4'].map((m) => page.getByTestId(`slope-${m}`).textContent())),
        error: await page.getByTestId('run-error').textContent(),
        worker: page.workers().some((w) => /closed-form-worker/.test(w.url())),
      };
      expectClean(problems);
      await page.close();
      return out;
    };
    const inWorker = await figures('');
    const onPage = await figures('?worker=0');
    expect(inWorker.worker).toBe(true);
    expect(onPage.worker).toBe(false);
    expect(onPage.slopes).toEqual(inWorker.slopes);
    expect(onPage.error).toBe(inWorker.error);
  }, 90_000);

  it('draws the sweep as it runs: the curves grow in several updates, never empty until the end', async () => {
    const ctx = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      // Every number of plotted points the widget shows, recorded from before hydration.
      await recordAttributeChanges(ctx, ['data-sweep-points']);
      const { page, problems } = await openPage(ctx, `${site.server.url}/widgets/solver-lab/`, site.server.url);
      await page.locator(widget).scrollIntoViewIfNeeded();
      // Midway, the reader picks another solver: its run is solved again, and the sweep goes on.
      await poll(async () => Number(await page.locator(widget).getAttribute('data-sweep-points'))).toBeGreaterThan(2);
      await page.locator(widget).focus();
      await page.keyboard.press('4');
      await poll(() => page.locator(widget).getAttribute('data-sweep')).toBe('done');
      await poll(() => page.getByTestId('readout').textContent()).toMatch(/^RK4/);
      // The values in order, repeats of one value (a re-render) counted once.
      const seen = (await attributeChanges(page)).map((c) => Number(c.value)).filter((v, i, all) => i === 0 || v !== all[i - 1]);
      const total = Number(await page.locator(widget).getAttribute('data-sweep-points'));
      expect(seen.at(-1)).toBe(total);
      // Strictly growing from the first point to all of them, through partial sweeps: the engine
      // posts the first point at once, then at most every SWEEP_POST_MS, then the last.
      expect(
        seen.find((n) => n > 0),
        seen.join(', '),
      ).toBe(1);
      expect(seen.filter((n) => n > 0).length, seen.join(', ')).toBeGreaterThanOrEqual(2);
      for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]);
      // At 1280 px the trajectories and the error plot share a row: a caption wider than its canvas
      // once widened the trajectories' figure and pushed both plots below it.
      const [traj, plot] = await Promise.all(
        ['canvas.trajectories', 'canvas.plot'].map((c) => page.locator(`${widget} ${c}`).first().boundingBox()),
      );
      expect(Math.abs(traj!.y - plot!.y), JSON.stringify([traj, plot])).toBeLessThan(2);
      expectClean(problems);
      await page.close();
    } finally {
      await ctx.close();
    }
  }, 90_000);

  it('URL state round-trips, and a bad value is clamped with a message', async () => {
    const { page, problems } = await site.open(
      '/widgets/solver-lab/?solver-lab.solver=heun&solver-lab.nfe=32&solver-lab.path=ot&solver-lab.points=12&solver-lab.starts=9999&solver-lab.seed=7',
    );
    await page.locator(widget).scrollIntoViewIfNeeded();
    await poll(() => page.locator('[data-widget="solver-lab"] [id$="-solver"]').inputValue()).toBe('heun');
    expect(await page.locator('[data-widget="solver-lab"] [id$="-nfe"]').inputValue()).toBe('32');
    expect(await page.locator('[data-widget="solver-lab"] [id$="-path"]').inputValue()).toBe('ot');
    expect(await page.locator('[data-widget="solver-lab"] [id$="-starts"]').inputValue()).toBe('128');
    await poll(() => page.getByText('starts: 9999 is outside [8, 128]; using 128').isVisible()).toBe(true);
    await poll(() => page.getByTestId('readout').textContent()).toMatch(/^Heun, 32 NFE/);
    await page.locator('[data-widget="solver-lab"] [id$="-solver"]').selectOption('midpoint');
    await poll(() => page.url()).toContain('solver-lab.solver=midpoint');
    expect(page.url()).toContain('solver-lab.seed=7');
    expect(page.url()).toContain('solver-lab.path=ot');
    expectClean(problems);
    await page.close();
  }, 60_000);

  it('trains I-CFM, OT-CFM and 2-RF on wasm in a worker (tiny run) and compares them', async () => {
    const { page, problems } = await site.open('/widgets/solver-lab/?backend=wasm&solver-lab.trainSteps=50&solver-lab.starts=16');
    await page.locator(widget).scrollIntoViewIfNeeded();
    await page.getByRole('button', { name: /Train I-CFM/ }).click();
    await poll(() => page.getByTestId('backend').textContent()).toMatch(/wasm in a worker/);
    await poll(() => page.locator(widget).getAttribute('data-trained'), 150_000).toBe('done');
    for (const f of ['icfm', 'otcfm', 'rf2']) await poll(() => page.getByTestId(`w2data-${f}`).isVisible()).toBe(true);
    await poll(() => page.getByTestId('readout').textContent()).toMatch(/^Euler, 8 NFE: RMS endpoint error/);
    expect(slope(await page.getByTestId('slope-euler').textContent())).toBeLessThan(-0.5);
    await page.locator('[data-widget="solver-lab"] [id$="-field"]').selectOption('rf2');
    await poll(() => page.url()).toContain('solver-lab.field=rf2');
    await poll(() => page.getByTestId('readout').textContent()).toMatch(/own W₂ to fresh data/);
    expectClean(problems);
    await page.close();
  }, 180_000);

  it('trains on WebGPU (SwiftShader): the first field trains on the GPU backend', async () => {
    const { page, problems } = await site.open('/widgets/solver-lab/?backend=webgpu&solver-lab.trainSteps=50&solver-lab.starts=8');
    await page.locator(widget).scrollIntoViewIfNeeded();
    await page.getByRole('button', { name: /Train I-CFM/ }).click();
    await poll(() => page.getByTestId('backend').textContent(), 60_000).toMatch(/webgpu/);
    await poll(() => page.getByTestId('progress').textContent(), 120_000).toMatch(/Trained I-CFM: (step 50 of 50|sweeping)/);
    expectClean(problems);
    await page.close();
  }, 200_000);
});
