/**
 * Keeps hyphenated names and short hyphenated code tokens on one line.
 *
 * A browser may break a line after any hyphen: "I-" ended a line with "CFM" on the next, and a
 * command's `--protocol` split into "-" and "-protocol". Neither `hyphens: none` (it governs only
 * automatic and soft hyphens) nor a non-breaking hyphen (U+2011: a search for "I-CFM" or a copied
 * command would no longer match) is the fix. So this plugin puts each name of the prose (the rule of
 * lib/core/hyphenated-names.ts, shared with the widgets' labels) and each hyphenated token of inline
 * code of at most `MAX_CODE_TOKEN` characters in a `span.nobr` (`white-space: nowrap`,
 * elements.css). A longer token (a file path) may still break, so it never widens a phone's column;
 * the spaces of a command stay break points.
 */
import { nameRuns } from '../lib/core/hyphenated-names.ts';
import { classes, type HNode } from './rehype-book.ts';

/** Longest hyphenated code token kept whole (about 200 px of code at a phone's font size). */
export const MAX_CODE_TOKEN = 24;

/** Elements whose text is not prose: left as they are. */
const SKIP = new Set(['pre', 'script', 'style', 'svg', 'math', 'annotation']);
const HYPHENATED_TOKEN = /[^\s]*-[^\s]*/g;
/** A web address in prose (a bibliography's DOI): left to break where it likes. */
const WEB_ADDRESS = /https?:\/\/[^\s<>"]+/g;

/**
 * Prose cut into runs, each hyphenated name a run to keep whole, web addresses left as they are
 * (the rule of lib/core/hyphenated-names.ts, which the widgets ship without the addresses: their
 * labels have none). For the pipeline and for layouts/Names.astro, at build time.
 */
export function proseRuns(value: string): { text: string; keep: boolean }[] {
  const runs: { text: string; keep: boolean }[] = [];
  const names = (text: string) => runs.push(...nameRuns(text).map((r) => ({ text: r.text, keep: r.name })));
  let at = 0;
  for (const m of value.matchAll(WEB_ADDRESS)) {
    names(value.slice(at, m.index));
    runs.push({ text: m[0], keep: false });
    at = m.index + m[0].length;
  }
  names(value.slice(at));
  return runs;
}

/**
 * Keeps names whole in HTML text made outside the pipeline (a caption or title rendered by
 * renderInlineMath): every name goes in a `span.nobr`. For escaped text and simple tags only (a `>` inside an attribute
 * would be read as a tag's end); a hast tree takes `rehypeKeepCitedNames` instead. A name (letters,
 * digits, hyphens) never contains an escape.
 */
export function keepNamesInHtml(html: string): string {
  return html.replace(
    /(^|>)([^<]+)/g,
    (_all, gt: string, text: string) =>
      gt +
      proseRuns(text)
        .map((r) => (r.keep ? `<span class="nobr">${r.text}</span>` : r.text))
        .join(''),
  );
}

const nobr = (value: string): HNode => ({
  type: 'element',
  tagName: 'span',
  properties: { className: ['nobr'] },
  children: [{ type: 'text', value }],
});

/** A text node cut into text and `span.nobr` runs (the node itself when nothing is kept whole). */
function split(value: string, inCode: boolean): HNode[] {
  const runs: { text: string; keep: boolean }[] = [];
  if (inCode) {
    let at = 0;
    for (const m of value.matchAll(HYPHENATED_TOKEN)) {
      if (m[0].length > MAX_CODE_TOKEN) continue;
      if (m.index > at) runs.push({ text: value.slice(at, m.index), keep: false });
      runs.push({ text: m[0], keep: true });
      at = m.index + m[0].length;
    }
    if (at < value.length) runs.push({ text: value.slice(at), keep: false });
  } else runs.push(...proseRuns(value));
  if (!runs.some((r) => r.keep)) return [{ type: 'text', value }];
  return runs.map((r) => (r.keep ? nobr(r.text) : { type: 'text', value: r.text }));
}

function walk(node: HNode, inCode: boolean): void {
  const kids = node.children;
  if (!kids) return;
  node.children = kids.flatMap((k) => {
    // A citation ("[@key, pp. 10-12]") is parsed later from its text node: never split one.
    if (k.type === 'text') return (k.value ?? '').includes('@') ? [k] : split(k.value ?? '', inCode);
    // Block components (a theorem, an exercise) hold prose; an inline one (<Ref>, <Cite>) makes its own text.
    if (k.type !== 'element' && k.type !== 'mdxJsxFlowElement') return [k];
    if (SKIP.has(k.tagName ?? '') || classes(k).some((c) => c === 'katex' || c === 'nobr')) return [k];
    walk(k, inCode || k.tagName === 'code');
    return [k];
  });
}

export function rehypeKeepNames() {
  return (tree: HNode) => walk(tree, false);
}

/**
 * The same pass, for the text rehype-citation writes after the first one (citations, bibliography
 * entries). A plugin of its own: unified runs an attacher used twice only once.
 */
export function rehypeKeepCitedNames() {
  return (tree: HNode) => walk(tree, false);
}
