/**
 * The notation appendix (content/notation.ts, rendered at /appendix/notation/): every symbol and
 * meaning renders with the book's macros, every chapter it names exists, and every anchor it
 * links to is defined in that chapter (an id="…" attribute, a \label{…}, or the id of an h2–h4
 * heading). A chapter that renames or removes an anchor or a heading fails here until the appendix
 * follows.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import GithubSlugger from 'github-slugger';
import { NOTATION, RESERVED_LETTERS } from '../../../content/notation.ts';
import { renderInlineMath } from '../../../src/plugins/inline-math.ts';
import { slugFromFileName } from '../../../src/plugins/chapter-schema.ts';
import { compileChapter, findAll } from './compile.ts';

const DIR = join(__dirname, '../../../content/chapters');
const sources = Object.fromEntries(readdirSync(DIR).filter((f) => f.endsWith('.mdx')).map((f) => [slugFromFileName(f), readFileSync(join(DIR, f), 'utf8')]));
const entries = NOTATION.flatMap((g) => g.entries);

/**
 * The ids the pipeline gives a chapter's h2–h4 headings (rehypeBookHeadingIds in
 * src/plugins/rehype-book.ts): GitHub slugs of the heading's source text, inline math counting as
 * its TeX, numbered in order so that a repeated heading gets "-1", "-2", ….
 */
function headingIds(src: string): Set<string> {
  const slugger = new GithubSlugger();
  const ids = new Set<string>();
  let fenced = false;
  for (const line of src.split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    const m = fenced ? null : /^#{2,4}\s+(.+?)\s*$/.exec(line);
    if (m) ids.add(slugger.slug(m[1].replace(/\$/g, '')));
  }
  return ids;
}

describe('notation appendix', () => {
  it('every symbol and meaning renders with the book macros', () => {
    for (const e of entries) {
      expect(() => renderInlineMath(`$${e.tex}$`), e.tex).not.toThrow();
      expect(() => renderInlineMath(e.meaning), e.meaning).not.toThrow();
    }
    for (const r of RESERVED_LETTERS) for (const s of [`$${r.tex}$`, r.only, r.not]) expect(() => renderInlineMath(s), s).not.toThrow();
  });

  it.each(entries.map((e) => [e.tex, e] as const))('%s: its chapter and anchor exist', (_tex, e) => {
    expect(Object.keys(sources), `chapter "${e.chapter}"`).toContain(e.chapter);
    if (e.anchor) {
      const src = sources[e.chapter];
      const defined = src.includes(`id="${e.anchor}"`) || src.includes(`\\label{${e.anchor}}`) || headingIds(src).has(e.anchor);
      expect(defined, `${e.anchor} in ${e.chapter}`).toBe(true);
    }
  });

  // The reading of headings above, checked against the real pipeline on a chapter whose headings
  // contain inline math, an en dash and a colon (compiling every chapter is chapters.test.ts's job).
  it('reads heading ids as the pipeline gives them', async () => {
    const file = readdirSync(DIR).find((f) => slugFromFileName(f) === 'generalization')!;
    const c = await compileChapter(join(DIR, file), DIR);
    const ids = findAll(c.tree, (n) => /^h[2-4]$/.test(n.tagName ?? '')).map((n) => String(n.properties?.id));
    expect(ids).toContain('with-a-positive-sigma_min-a-kernel-density-estimate');
    // The pipeline also titles the bibliography ("references"), which has no heading in the source.
    expect([...headingIds(sources.generalization)]).toEqual(ids.filter((id) => id !== 'references'));
  }, 30_000);

  it('no symbol is listed twice with the same meaning', () => {
    const keys = entries.map((e) => `${e.tex}|${e.meaning}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
