/**
 * Cuts a chapter's long h2 sections into parts the browser lays out one at a time, and guesses the
 * height of each part before it is laid out.
 *
 * Every part is a `div.chapter-section` with `content-visibility: auto` (rehype-book.ts,
 * chapter-layout.css): while far from the viewport the browser skips its style and layout, and it
 * lays the whole part out in one go when it comes near. A whole h2 section was that unit before, and
 * the longest (flow-matching's Theorem 1 section: about 12 000 px and 13 000 DOM nodes at 360 px)
 * cost a 250–440 ms main-thread task when it came into view (walkthrough finding 32,
 * scripts/layout-shift.ts). Parts of about one laptop screen keep each such task short.
 *
 * A part is cut only between top-level blocks (a paragraph, a display, a theorem, a figure), never
 * inside one, and never right after a heading (a heading stays with what it introduces) or a block
 * holding a margin note (the note floats beside what follows). An h3 starts
 * a new part when the part before it is already a third of the way to the target. The section's
 * last quarter-screen is never a part of its own.
 *
 * The guessed height is what a skipped part occupies until it is first laid out (after that the
 * browser remembers its real height: `contain-intrinsic-size: auto …`). It is a linear model of the
 * part's visible characters, display rows, blocks, live widgets, folded solutions, components
 * rendered later and code lines, fitted by least relative squares on the 276 parts of the fourteen
 * chapters as built in session 21 (heights measured in Chromium with every part laid out). On
 * those parts its median error is 9 % at 360 px and 10 % at 1 280 px (90th percentile 20 % and 25 %);
 * test/e2e/skipped-sections.test.ts keeps it calibrated. A fixed guess of 3 000 px per section was off
 * by up to 9 000 px.
 */
// rehype-book.ts imports this module too; `classes` is only called once both are loaded.
import { classes, type HNode } from './rehype-book.ts';

/** Height model of one block, in px, for a phone column (360 px) and the text column of wider screens. */
interface Model {
  perChar: number;
  perDisplayRow: number;
  perBlock: number;
  /** A live widget: its median hydrated height (the reservation of widget-heights.css is about this). */
  widget: number;
  /** A folded solution: its summary line. */
  folded: number;
  /** A line of a code listing (they scroll sideways, never wrap). */
  perCodeLine: number;
  /** A block component whose content is not in the tree yet (a figure or table an Astro component
   *  fills from data). */
  opaque: number;
}
export const NARROW: Model = { perChar: 0.83, perDisplayRow: 51, perBlock: 41, widget: 1690, folded: 164, opaque: 850, perCodeLine: 17 };
export const WIDE: Model = { perChar: 0.49, perDisplayRow: 64, perBlock: 46, widget: 1140, folded: 133, opaque: 750, perCodeLine: 18 };

/** A part is closed once its guessed height on a wide screen reaches this (about one laptop screen). */
export const PART_TARGET_WIDE_PX = 1000;

/** Components that render a folded `<details>`: closed on load, laid out only when opened. (Proofs
 *  are open on load: they count as what they hold.) */
const FOLDED = new Set(['Solution']);

const isJsx = (n: HNode) => n.type === 'mdxJsxFlowElement' || n.type === 'mdxJsxTextElement';
const jsxName = (n: HNode) => (n as HNode & { name?: string | null }).name ?? '';
const isIsland = (n: HNode) =>
  isJsx(n) && ((n as HNode & { attributes?: { name?: string }[] }).attributes ?? []).some((a) => a.name?.startsWith('client:') === true);

/** What a block holds that the height model counts. */
export interface BlockFeatures {
  chars: number;
  displayRows: number;
  widgets: number;
  folded: number;
  opaque: number;
  codeLines: number;
}

/** Counts a block's visible characters (KaTeX's MathML copy and folded solutions left out), the rows
 *  of its display formulas, its live widgets, folded solutions, components rendered later and the
 *  lines of its code listings. */
export function features(node: HNode, sources: RawSources = new Map()): BlockFeatures {
  const f: BlockFeatures = { chars: 0, displayRows: 0, widgets: 0, folded: 0, opaque: 0, codeLines: 0 };
  const walk = (n: HNode) => {
    if (n.type === 'text') {
      f.chars += (n.value ?? '').length;
      return;
    }
    if (n.tagName === 'pre' || (isJsx(n) && jsxName(n) === 'pre')) {
      f.codeLines += codeText(n, sources).replace(/\n$/, '').split('\n').length;
      return;
    }
    if (isIsland(n)) {
      f.widgets++;
      return;
    }
    if (isJsx(n) && FOLDED.has(jsxName(n))) {
      f.folded++;
      return;
    }
    if (n.type === 'mdxJsxFlowElement' && (n.children ?? []).length === 0 && /^[A-Z]/.test(jsxName(n))) {
      f.opaque++;
      return;
    }
    const cls = classes(n);
    if (cls.includes('katex-mathml')) return;
    if (cls.includes('katex-display')) f.displayRows += Math.max(1, countRows(n));
    for (const c of n.children ?? []) walk(c);
  };
  walk(node);
  return f;
}

/** Files a chapter imports as text (`import name from './file?raw'`): the name and the file's text. */
export type RawSources = ReadonlyMap<string, string>;

/** The text of a code listing: its text nodes, the template literal MDX keeps it in, or the file an
 *  expression names (`<code>{batchSource}</code>`). */
function codeText(n: HNode, sources: RawSources): string {
  if (n.type === 'text') return n.value ?? '';
  if (n.type === 'mdxFlowExpression' || n.type === 'mdxTextExpression') {
    const v = (n.value ?? '').trim();
    return sources.get(v) ?? v.replace(/^`|`$/g, '');
  }
  return (n.children ?? []).map((c) => codeText(c, sources)).join('');
}

/** Rows of a display: the `mtr`s of its MathML tables (aligned environments), at the top level only. */
function countRows(display: HNode): number {
  let rows = 0;
  const walk = (n: HNode, inTable: boolean) => {
    if (n.tagName === 'mtr' && inTable) {
      rows++;
      return; // a nested table is one row of its parent
    }
    for (const c of n.children ?? []) walk(c, inTable || n.tagName === 'mtable');
  };
  walk(display, false);
  return rows;
}

/** Guessed height of one block, in px (the model is additive: a part's guess is the sum of its blocks'). */
export function guess(f: BlockFeatures, m: Model): number {
  return (
    m.perChar * f.chars +
    m.perDisplayRow * f.displayRows +
    m.perBlock +
    m.widget * f.widgets +
    m.folded * f.folded +
    m.opaque * f.opaque +
    m.perCodeLine * f.codeLines
  );
}

/** Whitespace between blocks: kept with the part it follows, counted as nothing. */
const isBlank = (n: HNode) => n.type === 'text' && !(n.value ?? '').trim();
const isHeading = (n: HNode) => n.type === 'element' && /^h[2-6]$/.test(n.tagName ?? '');
/** A block holding a margin note: on wide screens the note floats beside what follows, and a part
 *  contains its floats, so a cut right after it would push the next part below the note. */
const holdsNote = (n: HNode): boolean => (isJsx(n) && jsxName(n) === 'Sidenote') || (n.children ?? []).some(holdsNote);

export interface Part {
  children: HNode[];
  /** Guessed heights before layout, in whole px. */
  narrow: number;
  wide: number;
}

/** Cuts one section's blocks into parts (see the module comment). The blocks are kept in order; a
 *  section shorter than the target stays one part. `sources`: the files the chapter imports as text. */
export function splitSection(blocks: HNode[], sources: RawSources = new Map()): Part[] {
  const parts: Part[] = [];
  let cur: HNode[] = [];
  let narrow = 0,
    wide = 0,
    keepWithNext = false;
  const close = () => {
    if (cur.some((n) => !isBlank(n))) parts.push({ children: cur, narrow: Math.round(narrow), wide: Math.round(wide) });
    else if (parts.length) parts[parts.length - 1].children.push(...cur);
    else if (cur.length) parts.push({ children: cur, narrow: 0, wide: 0 });
    cur = [];
    narrow = wide = 0;
  };
  const guesses = blocks.map((b) => {
    const f = features(b, sources);
    return isBlank(b) ? { narrow: 0, wide: 0 } : { narrow: guess(f, NARROW), wide: guess(f, WIDE) };
  });
  /** What is left of the section from block i on (wide guess): a short tail is not worth a part. */
  const rest: number[] = [];
  for (let i = blocks.length - 1, acc = 0; i >= 0; i--) rest[i] = acc += guesses[i].wide;
  blocks.forEach((block, i) => {
    if (isBlank(block)) {
      cur.push(block);
      return;
    }
    const h3 = block.type === 'element' && block.tagName === 'h3';
    const full = wide >= PART_TARGET_WIDE_PX || (h3 && wide >= PART_TARGET_WIDE_PX / 3);
    if (cur.length && !keepWithNext && full && rest[i] >= PART_TARGET_WIDE_PX / 4) close();
    cur.push(block);
    narrow += guesses[i].narrow;
    wide += guesses[i].wide;
    keepWithNext = isHeading(block) || holdsNote(block);
  });
  close();
  return parts;
}
