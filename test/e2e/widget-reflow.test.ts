/**
 * The reflow-live widget on the built site (dist/): nothing of TF.js before Train; a short run on
 * wasm (in a worker) goes through every round, fills the table and the plot across rounds, keeps
 * every setting in the URL (a reload restores them, a view change redraws without retraining); and
 * a tiny run on WebGPU (SwiftShader) gives the figures the wasm run gives.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectClean, paintedPixels, useSite } from './harness.ts';
import { compareControlsWithSchema } from './schema-controls.ts';
import { REFLOW_SCHEMA } from '../../src/lib/engine/reflow/settings.ts';

const site = useSite({ viewport: { width: 1100, height: 900 } });
const widget = (page: Page) => page.locator('[data-widget="reflow-live"]');
const cell = async (page: Page, id: string) => Number(await page.getByTestId(id).getAttribute('data-value'));

/** Opens the widget with settings, presses Train and waits until `rounds` rounds are done. */
async function run(query: string, rounds: number, timeout: number) {
  const { page, problems } = await site.open(`/widgets/reflow-live/?${query}`);
  const tf: string[] = [];
  page.on('request', (r) => {
    if (/tfjs|\.wasm/.test(r.url())) tf.push(r.url());
  });
  await expect.poll(() => paintedPixels(widget(page).locator('canvas'))).toBeGreaterThan(500);
  expect(tf).toEqual([]); // the first frame (independent pairs) comes from the core alone
  await widget(page).getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => widget(page).getAttribute('data-rounds-done'), { timeout, interval: 500 }).toBe(String(rounds));
  return { page, problems };
}

const SHORT = 'reflow-live.steps=200&reflow-live.pairs=256&reflow-live.solveSteps=8&reflow-live.width=32&reflow-live.seed=4';
const TINY =
  'reflow-live.rounds=1&reflow-live.steps=100&reflow-live.pairs=256&reflow-live.solveSteps=4&reflow-live.width=16&reflow-live.depth=1&reflow-live.batch=64&reflow-live.seed=2';

describe('reflow-live', () => {
  it('runs all three rounds on wasm in a worker, shows every figure, and round-trips the URL', async () => {
    const { page, problems } = await run(`backend=wasm&${SHORT}`, 3, 150_000);
    await expect.poll(() => page.getByTestId('backend').textContent()).toMatch(/wasm in a worker/);
    expect(await page.getByTestId('progress-text').textContent()).toMatch(/all 3 rounds done/);
    for (const r of [1, 2, 3]) {
      expect(await cell(page, `S-${r}`)).toBeGreaterThanOrEqual(0);
      for (const k of [0, 1, 2]) expect(await cell(page, `w2-${k}-${r}`)).toBeGreaterThan(0);
      expect(await paintedPixels(widget(page).locator('canvas').nth(r))).toBeGreaterThan(500);
    }
    // the independent pairs cross far more than the rectified ones
    expect(await cell(page, 'cross-0')).toBeGreaterThan(5 * (await cell(page, 'cross-1')));
    await expect.poll(() => widget(page).locator('.rounds-plot svg').count()).toBe(4);
    // a view change redraws without a new run, and joins the other settings in the URL
    await page.locator('[data-widget="reflow-live"] [id$="-view"]').selectOption('euler1');
    await expect.poll(() => page.url()).toContain('reflow-live.view=euler1');
    expect(await widget(page).getAttribute('data-rounds-done')).toBe('3');
    const url = page.url();
    for (const part of SHORT.split('&')) expect(url).toContain(part);
    const report = await compareControlsWithSchema(page, 'reflow-live', REFLOW_SCHEMA, ['lr']);
    expect(report.mismatches).toEqual([]);
    expectClean(problems);
    await page.close();
    const again = await site.open(new URL(url).pathname + new URL(url).search);
    expect(await again.page.locator('[data-widget="reflow-live"] [id$="-view"]').inputValue()).toBe('euler1');
    expect(await again.page.locator('[data-widget="reflow-live"] [id$="-steps"]').inputValue()).toBe('200');
    expect(await again.page.locator('[data-widget="reflow-live"] [id$="-width"]').inputValue()).toBe('32');
    expect(await widget(again.page).getAttribute('data-rounds-done')).toBe('0');
    expectClean(again.problems);
    await again.page.close();
  }, 240_000);

  it('a tiny run on WebGPU (SwiftShader) agrees with wasm', async () => {
    const figures = async (backend: string) => {
      const { page, problems } = await run(`backend=${backend}&${TINY}`, 1, 200_000);
      await expect.poll(() => page.getByTestId('backend').textContent()).toMatch(new RegExp(`${backend}( \\(software\\))? in a worker`));
      const out = {
        cost0: await cell(page, 'cost-0'),
        cost: await cell(page, 'cost-1'),
        w2: await cell(page, 'w2acc-1'),
        w2one: await cell(page, 'w2-0-1'),
        S: await cell(page, 'S-1'),
      };
      expectClean(problems);
      await page.close();
      return out;
    };
    const wasm = await figures('wasm');
    const gpu = await figures('webgpu');
    expect(gpu.cost0).toBe(wasm.cost0); // the same evaluation set (core, no TF.js)
    expect(Math.abs(gpu.cost - wasm.cost) / wasm.cost).toBeLessThan(0.02);
    expect(Math.abs(gpu.w2 - wasm.w2)).toBeLessThan(0.05);
    expect(Math.abs(gpu.w2one - wasm.w2one)).toBeLessThan(0.05);
    expect(Math.abs(gpu.S - wasm.S) / wasm.S).toBeLessThan(0.05);
  }, 240_000);
});
