/**
 * The Part I widgets on the built site (dist/): each standalone page hydrates without console
 * errors, draws something, and responds to input — the dataset gallery to clicks and URL state,
 * the change-of-variables map to a mouse drag and to arrow keys (the displayed density changes and
 * the map stays increasing), the continuity equation to Play (time advances) and to scrubbing
 * (the grid solution agrees with the exact density and conserves mass).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DIST, expectClean as clean, paintedPixels, useSite } from './harness.ts';
import { compareControlsWithSchema } from './schema-controls.ts';
import { continuityEquationSchema } from '../../src/widgets/continuity-equation/schema.ts';
import { datasetGallerySchema } from '../../src/widgets/dataset-gallery/schema.ts';
import { changeOfVariablesSchema } from '../../src/widgets/change-of-variables/schema.ts';

const site = useSite();
const open = (path: string) => site.open(path);
const painted = (page: Page, selector: string) => paintedPixels(page.locator(selector));

describe('dataset-gallery', () => {
  it('hydrates, draws every data set, and a click selects one and writes it to the URL', async () => {
    const { page, problems } = await open('/widgets/dataset-gallery/');
    const about = page.getByTestId('dg-about');
    await expect.poll(async () => painted(page, '.big canvas')).toBeGreaterThan(500);
    expect(await page.locator('.thumb').count()).toBeGreaterThanOrEqual(13);
    // The thumbnails follow the large view, one per task.
    await expect.poll(async () => painted(page, '.thumb[data-dataset="checkerboard"] canvas')).toBeGreaterThan(200);
    await page.locator('.thumb[data-dataset="moons"]').click();
    await expect.poll(async () => about.getAttribute('data-dataset')).toBe('moons');
    expect(await about.textContent()).toContain('torchdyn');
    await expect.poll(() => page.url()).toContain('dataset-gallery.dataset=moons');
    clean(problems);
    await page.close();
  });

  it('reads data set, n and seed from the URL, and reports a bad value politely', async () => {
    const { page, problems } = await open(
      '/widgets/dataset-gallery/?dataset-gallery.dataset=checkerboard&dataset-gallery.n=300&dataset-gallery.seed=9&dataset-gallery.v=1',
    );
    const about = page.getByTestId('dg-about');
    await expect.poll(async () => about.getAttribute('data-dataset')).toBe('checkerboard');
    expect(await about.getAttribute('data-n')).toBe('300');
    expect(await about.getAttribute('data-seed')).toBe('9');
    await page.close();
    const bad = await open('/widgets/dataset-gallery/?dataset-gallery.n=abc');
    await expect.poll(async () => bad.page.locator('.widget-problems').textContent()).toContain('not a number');
    clean(problems);
    clean(bad.problems);
    await bad.page.close();
  });
});

describe('change-of-variables', () => {
  it('a mouse drag and arrow keys move knots; the pushed density changes and T stays increasing', async () => {
    const { page, problems } = await open('/widgets/change-of-variables/');
    const readout = page.getByTestId('cov-readout');
    await expect.poll(async () => painted(page, '.cov-dens')).toBeGreaterThan(1000);
    const knot = page.locator('.knot[data-knot="5"]');
    const before = Number(await readout.getAttribute('data-push'));
    const v0 = Number(await knot.getAttribute('aria-valuenow'));

    // Mouse drag upwards by 40 px (about 1.3 units; the next knot is 2.1 units higher).
    const box = (await knot.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 4; i++) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 - 10 * i);
    await page.mouse.up();
    await expect.poll(async () => Number(await knot.getAttribute('aria-valuenow'))).toBeGreaterThan(v0 + 0.5);
    const afterDrag = Number(await readout.getAttribute('data-push'));
    expect(Math.abs(afterDrag - before)).toBeGreaterThan(1e-3);

    // Keyboard: focus knot 2 and press ArrowDown three times (0.1 each).
    const knot2 = page.locator('.knot[data-knot="1"]');
    const k2 = Number(await knot2.getAttribute('aria-valuenow'));
    await knot2.focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    await expect.poll(async () => Number(await knot2.getAttribute('aria-valuenow'))).toBeCloseTo(k2 - 0.3, 5);
    await expect.poll(async () => Number(await readout.getAttribute('data-push'))).not.toBeCloseTo(afterDrag, 6);

    // Dragging far past a neighbour cannot break monotonicity.
    await knot.focus();
    for (let i = 0; i < 30; i++) await page.keyboard.press('Shift+ArrowUp');
    const heights = await page.locator('.knot').evaluateAll((els) => els.map((e) => Number(e.getAttribute('aria-valuenow'))));
    for (let i = 1; i < heights.length; i++) expect(heights[i]).toBeGreaterThan(heights[i - 1]);
    // Samples still agree with the formula (KS distance well below 0.05 for 4000 samples).
    expect(Number(await readout.getAttribute('data-ks'))).toBeLessThan(0.05);
    clean(problems);
    await page.close();
  });

  it('repairs non-monotone knots from the URL with a message', async () => {
    const { page, problems } = await open('/widgets/change-of-variables/?change-of-variables.y2=4&change-of-variables.v=1');
    await expect.poll(async () => page.locator('.widget-problems').textContent()).toContain('monotone');
    const heights = await page.locator('.knot').evaluateAll((els) => els.map((e) => Number(e.getAttribute('aria-valuenow'))));
    for (let i = 1; i < heights.length; i++) expect(heights[i]).toBeGreaterThan(heights[i - 1]);
    clean(problems);
    await page.close();
  });
});

describe('continuity-equation', () => {
  it('play advances time; scrubbing to t = 1 shows a mass-conserving grid solution close to the exact density', async () => {
    const { page, problems } = await open('/widgets/continuity-equation/');
    const readout = page.getByTestId('ce-readout');
    const time = page.getByTestId('ce-time');
    await expect.poll(async () => readout.getAttribute('data-mass'), { timeout: 20_000 }).not.toBeNull();
    const mass0 = Number(await readout.getAttribute('data-mass'));
    expect(Number(await time.getAttribute('data-t'))).toBe(0);

    await page.getByTestId('ce-play').click();
    await expect.poll(async () => Number(await time.getAttribute('data-t')), { timeout: 10_000 }).toBeGreaterThan(0.1);
    await page.getByTestId('ce-play').click(); // pause
    const paused = Number(await time.getAttribute('data-t'));
    await page.waitForTimeout(400);
    expect(Number(await time.getAttribute('data-t'))).toBe(paused);

    // Scrub with the keyboard to the end.
    await page.getByLabel('Time t', { exact: true }).focus();
    await page.keyboard.press('End');
    await expect.poll(async () => Number(await time.getAttribute('data-t'))).toBe(1);
    expect(Math.abs(Number(await readout.getAttribute('data-mass')) - mass0)).toBeLessThan(1e-9);
    expect(Number(await readout.getAttribute('data-l1e'))).toBeLessThan(0.05);
    expect(Number(await readout.getAttribute('data-l1p'))).toBeLessThan(0.25);

    // Another field: the Gaussian path; the readout is recomputed.
    const before = await readout.textContent();
    await page.getByLabel('Velocity field', { exact: true }).selectOption('gaussian');
    await expect.poll(async () => readout.textContent(), { timeout: 20_000 }).not.toBe(before);
    await expect.poll(async () => readout.getAttribute('data-l1e'), { timeout: 20_000 }).not.toBeNull();
    expect(Number(await readout.getAttribute('data-l1e'))).toBeLessThan(0.05);
    expect(await painted(page, '.ce canvas')).toBeGreaterThan(1000);
    clean(problems);
    await page.close();
  });
});

describe('continuity-equation: the time is part of the link (walkthrough finding 22)', () => {
  it('a link with t opens at that time; a scrub and a pause write t, playing does not', async () => {
    const { page, problems } = await open('/widgets/continuity-equation/?continuity-equation.t=0.37');
    const time = page.getByTestId('ce-time');
    await expect.poll(async () => Number(await time.getAttribute('data-t')), { timeout: 10_000 }).toBe(0.37);
    await page.getByLabel('Time t', { exact: true }).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.url(), { timeout: 3000 }).toContain('continuity-equation.t=0.38');
    await page.getByTestId('ce-play').click();
    await expect.poll(async () => Number(await time.getAttribute('data-t')), { timeout: 10_000 }).toBeGreaterThan(0.5);
    expect(page.url(), 'no URL write per frame while playing').toContain('continuity-equation.t=0.38');
    await page.getByTestId('ce-play').click(); // pause
    const paused = Number(await time.getAttribute('data-t'));
    await expect.poll(() => page.url(), { timeout: 3000 }).toContain(`continuity-equation.t=${paused}`);
    await page.reload();
    await expect.poll(async () => Number(await time.getAttribute('data-t')), { timeout: 10_000 }).toBe(paused);
    clean(problems);
    await page.close();
  });

  it('an out-of-range t is clamped and reported', async () => {
    const { page, problems } = await open('/widgets/continuity-equation/?continuity-equation.t=7');
    await expect.poll(async () => Number(await page.getByTestId('ce-time').getAttribute('data-t')), { timeout: 10_000 }).toBe(1);
    const banner = page.locator('[data-widget="continuity-equation"] .widget-problems');
    await expect.poll(() => banner.textContent()).toMatch(/t: 7 is outside \[0, 1\]/);
    clean(problems);
    await page.close();
  });
});

describe('controls and DOM ids', () => {
  const cases = [
    { name: 'continuity-equation', schema: continuityEquationSchema, expect: ['field', 's', 'a', 'n', 'seed'] },
    { name: 'dataset-gallery', schema: datasetGallerySchema, expect: ['dataset', 'n', 'seed'] },
    { name: 'change-of-variables', schema: changeOfVariablesSchema, expect: [] as string[] },
  ];
  for (const c of cases) {
    it(`${c.name}: controls have the label, bounds, step and options of their schema fields`, async () => {
      const { page, problems } = await open(`/widgets/${c.name}/`);
      await expect.poll(async () => page.locator(`[data-widget="${c.name}"]`).count()).toBe(1);
      const report = await compareControlsWithSchema(page, c.name, c.schema);
      expect(report.mismatches).toEqual([]);
      expect(report.checked).toEqual(expect.arrayContaining(c.expect));
      clean(problems);
      await page.close();
    });
  }

  // Ids made at render time must be the same in every build and survive hydration unchanged
  // (Math.random() ids differed between builds and between the server and the browser).
  for (const name of ['continuity-equation', 'dataset-gallery']) {
    it(`${name}: the ids of the built HTML are the ids after hydration, and are not random`, async () => {
      const html = readFileSync(join(DIST, 'widgets', name, 'index.html'), 'utf8');
      const built = [...html.matchAll(/\sid="([^"]+)"/g)]
        .map((m) => m[1])
        .filter((id) => /-(field|dataset|n|seed|time)$/.test(id))
        .sort();
      expect(built.length).toBeGreaterThanOrEqual(3);
      const { page, problems } = await open(`/widgets/${name}/`);
      // Hydrated: the widget has reacted to its first mount (a canvas is painted).
      await expect
        .poll(async () => paintedPixels(page.locator(`[data-widget="${name}"] canvas`).first()), { timeout: 20_000 })
        .toBeGreaterThan(100);
      const live = (await page.locator(`[data-widget="${name}"] [id]`).evaluateAll((els) => els.map((e) => e.id)))
        .filter((id) => /-(field|dataset|n|seed|time)$/.test(id))
        .sort();
      expect(live).toEqual(built);
      clean(problems);
      await page.close();
    });
  }
});
