import { describe, it, expect, beforeAll } from 'vitest';
import { join } from 'node:path';
import { compileChapter, GOOD, findAll, classList, text, jsx, attr, texOf, type Compiled, type HNode } from './compile.ts';

describe('book pipeline on fixture chapters', () => {
  let one: Compiled;
  let two: Compiled;
  beforeAll(async () => {
    one = await compileChapter(join(GOOD, '01-first-steps.mdx'), GOOD);
    two = await compileChapter(join(GOOD, '02-second-steps.mdx'), GOOD);
  });

  it('numbers blocks per chapter and per kind, in document order', () => {
    const labels = (c: Compiled) =>
      ['Definition', 'Theorem', 'Lemma', 'Figure'].flatMap((k) => jsx(c.tree, k).map((n) => `${String(attr(n, 'id'))}=${String(attr(n, 'label'))}`));
    expect(labels(one)).toEqual([
      'definition-density=Definition 1.1',
      'theorem-first=Theorem 1.1',
      'theorem-second=Theorem 1.2',
      'figure-fixture=Figure 1.1',
    ]);
    expect(labels(two)).toEqual(['theorem-later=Theorem 2.1', 'lemma-helper=Lemma 2.1']);
  });

  it('keeps each inline formula and the punctuation touching it in one unbreakable span', () => {
    const isMath = (n: HNode) => n.type === 'element' && classList(n).includes('katex');
    const wrappers = findAll(one.tree, (n) => classList(n).includes('math-punct'));
    // "… to one: $\int p(x)\,dx = 1$." and the solution's "$\int_{\R} … = 1$." end with a full stop.
    expect(wrappers.length).toBeGreaterThanOrEqual(2);
    for (const w of wrappers) {
      const math = (w.children ?? []).filter(isMath);
      expect(math).toHaveLength(1);
      // The formula's box next to the punctuation is held by a nowrap span (Chromium breaks after a box where its parent allows).
      const row = (math[0].children ?? []).find((c) => classList(c).includes('katex-html'));
      const last = row?.children?.at(-1);
      if (w.children?.at(-1)?.type === 'text') expect(classList(last!)).toEqual(['math-edge']);
      if (w.children?.[0].type === 'text') expect(classList(row!.children![0])).toEqual(['math-edge']);
    }
    // No formula outside a display is followed, or preceded, by punctuation it could be parted from.
    const loose = findAll(one.tree, (n) => !classList(n).includes('math-punct') && !classList(n).includes('katex-display') && (n.children ?? []).some(isMath)).flatMap(
      (parent) => {
        const kids = parent.children ?? [];
        return kids.flatMap((k, i) =>
          isMath(k) && ((kids[i + 1]?.type === 'text' && /^[.,;:)]/.test(kids[i + 1].value ?? '')) || (kids[i - 1]?.type === 'text' && /[(]$/.test(kids[i - 1].value ?? '')))
            ? [texOf(k)]
            : [],
        );
      },
    );
    expect(loose).toEqual([]);
  });

  it('numbers exercises with their own counter, links to them and keeps their solutions inside', () => {
    const ex = jsx(one.tree, 'Exercise');
    expect(ex.map((n) => [attr(n, 'id'), attr(n, 'label'), attr(n, 'level')])).toEqual([
      ['exercise-normalise', 'Exercise 1.1', '1'],
      ['exercise-second', 'Exercise 1.2', '3'],
    ]);
    expect(jsx(ex[0], 'Solution')).toHaveLength(1);
    const ref = jsx(ex[1], 'Ref')[0];
    expect([attr(ref, 'label'), attr(ref, 'href')]).toEqual(['Exercise 1.1', '#exercise-normalise']);
  });

  it('turns \\label into a numbered, linkable display and leaves unlabelled displays alone', () => {
    const eqs = findAll(one.tree, (n) => classList(n).includes('equation'));
    expect(eqs.map((e) => e.properties?.id)).toEqual(['eq-normalised', 'eq-continuity']);
    for (const [eq, num] of [[eqs[0], '1.1'], [eqs[1], '1.2']] as const) {
      const tex = texOf(eq);
      expect(tex).not.toContain('\\label');
      expect(tex).toContain(`\\tag{${num}}`);
      // KaTeX prints the tag as "(1.1)" in the visible HTML.
      const html = findAll(eq, (n) => classList(n).includes('katex-html'))[0];
      expect(text(html)).toContain(`(${num})`);
      // and a hover anchor to itself.
      const anchor = findAll(eq, (n) => n.tagName === 'a' && classList(n).includes('anchor'))[0];
      expect(anchor.properties?.href).toBe(`#${String(eq.properties?.id)}`);
    }
    const displays = findAll(one.tree, (n) => classList(n).includes('katex-display'));
    expect(displays).toHaveLength(3);
    const unlabelled = displays.find((d) => texOf(d).includes('\\KL'))!;
    expect(texOf(unlabelled)).not.toContain('\\tag');
    const two1 = findAll(two.tree, (n) => classList(n).includes('equation'));
    expect(two1.map((e) => e.properties?.dataLabel)).toEqual(['(2.1)']);
  });

  it('resolves <Ref> within a chapter (#id) and across chapters (/chapters/<slug>/#id)', () => {
    const refs = (c: Compiled) => jsx(c.tree, 'Ref').map((n) => [attr(n, 'id'), attr(n, 'label'), attr(n, 'href')]);
    expect(refs(one)).toEqual([
      ['eq-normalised', '(1.1)', '#eq-normalised'],
      ['definition-density', 'Definition 1.1', '#definition-density'],
      ['theorem-later', 'Theorem 2.1', '/chapters/second-steps/#theorem-later'],
      ['figure-fixture', 'Figure 1.1', '#figure-fixture'],
      ['eq-normalised', '(1.1)', '#eq-normalised'],
      ['exercise-normalise', 'Exercise 1.1', '#exercise-normalise'],
    ]);
    expect(refs(two)).toEqual([
      ['theorem-first', 'Theorem 1.1', '/chapters/first-steps/#theorem-first'],
      ['eq-continuity', '(1.2)', '/chapters/first-steps/#eq-continuity'],
      ['figure-fixture', 'Figure 1.1', '/chapters/first-steps/#figure-fixture'],
      ['eq-fm-cfm', '(2.1)', '#eq-fm-cfm'],
    ]);
    const proof = jsx(one.tree, 'Proof')[0];
    expect([attr(proof, 'ofLabel'), attr(proof, 'ofHref')]).toEqual(['Theorem 1.1', '#theorem-first']);
  });

  it('formats citations with links into a generated References section', () => {
    const cites = findAll(one.tree, (n) => n.tagName === 'a' && typeof n.properties?.href === 'string' && n.properties.href.startsWith('#bib-'));
    expect(cites.map((a) => a.properties?.href)).toEqual([
      '#bib-lipman2023flow',
      '#bib-lipman2023flow',
      '#bib-liu2023flow', // APA sorts a group by author
      '#bib-tong2024improving',
      '#bib-lipman2023flow',
    ]);
    expect(text(cites[0])).toMatch(/Lipman et al\.,? 2023/);
    // Locators print as written: a page as CSL's page, anything else after a comma (citation-locators.ts).
    const cited = text(findAll(one.tree, (n) => n.tagName === 'p')[0]);
    expect(cited).toContain('(Liu et al., 2023, Ch. II and V; Tong et al., 2024, p. 3)');
    expect(cited).toContain('(Lipman et al., 2023, Thm. 1)');
    const section = findAll(one.tree, (n) => n.tagName === 'section' && classList(n).includes('bibliography'))[0];
    expect(section).toBeDefined();
    const entries = findAll(section, (n) => classList(n).includes('csl-entry'));
    expect(entries.map((e) => e.properties?.id)).toEqual(['bib-lipman2023flow', 'bib-liu2023flow', 'bib-tong2024improving']);
    expect(text(entries[0])).toContain('Flow Matching for Generative Modeling');
    // URLs in entries are links.
    expect(findAll(entries[0], (n) => n.tagName === 'a')[0]?.properties?.href).toBe('https://arxiv.org/abs/2210.02747');
    // No bibliography when nothing is cited.
    expect(findAll(two.tree, (n) => classList(n).includes('csl-entry'))).toHaveLength(0);
  });

  it('gives headings TeX-aware ids, hover anchors, and exports the table of contents', () => {
    const h = findAll(one.tree, (n) => /^h[2-4]$/.test(n.tagName ?? ''));
    expect(h.map((x) => x.properties?.id)).toEqual(['densities-and-p_t', 'a-subsection', 'exercises', 'references']);
    for (const x of h) expect(findAll(x, (n) => classList(n).includes('anchor'))).toHaveLength(1);
    const toc = one.frontmatter.bookToc as Array<{ depth: number; id: string; text: string; html: string }>;
    expect(toc.map((t) => [t.depth, t.id, t.text])).toEqual([
      [2, 'densities-and-p_t', 'Densities and p_t'],
      [3, 'a-subsection', 'A subsection'],
      [2, 'exercises', 'Exercises'],
      [2, 'references', 'References'],
    ]);
    expect(toc[0].html).toContain('class="katex"');
  });

  it('marks sidenotes inside a paragraph as inline and numbers them through the chapter', () => {
    const notes = jsx(one.tree, 'Sidenote');
    expect(notes.map((n) => [attr(n, 'placement'), attr(n, 'n')])).toEqual([
      ['inline', '1'],
      ['inline', '2'],
      ['block', undefined],
    ]);
  });

  it('wraps each h2 and what follows it in a chapter-section with its guessed height, imports and the opening outside', () => {
    const top = one.tree.children ?? [];
    const sections = top.filter((n) => classList(n).includes('chapter-section'));
    const first = (n: HNode) => (n.children ?? []).find((c) => c.type === 'element');
    // The fixture's sections are short: none is cut into parts (section-parts.test.ts cuts long ones).
    expect(
      sections.map((s) => [first(s)?.tagName, first(s)?.properties?.id ?? classList(first(s)!).join(' '), 'dataContinues' in (s.properties ?? {})]),
    ).toEqual([
      ['h2', 'densities-and-p_t', false],
      ['h2', 'exercises', false],
      ['section', 'bibliography', false],
    ]);
    for (const s of sections) expect(String(s.properties?.style)).toMatch(/^--guess-narrow:\d+px;--guess-wide:\d+px$/);
    // Nothing is lost or moved across a boundary: the h3 and all three notes sit in the first section.
    expect(findAll(sections[0], (n) => n.tagName === 'h3')).toHaveLength(1);
    expect(jsx(sections[0], 'Sidenote')).toHaveLength(3);
    expect(jsx(sections[1], 'Exercise')).toHaveLength(2);
    // ESM (imports, the frontmatter export) is never inside a section.
    expect(sections.flatMap((s) => findAll(s, (n) => n.type === 'mdxjsEsm'))).toHaveLength(0);
    // Sections are never nested.
    expect(sections.flatMap((s) => findAll(s, (n) => n !== s && classList(n).includes('chapter-section')))).toHaveLength(0);
  });

  it('renders the shared macros (\\R, \\E, \\d, \\KL, \\divg, \\pt, \\ut, \\LFM, \\LCFM, \\Norm) without errors', () => {
    expect(one.messages).toEqual([]);
    expect(two.messages).toEqual([]);
    expect(findAll(one.tree, (n) => classList(n).includes('katex-error'))).toHaveLength(0);
  });
});
