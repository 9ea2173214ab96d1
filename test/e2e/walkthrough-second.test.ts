/**
 * Findings of the second walkthrough (session 18, issue 15), on the built site in Chromium.
 * - A formula and the full stop or comma after it were parted by a line break, so lines began with
 *   "." or ","; the pipeline now joins them (src/plugins/math-punctuation.ts). Checked on every
 *   chapter on a phone, where the lines are shortest.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIST, openPage, PHONE, useSite } from './harness.ts';

const site = useSite(PHONE);
const CHAPTERS = readdirSync(join(DIST, 'chapters'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('second walkthrough', () => {
  it('no line starts with the punctuation that closes a formula, nor ends with the bracket that opens one (360 px)', async () => {
    const parted: string[] = [];
    let checked = 0;
    for (const slug of CHAPTERS) {
      // Nothing needs to hydrate: the text is the server's HTML.
      const { page } = await openPage(site.context, `${site.server.url}/chapters/${slug}/`, site.server.url);
      const found = await page.evaluate(() => {
        const bad: string[] = [];
        let n = 0;
        /** The box of one character of a text node. */
        const charBox = (node: Node, at: number) => {
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + 1);
          return [...range.getClientRects()].find((r) => r.width > 0);
        };
        for (const math of document.querySelectorAll('.katex')) {
          if (math.closest('.katex-display')) continue;
          const parts = [...math.querySelectorAll('.katex-html .base')].flatMap((b) => [...b.getClientRects()]);
          if (parts.length === 0) continue; // folded away (a closed solution)
          const tex = math.querySelector('annotation')?.textContent ?? '?';
          const before = math.previousSibling;
          const after = math.nextSibling;
          if (after?.nodeType === Node.TEXT_NODE && /^[.,;:!?)\]]/.test(after.textContent ?? '')) {
            n++;
            const box = charBox(after, 0);
            if (box && box.left < parts[parts.length - 1].right - 1) bad.push(`"${tex}" ${after.textContent?.slice(0, 12)}`);
          }
          const lastAt = (before?.textContent ?? '').length - 1;
          if (before?.nodeType === Node.TEXT_NODE && /[([]$/.test(before.textContent ?? '')) {
            n++;
            const box = charBox(before, lastAt);
            if (box && box.right > parts[0].left + 1) bad.push(`${before.textContent?.slice(-12)} "${tex}"`);
          }
        }
        return { bad, n };
      });
      checked += found.n;
      parted.push(...found.bad.map((b) => `${slug}: ${b}`));
      await page.close();
    }
    expect(parted).toEqual([]);
    expect(checked).toBeGreaterThan(1000);
  }, 240_000);
});
