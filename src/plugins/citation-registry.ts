/**
 * Every citation of a chapter registered before the first one is printed.
 *
 * rehype-citation hands citeproc one citation at a time, in reading order, and keeps the text
 * citeproc returns for the new one only. When a later citation makes an earlier one ambiguous, APA
 * disambiguates both (citeproc returns the earlier one updated), but the update is dropped: chapter 8
 * printed "Liu et al., 2023" before Q. Liu (2022) was first cited and "X. Liu et al., 2023" after it.
 *
 * `rehypeRegisterCitations` (before rehype-citation) puts one citation of every key the chapter cites
 * at the top of the tree, so citeproc knows all of them, and disambiguates, from the first printed
 * citation on. `rehypeDropRegistration` (after it) removes that citation again. A chapter's
 * references are unchanged: the registration names only keys the chapter cites anyway.
 */
import { readFileSync } from 'node:fs';
import { visit } from 'unist-util-visit';
import type { HNode } from './rehype-book.ts';
import { bibKeys } from '../layouts/appendix/bibliography.ts';

/** The elements whose text rehype-citation reads citations from. */
const CITING_PARENTS = new Set(['div', 'p', 'span', 'li', 'td', 'th']);
/** A citation key after "@" at the start of a citation ("[@key", "; @key", " @key", "-@key"). */
const KEY = /(?<=^|[\s[;-])@([\p{L}\d_][^\s,;[\]{}]*[\p{L}\d_])/gu;
/** Marks the registering paragraph so the second pass finds it. */
const MARK = 'dataCitationRegistry';

/** The keys of `known` cited in `texts`, in order of first citation. */
export function citedKeys(texts: Iterable<string>, known: ReadonlySet<string>): string[] {
  const keys = new Set<string>();
  for (const t of texts) for (const m of t.matchAll(KEY)) if (known.has(m[1])) keys.add(m[1]);
  return [...keys];
}

export function rehypeRegisterCitations(options: { bibliography: string }) {
  const known = new Set(bibKeys(readFileSync(options.bibliography, 'utf8')));
  return (tree: HNode) => {
    const texts: string[] = [];
    visit(tree as never, 'text', (node: HNode, _i: number | undefined, parent: HNode | undefined) => {
      // As rehype-citation reads them: any parent but an element outside its list (an inline MDX
      // component such as <Sidenote> has no tag name, and its citations are printed too).
      if (!node.value?.includes('@') || (parent?.tagName !== undefined && !CITING_PARENTS.has(parent.tagName))) return;
      texts.push(node.value);
    });
    const keys = citedKeys(texts, known);
    // One key cannot be ambiguous with anything the chapter prints.
    if (keys.length < 2) return;
    const registry: HNode = {
      type: 'element',
      tagName: 'p',
      properties: { [MARK]: '' },
      children: [{ type: 'text', value: `[${keys.map((k) => `@${k}`).join('; ')}]` }],
    };
    tree.children = [registry, ...(tree.children ?? [])];
  };
}

export function rehypeDropRegistration() {
  return (tree: HNode) => {
    tree.children = (tree.children ?? []).filter((n) => !(n.type === 'element' && n.properties && MARK in n.properties));
  };
}
