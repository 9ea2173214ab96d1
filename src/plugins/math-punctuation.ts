/**
 * Keeps inline math and the punctuation touching it on one line.
 *
 * KaTeX lays inline math out as a row of inline-blocks (`.base`), and Chromium allows a line break
 * after an inline-block wherever its parent allows wrapping, even before a full stop, so "… $x_k$."
 * could end a line with the formula and start the next with ".". A word joiner (U+2060) does not
 * stop it, nor does `nowrap` on an ancestor further up (measured in Chromium, session 18). So this
 * plugin puts the formula's first or last `.base` (the one next to the punctuation) in a
 * `span.math-edge` with `white-space: nowrap` (math.css), and the formula with its punctuation in a
 * `span.math-punct`. The other breaks KaTeX allows inside a long formula, after a relation or a
 * binary operator, stay allowed.
 */
import { visit } from 'unist-util-visit';
import { classes, type HNode } from './rehype-book.ts';

/** Marks that close a phrase and must not start a line after a formula. */
export const CLOSING = /^[.,;:!?)\]}’”%…\-–]+/u;
/** Marks that open a phrase and must not end a line before a formula. */
export const OPENING = /[([{‘“]+$/u;

function hasClass(node: HNode | undefined, name: string): boolean {
  return node?.type === 'element' && classes(node).includes(name);
}

function text(value: string): HNode {
  return { type: 'text', value };
}

function span(className: string, children: HNode[]): HNode {
  return { type: 'element', tagName: 'span', properties: { className: [className] }, children };
}

/** Puts the formula's first and/or last `.base` in a `span.math-edge`. */
function holdEdges(math: HNode, first: boolean, last: boolean): void {
  const row = math.children?.find((c) => hasClass(c, 'katex-html'));
  const kids = row?.children;
  if (!kids) return;
  const bases = kids.flatMap((k, i) => (hasClass(k, 'base') ? [i] : []));
  if (bases.length === 0) return;
  const at = new Set([...(first ? [bases[0]] : []), ...(last ? [bases[bases.length - 1]] : [])]);
  for (const i of at) kids[i] = span('math-edge', [kids[i]]);
}

/** Wraps, in one parent's children, each formula with the punctuation touching it. */
function wrapIn(parent: HNode): void {
  const children = parent.children ?? [];
  for (let i = 0; i < children.length; i++) {
    const math = children[i];
    if (!hasClass(math, 'katex')) continue;
    const before = children[i - 1];
    const after = children[i + 1];
    const open = before?.type === 'text' ? OPENING.exec(before.value ?? '')?.[0] : undefined;
    const close = after?.type === 'text' ? CLOSING.exec(after.value ?? '')?.[0] : undefined;
    if (!open && !close) continue;
    holdEdges(math, Boolean(open), Boolean(close));
    const wrapper = span('math-punct', [...(open ? [text(open)] : []), math, ...(close ? [text(close)] : [])]);
    const replaced: HNode[] = [];
    const restBefore = open ? (before?.value ?? '').slice(0, -open.length) : '';
    if (restBefore) replaced.push(text(restBefore));
    replaced.push(wrapper);
    const restAfter = close ? (after?.value ?? '').slice(close.length) : '';
    if (restAfter) replaced.push(text(restAfter));
    const from = open ? i - 1 : i;
    children.splice(from, 1 + (open ? 1 : 0) + (close ? 1 : 0), ...replaced);
    i = from + replaced.indexOf(wrapper);
  }
}

export function rehypeMathPunctuation() {
  return (tree: HNode) => {
    visit(tree as never, (node: HNode) => {
      if (hasClass(node, 'katex') || hasClass(node, 'math-punct')) return 'skip';
      if (node.children?.some((c) => hasClass(c, 'katex'))) wrapIn(node);
      return undefined;
    });
  };
}

/** The end of the `<span …>` element that starts at `start` in KaTeX's HTML (after its `</span>`). */
function spanEnd(html: string, start: number): number {
  const tag = /<span\b|<\/span>/g;
  tag.lastIndex = start;
  let depth = 0;
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    depth += m[0] === '</span>' ? -1 : 1;
    if (depth === 0) return m.index + m[0].length;
  }
  throw new Error('unbalanced KaTeX HTML');
}

/**
 * The same for KaTeX's HTML as a string (captions and titles, inline-math.ts): `open` and `close`
 * are the punctuation touching the formula, already escaped.
 */
export function wrapMathHtml(math: string, open: string, close: string): string {
  if (!open && !close) return math;
  // KaTeX's bases are the children of its `.katex-html` row; none nests in another.
  const BASE = '<span class="base">';
  const starts: number[] = [];
  for (let at = math.indexOf(BASE); at >= 0; at = math.indexOf(BASE, at + 1)) starts.push(at);
  if (starts.length === 0) return `<span class="math-punct">${open}${math}${close}</span>`;
  const edges = [...new Set([...(open ? [starts[0]] : []), ...(close ? [starts[starts.length - 1]] : [])])];
  let out = math;
  for (const start of edges.sort((a, b) => b - a)) {
    const end = spanEnd(out, start);
    out = `${out.slice(0, start)}<span class="math-edge">${out.slice(start, end)}</span>${out.slice(end)}`;
  }
  return `<span class="math-punct">${open}${out}${close}</span>`;
}
