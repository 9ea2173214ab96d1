/**
 * Small text defects a reader sees (walkthrough findings 21, 25 and 31): raw TeX in the plain-text chapter
 * summaries (contents page, meta description) and in the text widgets show (legends, readouts), the
 * book's spelling of "normalising", a fraction typed as an exponent ("0.1^¼"), and closing quotes
 * used to open a quotation.
 */
import { describe, expect, it } from 'vitest';
import { globSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DATASETS } from '../../../src/lib/core/index.ts';
import { GLOSSARY } from '../../../content/glossary.ts';
import { ROOT } from './compile.ts';

const CHAPTERS = join(ROOT, 'content/chapters');
const chapters = readdirSync(CHAPTERS)
  .filter((f) => f.endsWith('.mdx'))
  .sort()
  .map((f) => [f, readFileSync(join(CHAPTERS, f), 'utf8')] as const);

describe('reader-facing text', () => {
  it('chapter summaries are plain text: no TeX subscripts, carets or backslashes', () => {
    const raw = chapters
      .map(([f, s]) => [f, /^summary:\s*"(.*)"\s*$/m.exec(s)?.[1] ?? ''] as const)
      .flatMap(([f, summary]) => [...summary.matchAll(/.{0,12}[_^\\$].{0,12}/g)].map((m) => `${f}: …${m[0]}…`));
    expect(raw).toEqual([]);
  });

  // Latin letters and digits have subscript forms (pₜ, σₘᵢₙ, x₀); Greek ones (p_θ) do not, and stay.
  it('widgets show subscripts, not TeX underscores, in their text (p_t → pₜ)', () => {
    const raw: string[] = [];
    for (const file of globSync('src/widgets/**/*.svelte', { cwd: ROOT })) {
      let text = readFileSync(join(ROOT, file), 'utf8')
        .replace(/<script[\s\S]*?<\/script>/g, '')
        .replace(/<style[\s\S]*?<\/style>/g, '')
        .replace(/<!--[\s\S]*?-->/g, '');
      // Svelte expressions are code, not text: drop them (innermost first).
      for (let before = ''; before !== text; ) [before, text] = [text, text.replace(/\{[^{}]*\}/g, '')];
      text = text.replace(/<[^>]*>/g, ' ');
      raw.push(...[...text.matchAll(/.{0,16}(?<![\p{L}\p{N}])\p{L}\p{M}*_[\p{Script=Latin}\p{N}{(].{0,16}/gu)].map((m) => `${file}: ${m[0]}`));
    }
    // Control labels and option labels come from the widgets' schemas and the engines' settings
    // (the playground's 'density p_t' checkbox lived in engine/playground/settings.ts): every string.
    for (const file of globSync(['src/widgets/*/schema.ts', 'src/lib/engine/*/settings.ts'], { cwd: ROOT }))
      for (const m of readFileSync(join(ROOT, file), 'utf8').matchAll(/'([^'\n]*)'/g))
        if (/(?<![\p{L}\p{N}])\p{L}\p{M}*_[\p{Script=Latin}\p{N}{(]/u.test(m[1])) raw.push(`${file}: ${m[1]}`);
    expect(raw).toEqual([]);
  });

  it('figure captions write subscripts as math ($p_t$), not as raw text (p_t)', () => {
    const raw = chapters.flatMap(([f, s]) =>
      [...s.matchAll(/caption="([^"]*)"/g)].flatMap((m) =>
        [...m[1].replace(/\$\$[\s\S]*?\$\$|\$[^$]*\$/g, ' ').matchAll(/.{0,16}(?<![\p{L}\p{N}\\])\p{L}_[\p{Script=Latin}\p{N}{(].{0,16}/gu)].map(
          (x) => `${f}: ${x[0]}`,
        ),
      ),
    );
    expect(raw).toEqual([]);
  });

  it('"normalising" is spelt one way (British, as the chapter titles) outside URLs and citations', () => {
    const sources: (readonly [string, string])[] = [
      ...chapters,
      ['src/pages/index.astro', readFileSync(join(ROOT, 'src/pages/index.astro'), 'utf8')],
      ['content/glossary.ts', GLOSSARY.map((g) => `${g.term} ${g.text}`).join('\n')],
    ];
    const american = sources.flatMap(([f, s]) =>
      [...s.replace(/normalizing-flows/g, '').replace(/\[@[^\]]*\]/g, '').matchAll(/.{0,20}normaliz.{0,20}/gi)].map((m) => `${f}: ${m[0]}`),
    );
    expect(american).toEqual([]);
  });

  it('data set descriptions write roots as roots, not as exponents', () => {
    const exponents = Object.entries(DATASETS).filter(([, d]) => /\^/.test(d.description));
    expect(exponents.map(([k, d]) => `${k}: ${d.description}`)).toEqual([]);
  });

  it('no quotation opens with a closing quote', () => {
    const wrong = chapters.flatMap(([f, s]) => [...s.matchAll(/(^|[\s(])”\w.{0,20}/gm)].map((m) => `${f}: ${m[0]}`));
    expect(wrong).toEqual([]);
  });

  // Finding 31: sections headed "Theorem 1: …" (the literature's names) above boxes numbered "Theorem 4.1".
  it('a section headed by a literature name ("Theorem 1: …") holds a box that says so (aka="Theorem 1"), and every aka sits under its heading', () => {
    const problems: string[] = [];
    let headed = 0;
    for (const [f, src] of chapters) {
      const sections = src.split(/^(?=## )/m);
      for (const sec of sections) {
        const name = /^## (Theorem \d+):/.exec(sec)?.[1];
        const akas = [...sec.matchAll(/<(?:Theorem|Lemma|Proposition|Corollary)\b[^>]*\baka="([^"]+)"/g)].map((m) => m[1]);
        const firstBox = /<(Theorem|Lemma|Proposition|Corollary)\b[^>]*>/.exec(sec)?.[0] ?? '';
        if (name) {
          headed++;
          if (!firstBox.includes(`aka="${name}"`)) problems.push(`${f}: "## ${name}: …" but its first box is ${firstBox || 'missing'}`);
        }
        for (const a of akas) if (a !== name) problems.push(`${f}: aka="${a}" under the heading ${sec.split('\n')[0]}`);
      }
    }
    expect(problems).toEqual([]);
    expect(headed).toBe(2);
  });

  // Walkthrough finding 21: the prose spoke of "the unit tests of the core", which a reader has no use
  // for; it says what holds, not which file checks it. Chapter 14 is the exception: that the browser and
  // Node give the same numbers, and how that is checked, is its subject.
  it('chapters speak of what holds, not of the unit tests that check it (chapter 14 excepted)', () => {
    const found = chapters
      .filter(([f]) => !f.startsWith('14-'))
      .flatMap(([f, s]) => [...s.matchAll(/.{0,30}\bunit tests?\b.{0,30}/gi)].map((m) => `${f}: …${m[0]}…`));
    expect(found).toEqual([]);
  });

  // A "\t" read as an escape once turned every "\theta" of a paragraph into a tab and "heta", which
  // KaTeX renders without complaint (chapter 4, "Your trained model").
  it('no chapter holds a tab or another control character (a lost backslash escape)', () => {
    const bad = chapters.flatMap(([f, s]) =>
      s.split('\n').flatMap((line, i) =>
        [...line].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f) ? [`${f}:${i + 1}: ${JSON.stringify(line.slice(0, 60))}`] : [],
      ),
    );
    expect(bad).toEqual([]);
  });
});
