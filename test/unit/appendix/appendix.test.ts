/**
 * The appendix's generated parts: the instructor's guide finds every widget page's schema (checked
 * against the independent discovery in test/unit/state/discover-schemas.ts) and its parameters; the
 * labs' settings are valid for their widgets; glossary and labs point at real chapters; the
 * references page renders every .bib entry exactly once; the citation takes its address from the
 * build's site and invents none.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, widgetSchemaUses } from '../state/discover-schemas.ts';
import { buildGuide, pageComponent, paramRows, pageParams, schemaUse, widgetLink } from '../../../src/layouts/appendix/instructors.ts';
import { widgetPagesFromSources } from '../../../src/layouts/widget-pages.ts';
import { bibKeys, renderBibliography } from '../../../src/layouts/appendix/bibliography.ts';
import { bookAuthors, bookCitation } from '../../../src/layouts/appendix/cite.ts';
import { APPENDIX_PAGES } from '../../../src/layouts/appendix/pages.ts';
import { validateSettings, type Schema } from '../../../src/lib/state/settings.ts';
import { GLOSSARY } from '../../../content/glossary.ts';
import { LABS } from '../../../content/labs.ts';

const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');
const chapterSlugs = readdirSync(join(ROOT, 'content/chapters')).map((f) => f.replace(/^\d+-/, '').replace(/\.mdx$/, ''));
const pageFiles = readdirSync(join(ROOT, 'src/pages/widgets')).filter((f) => f.endsWith('.astro') && f !== 'index.astro');

async function guide() {
  const pageSources = Object.fromEntries(pageFiles.map((f) => [f, read(`src/pages/widgets/${f}`)]));
  const widgetSources: Record<string, string> = {};
  for (const folder of readdirSync(join(ROOT, 'src/widgets')))
    for (const f of readdirSync(join(ROOT, 'src/widgets', folder)))
      if (/\.(svelte|ts)$/.test(f)) widgetSources[`widgets/${folder}/${f}`] = read(`src/widgets/${folder}/${f}`);
  const schemaModules: Record<string, Record<string, unknown>> = {};
  const infos = widgetPagesFromSources(pageSources);
  // Import exactly the modules the guide asks for.
  for (const i of infos) {
    const comp = pageComponent(pageSources[`${i.slug}.astro`])!;
    const use = schemaUse(widgetSources[`widgets/${comp.folder}/${comp.file}`], comp.folder);
    if (use) schemaModules[use.module] = (await import(join(ROOT, 'src', use.module))) as Record<string, unknown>;
  }
  return buildGuide(
    infos.map((i) => ({ ...i, source: pageSources[`${i.slug}.astro`] })),
    widgetSources,
    schemaModules,
  );
}

describe("instructor's guide", () => {
  it('lists every widget page, with the same schema an independent scan finds in its component', async () => {
    const g = await guide();
    expect(g.map((w) => w.slug).sort()).toEqual(pageFiles.map((f) => f.replace(/\.astro$/, '')).sort());
    const uses = widgetSchemaUses();
    for (const w of g) {
      const comp = pageComponent(read(`src/pages/widgets/${w.slug}.astro`))!;
      const use = uses.find((u) => u.widget === `${comp.folder}/${comp.file}`);
      if (!use) {
        expect(w.schemaModule, w.slug).toBeNull();
        continue;
      }
      expect(`src/${w.schemaModule}`, w.slug).toBe(use.file);
      expect(w.schemaExport, w.slug).toBe(use.exportName);
      expect(w.params.length, w.slug).toBeGreaterThan(0);
    }
  });

  it('turns a schema into one row per key with the prefix, default and range', () => {
    const schema = {
      a: { kind: 'number', default: 0.5, min: 0, max: 1, step: 0.01, label: 'alpha' },
      b: { kind: 'enum', default: 'x', values: ['x', 'y'] },
      c: { kind: 'bool', default: true },
    } as const satisfies Schema;
    expect(paramRows(schema, 'w')).toEqual([
      { param: 'w.a', label: 'alpha', kind: 'number', default: '0.5', allowed: '0 … 1, step 0.01' },
      { param: 'w.b', label: 'b', kind: 'enum', default: 'x', allowed: 'x, y' },
      { param: 'w.c', label: 'c', kind: 'bool', default: 'true', allowed: 'true, false' },
    ]);
    expect(pageParams(["new URLSearchParams(location.search).get('backend')", "p.get('embed')"])).toEqual({
      params: ['backend', 'embed'],
      embed: true,
    });
    expect(() => schemaUse('<script>const S = new WidgetSettings(mystery, id);</script>', 'x')).toThrow(/not imported/);
  });

  it('has one lab per chapter 1–14 whose settings are valid for its widget', async () => {
    expect(LABS.map((l) => l.chapter)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    const g = await guide();
    for (const lab of LABS) {
      const w = g.find((x) => x.slug === lab.widget);
      expect(w, `lab ${lab.chapter}: widget ${lab.widget}`).toBeDefined();
      const mod = (await import(join(ROOT, 'src', w!.schemaModule!))) as Record<string, Schema>;
      const { problems } = validateSettings(mod[w!.schemaExport!], lab.settings);
      expect(problems, `lab ${lab.chapter}`).toEqual([]);
      expect(widgetLink(lab.widget, w!.prefix!, lab.settings)).toMatch(new RegExp(`^/widgets/${lab.widget}/`));
      // Chapters 13 and 14 may land in the same session; all others must exist.
      if (lab.chapter < 13) expect(chapterSlugs, `lab ${lab.chapter}`).toContain(lab.slug);
    }
  });
});

describe('glossary, references, citation', () => {
  it('glossary terms are unique and point at chapters that exist', () => {
    expect(new Set(GLOSSARY.map((e) => e.term)).size).toBe(GLOSSARY.length);
    for (const e of GLOSSARY) if (e.chapter !== 'reproductions') expect(chapterSlugs, e.term).toContain(e.chapter);
  });

  it('renders every entry of references.bib exactly once', async () => {
    const keys = bibKeys(read('content/references.bib'));
    const entries = await renderBibliography(join(ROOT, 'content/references.bib'));
    expect(new Set(keys).size).toBe(keys.length);
    expect(entries.map((e) => e.key).sort()).toEqual([...keys].sort());
    for (const e of entries) expect(e.html.length, e.key).toBeGreaterThan(20);
  });

  it('cites the book at the configured site and base, and invents no address without one', () => {
    const withSite = bookCitation(new URL('https://books.example.org'), '/cfm/');
    expect(withSite.url).toBe('https://books.example.org/cfm/');
    expect(withSite.bibtex).toContain('url       = {https://books.example.org/cfm/}');
    expect(withSite.plain).toContain('https://books.example.org/cfm/');
    const without = bookCitation(undefined);
    expect(without.url).toBeNull();
    expect(without.bibtex).not.toMatch(/url|http/);
    expect(without.plain).not.toMatch(/http/);
  });

  it('cites the authors of BOOK_AUTHORS, or the corporate name without it; a malformed value cannot break the entry', () => {
    const none = bookAuthors('');
    expect(none).toEqual({ bibtex: '{The CFM-live authors}', plain: 'The CFM-live authors' });
    expect(bookAuthors(undefined)).toEqual(none);
    expect(bookAuthors(' ; ;')).toEqual(none);
    const two = bookAuthors('Ada Lovelace;  Alan   Turing ');
    expect(two).toEqual({ bibtex: 'Ada Lovelace and Alan Turing', plain: 'Ada Lovelace and Alan Turing' });
    expect(bookAuthors('A One; B Two; C Three').plain).toBe('A One, B Two and C Three');
    const c = bookCitation(undefined, '/', two);
    expect(c.bibtex).toContain('author    = {Ada Lovelace and Alan Turing}');
    expect(c.plain.startsWith('Ada Lovelace and Alan Turing (2026).')).toBe(true);
    // braces, backslashes and control characters would unbalance or escape the BibTeX field
    const bad = bookAuthors('Eve} @misc{x, \\evil\u0007; ' + 'x'.repeat(500));
    expect(bad.bibtex).not.toMatch(/[{}\\]/);
    expect(bad.bibtex).not.toContain(String.fromCharCode(7));
    expect(bad.bibtex.split(' and ')[1].length).toBe(80);
    expect(bookAuthors(Array.from({ length: 50 }, (_, i) => `N${i}`).join(';')).bibtex.split(' and ')).toHaveLength(20);
  });

  it('the appendix index lists a page file for every entry', () => {
    const files = readdirSync(join(ROOT, 'src/pages/appendix'));
    for (const p of APPENDIX_PAGES) expect(files, p.slug).toContain(`${p.slug}.astro`);
  });
});
