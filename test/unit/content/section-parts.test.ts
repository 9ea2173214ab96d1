/**
 * Long h2 sections are cut into parts the browser lays out one at a time (section-parts.ts): the
 * cuts fall between blocks, never after a heading, every block is kept in order, and each part
 * carries its guessed height. Whether the guesses match Chromium's layout is checked in the built
 * site (test/e2e/skipped-sections.test.ts).
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { join } from 'node:path';
import { features, guess, splitSection, NARROW, PART_TARGET_WIDE_PX, WIDE } from '../../../src/plugins/section-parts.ts';
import type { HNode } from '../../../src/plugins/rehype-book.ts';
import { classList, compileChapter, findAll, ROOT, type Compiled } from './compile.ts';

const text = (value: string): HNode => ({ type: 'text', value });
const el = (tagName: string, children: HNode[] = [], className?: string[]): HNode => ({
  type: 'element',
  tagName,
  properties: className ? { className } : {},
  children,
});
/** A paragraph of n characters: about n × 0.49 + 60 px on a wide screen. */
const para = (n: number, tag = 'p') => el(tag, [text('x'.repeat(n))]);
const wideOf = (blocks: HNode[]) => blocks.filter((b) => b.type !== 'text').reduce((a, b) => a + guess(features(b), WIDE), 0);

describe('cutting a section into parts', () => {
  it('leaves a section shorter than the target whole', () => {
    const blocks = [el('h2', [text('Short')]), text('\n'), para(300), text('\n'), para(300)];
    const parts = splitSection(blocks);
    expect(parts).toHaveLength(1);
    expect(parts[0].children).toEqual(blocks);
    expect(parts[0].wide).toBe(Math.round(wideOf(blocks)));
    expect(parts[0].narrow).toBeGreaterThan(parts[0].wide);
  });

  it('never leaves a short tail on its own', () => {
    const tail = para(100);
    const parts = splitSection([el('h2'), para(2500), tail]);
    expect(parts).toHaveLength(1);
    expect(parts[0].children.at(-1)).toBe(tail);
  });

  it('cuts a long one between blocks, each part about the target, keeping every block in order', () => {
    const blocks = [el('h2', [text('Long')]), ...Array.from({ length: 40 }, (_, i) => para(400 + 37 * i))];
    const parts = splitSection(blocks);
    expect(parts.length).toBeGreaterThan(5);
    expect(parts.flatMap((p) => p.children)).toEqual(blocks);
    const biggest = Math.max(...blocks.map((b) => guess(features(b), WIDE)));
    for (const p of parts.slice(0, -1)) {
      expect(p.wide).toBeGreaterThanOrEqual(PART_TARGET_WIDE_PX);
      expect(p.wide).toBeLessThan(PART_TARGET_WIDE_PX + biggest);
    }
  });

  it('never ends a part with a heading, and starts one at an h3 once a third of the target is reached', () => {
    const h3 = (t: string) => el('h3', [text(t)]);
    const blocks = [el('h2', [text('A')]), para(1000), h3('early'), para(1900), h3('late'), para(600), para(2500), h3('b'), para(10)];
    // A tail of a quarter of the target or more gets its own part.
    expect(splitSection([...blocks, para(500)]).map((p) => p.children[0].tagName)).toEqual(['h2', 'h3', 'h3', 'h3']);
    const parts = splitSection(blocks);
    const firstTags = parts.map((p) => p.children[0].tagName);
    // 'early' comes after ≈ 600 px of text: a third of the target, so it starts a part.
    // The last h3 and its few words are too short a tail for a part of their own.
    expect(firstTags).toEqual(['h2', 'h3', 'h3']);
    for (const p of parts) expect(p.children.at(-1)!.tagName).not.toMatch(/^h\d$/);
    // A heading that fills a part is not left at its end: the block it introduces joins it.
    const filledByHeading = splitSection([el('h2'), para(1800), el('h4', [text('h')]), para(600)]);
    expect(wideOf([el('h2'), para(1800), el('h4', [text('h')])])).toBeGreaterThan(PART_TARGET_WIDE_PX);
    expect(filledByHeading.map((p) => p.children.map((c) => c.tagName))).toEqual([['h2', 'p', 'h4', 'p']]);
    // Nor a block holding a margin note: the note floats beside what follows it.
    const note = { type: 'mdxJsxTextElement', name: 'Sidenote', attributes: [], children: [text('n')] } as HNode;
    const withNote = el('p', [text('x'.repeat(1900)), note]);
    const noted = splitSection([el('h2'), withNote, para(600), para(600)]);
    expect(noted.map((p) => p.children.length)).toEqual([3, 1]);
    // A heading at the point of a cut stays with the block after it.
    const cutAfterBig = splitSection([el('h2'), para(2500), el('h4', [text('h')]), para(500)]);
    expect(cutAfterBig.map((p) => p.children.map((c) => c.tagName))).toEqual([['h2', 'p'], ['h4', 'p']]);
  });

  it('counts what a reader sees: no MathML copy, display rows, open proofs, folded solutions, widgets, listings', () => {
    const mathml = el('span', [el('math', [el('mtable', [el('mtr', [text('a')]), el('mtr', [el('mtable', [el('mtr'), el('mtr')])]), el('mtr')])])], ['katex-mathml']);
    const display = el('span', [mathml, el('span', [text('abc')], ['katex-html'])], ['katex-display']);
    const jsxFlow = (name: string, children: HNode[], attributes: { name: string }[] = []) =>
      ({ type: 'mdxJsxFlowElement', name, attributes, children }) as HNode;
    const proof = jsxFlow('Proof', [para(20)]);
    const solution = jsxFlow('Solution', [para(5000)]);
    const island = jsxFlow('TrainCfm', [], [{ name: 'client:visible' }]);
    const table = jsxFlow('ReferenceTable', []);
    // An inline component (a number filled in later) is text, not a block of its own.
    const fact = { type: 'mdxJsxTextElement', name: 'CheckpointFact', attributes: [], children: [] } as HNode;
    const listing = jsxFlow('pre', [jsxFlow('code', [{ type: 'mdxFlowExpression', value: '`line 1\nline 2\nline 3\n`' }])]);
    const f = features(el('div', [display, proof, solution, island, table, el('p', [text('x'.repeat(10)), fact]), listing]));
    expect(f).toEqual({ chars: 33, displayRows: 3, widgets: 1, folded: 1, opaque: 1, codeLines: 3 });
    // A single-line display is one row.
    expect(features(el('span', [el('span', [text('x')], ['katex-html'])], ['katex-display'])).displayRows).toBe(1);
    // A listing the pipeline has already highlighted: its text lines.
    expect(features(el('pre', [el('code', [el('span', [text('a\n')]), el('span', [text('b\n')])])])).codeLines).toBe(2);
    expect(guess(f, NARROW)).toBeGreaterThan(guess(f, WIDE));
    // A listing of a file the chapter imports as text (`<code>{batchSource}</code>`): the file's lines.
    const imported = jsxFlow('pre', [jsxFlow('code', [{ type: 'mdxTextExpression', value: 'batchSource' }])]);
    expect(features(imported, new Map([['batchSource', 'a\nb\nc\nd\n']])).codeLines).toBe(4);
  });
});

describe('the chapters as built', () => {
  let fm: Compiled;
  beforeAll(async () => {
    const dir = join(ROOT, 'content/chapters');
    fm = await compileChapter(join(dir, '04-flow-matching.mdx'), dir);
  }, 120_000);

  it('cuts flow-matching into parts of about a laptop screen, each with its guessed heights', () => {
    const parts = (fm.tree.children ?? []).filter((n) => classList(n).includes('chapter-section'));
    const guesses = parts.map((p) => String(p.properties?.style));
    expect(guesses.every((g) => /^--guess-narrow:\d+px;--guess-wide:\d+px$/.test(g))).toBe(true);
    const wide = guesses.map((g) => Number(/--guess-wide:(\d+)px/.exec(g)![1]));
    // The Theorem 1 section alone was ≈ 7 000 px wide-screen; no part is now more than a few screens.
    expect(parts.length).toBeGreaterThanOrEqual(15);
    expect(Math.max(...wide)).toBeLessThan(4 * PART_TARGET_WIDE_PX);
    // Every h2 opens a part that is not a continuation; a continuation never starts with an h2.
    for (const p of parts) {
      const first = (p.children ?? []).find((c) => c.type !== 'text')!;
      const continues = 'dataContinues' in (p.properties ?? {});
      expect(continues, String(first.properties?.id)).toBe(first.tagName !== 'h2' && !classList(first).includes('bibliography'));
    }
    expect(parts.flatMap((p) => findAll(p, (n) => n !== p && classList(n).includes('chapter-section')))).toHaveLength(0);
    // The listing of batch.ts (imported as text, about 90 lines) fills its part: the live trainer
    // after it starts the next (both together were a 4 100 px part at 1 280 px).
    const listing = parts.findIndex((p) => (p.children ?? []).some((c) => c.type === 'mdxJsxFlowElement' && c.name === 'pre' && /batch\.ts/.test(JSON.stringify(c.attributes))));
    expect(listing).toBeGreaterThan(0);
    expect((parts[listing + 1].children ?? []).find((c) => c.type !== 'text')?.name).toBe('Figure');
  });
});
