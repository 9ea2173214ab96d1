import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chaptersEmbedding, widgetComponentsOf, widgetPagesFromSources } from '../../../src/layouts/widget-pages.ts';

const read = (dir: string, ext: string) =>
  Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith(ext))
      .map((f) => [`./${f}`, readFileSync(join(dir, f), 'utf8')]),
  );

describe('widget gallery claims (walkthrough finding 8)', () => {
  it('reads the component a page or chapter imports', () => {
    expect(widgetComponentsOf("import Bench from '../../widgets/train-cfm/Bench.svelte';")).toEqual(['train-cfm/Bench.svelte']);
    expect(widgetComponentsOf("import X from '../../src/widgets/path-explorer/Widget.svelte';")).toEqual(['path-explorer/Widget.svelte']);
  });

  it('names a chapter only when its MDX embeds the page’s component', () => {
    const chapters = { 'a/04-flow-matching.mdx': "import T from '../../src/widgets/train-cfm/Widget.svelte';" };
    expect(chaptersEmbedding('train-cfm/Widget.svelte', chapters)).toEqual(['flow-matching']);
    expect(chaptersEmbedding('train-cfm/Bench.svelte', chapters)).toEqual([]);
  });

  it('on the real sources: the bench page is in no chapter, train-cfm is in flow matching', () => {
    const pages = widgetPagesFromSources(read('src/pages/widgets', '.astro'));
    const chapters = read('content/chapters', '.mdx');
    const where = (slug: string) => chaptersEmbedding(pages.find((p) => p.slug === slug)?.component, chapters);
    expect(where('train-cfm-bench')).toEqual([]);
    expect(where('train-cfm')).toEqual(['flow-matching']);
    for (const p of pages) expect(p.component, p.slug).toMatch(/\.svelte$/);
  });
});
