/**
 * The built pages keep the book's hyphenated names (I-CFM, OT-CFM, 2-RF, CIFAR-10) on one line: in
 * the text a reader reads, outside formulas, listings and widgets, every such name sits in a
 * `span.nobr`. The chapters get it from the pipeline (plugins/keep-names.ts); components that print
 * names themselves (captions and titles through renderInlineMath, pages and layouts through
 * layouts/Names.astro, the reference tables of chapter 14) must do it too. Reads dist/ without a browser.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { nameRuns } from '../../src/lib/core/hyphenated-names.ts';
import { DIST } from './harness.ts';

interface Node {
  type: string;
  tagName?: string;
  value?: string;
  properties?: { className?: string[] };
  children?: Node[];
}
/** Elements whose text is not prose: formulas, code, widgets (Names.svelte's own business), scripts. */
const SKIP_TAGS = new Set(['head', 'script', 'style', 'code', 'pre', 'svg', 'astro-island', 'template', 'noscript']);
const SKIP_CLASSES = ['nobr', 'katex', 'katex-display', 'widget'];

/** Hyphenated names in text outside a span.nobr, with the text around them. */
function looseNames(node: Node, out: string[] = []): string[] {
  if (node.type === 'text') {
    // A web address (a bibliography's DOI) may break at its hyphens.
    const prose = (node.value ?? '').replace(/https?:\/\/\S+/g, ' ');
    if (nameRuns(prose).some((r) => r.name)) out.push(prose.trim().slice(0, 80));
    return out;
  }
  if (node.tagName && SKIP_TAGS.has(node.tagName)) return out;
  if (node.properties?.className?.some((c) => SKIP_CLASSES.includes(c))) return out;
  for (const c of node.children ?? []) looseNames(c, out);
  return out;
}

function pages(dir: string, found: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) pages(join(dir, e.name), found);
    else if (e.name === 'index.html') found.push(join(dir, e.name));
  }
  return found;
}

describe('hyphenated names are kept whole in the built pages', () => {
  // Every page: chapters, appendix, the widget gallery and each widget's page, search, 404.
  const files = [...pages(DIST), join(DIST, '404.html')].filter((f) => !f.includes('/pagefind'));

  it('finds the pages', () => {
    expect(files.filter((f) => f.includes('/chapters/')).length).toBeGreaterThanOrEqual(14);
    expect(files.filter((f) => f.includes('/widgets/')).length).toBeGreaterThanOrEqual(20);
  });

  it.each(files.map((f) => [f.slice(DIST.length)]))('%s', (rel) => {
    const tree = fromHtml(readFileSync(join(DIST, rel), 'utf8')) as Node;
    expect(looseNames(tree)).toEqual([]);
  });
});
