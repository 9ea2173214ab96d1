/**
 * Screenshot review: selects cut their current option mid-word ("Two moons (Torch", "θ·uₜ(x), scaled
 * fiel", "Class-conditional OT-"), on phones and on laptops. A select with long options now takes two
 * cells or the whole row of its controls grid (Select.svelte, widget.css), and the checkpoint titles
 * are short. Here every select of every widget page, at 360 and 1280 px, must be wide enough for the
 * text of its current option: the text measured in the select's own font, plus its padding and the
 * arrow (20 px).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIST, useSite } from './harness.ts';

const site = useSite({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
const WIDGETS = readdirSync(join(DIST, 'widgets'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

describe('no select cuts its current option', () => {
  for (const width of [360, 1280]) {
    it(`every widget page at ${width} px`, async () => {
      expect(WIDGETS.length).toBeGreaterThanOrEqual(15);
      const ctx = await site.browser.newContext({
        viewport: { width, height: 800 },
        isMobile: width < 740,
        hasTouch: width < 740,
        reducedMotion: 'reduce',
        serviceWorkers: 'block',
      });
      const cut: string[] = [];
      let checked = 0;
      try {
        const page = await ctx.newPage();
        for (const name of WIDGETS) {
          await page.goto(`${site.server.url}/widgets/${name}/`, { waitUntil: 'load' });
          await page.waitForSelector('[data-widget], [data-widget-page]', { state: 'attached' });
          await page.evaluate(() => document.fonts.ready);
          const found = await page.locator('[data-widget] select, [data-widget-page] select').evaluateAll((els) => {
            const ctx2d = document.createElement('canvas').getContext('2d')!;
            return els.map((el) => {
              const s = el as HTMLSelectElement;
              const cs = getComputedStyle(s);
              ctx2d.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
              const text = s.selectedOptions[0]?.textContent ?? '';
              const need = ctx2d.measureText(text).width + parseFloat(cs.paddingLeft) + parseFloat(cs.paddingRight) + 20;
              return { id: s.id, text, need: Math.ceil(need), has: s.clientWidth };
            });
          });
          checked += found.length;
          for (const f of found) if (f.need > f.has) cut.push(`${name} ${f.id}: "${f.text}" needs ${f.need} px, has ${f.has}`);
        }
      } finally {
        await ctx.close();
      }
      expect(checked).toBeGreaterThanOrEqual(20);
      expect(cut).toEqual([]);
    });
  }
});
