/**
 * The chapters' and widget pages' text reaches the pages that list widgets through
 * `virtual:book-sources` (src/plugins/book-sources.ts), never through `import.meta.glob(…?raw)` of
 * those files: in `astro dev` that made a widget page's first request compile every chapter (50–60 s,
 * a 500 past the dev server's 60 s limit on a slow machine).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOOK_SOURCE_DIRS, bookSourcesPlugin } from '../../../src/plugins/book-sources.ts';
import { widgetPagesFromSources } from '../../../src/layouts/widget-pages.ts';

const ROOT = resolve(import.meta.dirname, '../../..');

/** Runs the plugin's hooks as Vite would: resolve the id, then load it, then evaluate the module. */
async function loadVirtual(): Promise<{ chapterSources: Record<string, string>; widgetPageSources: Record<string, string> }> {
  const plugin = bookSourcesPlugin() as unknown as {
    configResolved(c: { root: string }): void;
    resolveId(id: string): string | null;
    load(id: string): string | null;
  };
  plugin.configResolved({ root: ROOT });
  const id = plugin.resolveId('virtual:book-sources');
  expect(id).not.toBeNull();
  expect(plugin.resolveId('./elsewhere.ts')).toBeNull();
  const code = plugin.load(id!)!;
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}

describe('virtual:book-sources', () => {
  it('holds every chapter and widget page, keyed by path from the root, with its text', async () => {
    const mod = await loadVirtual();
    for (const [name, [dir, ending]] of Object.entries(BOOK_SOURCE_DIRS)) {
      const files = readdirSync(join(ROOT, dir)).filter((f) => f.endsWith(ending));
      const sources = mod[name as keyof typeof mod];
      expect(Object.keys(sources).sort(), name).toEqual(files.map((f) => `${dir}/${f}`).sort());
      for (const f of files) expect(sources[`${dir}/${f}`]).toBe(readFileSync(join(ROOT, dir, f), 'utf8'));
    }
    expect(Object.keys(mod.chapterSources).length).toBeGreaterThanOrEqual(14);
    expect(widgetPagesFromSources(mod.widgetPageSources).map((p) => p.slug)).toContain('train-cfm');
  });

  it('no page or layout globs the chapters or the pages as text', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(astro|ts)$/.test(e.name)) files.push(p);
      }
    };
    walk(join(ROOT, 'src'));
    const glob = /import\.meta\.glob[^(]*\(\s*(\[[^\]]*\]|'[^']*'|"[^"]*")/g;
    const offenders = files.flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(glob)]
        .filter((m) => /\.mdx|\.astro|chapters\/|pages\//.test(m[1]))
        .map((m) => `${relative(ROOT, f).split(sep).join('/')}: ${m[1]}`),
    );
    expect(offenders).toEqual([]);
    // Negative control: the pattern sees the form it forbids.
    expect([..."import.meta.glob<string>('../../content/chapters/*.mdx', { query: '?raw' })".matchAll(glob)].length).toBe(1);
  });
});
