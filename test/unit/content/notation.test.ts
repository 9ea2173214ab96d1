/**
 * The notation appendix (content/notation.ts, rendered at /appendix/notation/): every symbol and
 * meaning renders with the book's macros, every chapter it names exists, and every anchor it
 * links to is defined in that chapter (an id="…" attribute or a \label{…}). A chapter that renames
 * or removes an anchor fails here until the appendix follows.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NOTATION, RESERVED_LETTERS } from '../../../content/notation.ts';
import { renderInlineMath } from '../../../src/plugins/inline-math.ts';
import { slugFromFileName } from '../../../src/plugins/chapter-schema.ts';

const DIR = join(__dirname, '../../../content/chapters');
const sources = Object.fromEntries(readdirSync(DIR).filter((f) => f.endsWith('.mdx')).map((f) => [slugFromFileName(f), readFileSync(join(DIR, f), 'utf8')]));
const entries = NOTATION.flatMap((g) => g.entries);

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
      const defined = src.includes(`id="${e.anchor}"`) || src.includes(`\\label{${e.anchor}}`);
      expect(defined, `${e.anchor} in ${e.chapter}`).toBe(true);
    }
  });

  it('no symbol is listed twice with the same meaning', () => {
    const keys = entries.map((e) => `${e.tex}|${e.meaning}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
