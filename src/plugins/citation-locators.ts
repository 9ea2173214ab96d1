/**
 * Citation locators as they are written: `[@hartman2002ordinary, Ch. II and V]`,
 * `[@ambrosio2008gradient, Thm. 8.3.1 and Prop. 8.4.5]`, `[@vandervaart1998asymptotic, Lemma 21.2]`.
 *
 * rehype-citation reads a citation's suffix as a CSL locator: a label from its list of natural labels
 * ("chap.", "sec.", "p." …) and a number. Anything else it garbles or drops: "Ch. II" became
 * "p. C h. II" (the "C" read as a Roman page number), "chaps. 3–4" became ". 3–4" and "Thm. 8.2.1"
 * vanished (the second walkthrough found seven such citations). CSL has no label for a theorem, a
 * proposition or a lemma. So, before rehype-citation runs, every suffix that is not a plain page
 * locator (digits, or "p."/"pp." and digits) becomes a free suffix, printed as written after a comma:
 * rehype-citation's explicit empty locator `{}` followed by `, <suffix>`.
 */
import { visit } from 'unist-util-visit';
import type { HNode } from './rehype-book.ts';

/** A bracketed citation group, as rehype-citation finds it. */
const GROUP = /\[([^[\]]*@[^[\]]+)\]/g;
/** One citation in a group: an optional prefix, the key, an optional suffix after ", ". */
const ITEM = /^(?<head>[^@]*@[\p{L}\d_][^\s,;{]*)(?:,\s+(?<suffix>.*))?$/su;
/** What rehype-citation reads correctly as a locator: a page number or range, with or without "p."/"pp.". */
const PAGE = /^(?:pp?\.\s*)?[\dIVXLCDMivxlcdm]+(?:[–-][\dIVXLCDMivxlcdm]+)?$/u;

/** The citation group's text with each written suffix kept as written. */
export function freeSuffixes(group: string): string {
  return group
    .split(';')
    .map((item) => {
      const m = ITEM.exec(item);
      const suffix = m?.groups?.suffix?.trim();
      if (!m?.groups || !suffix || suffix.startsWith('{') || PAGE.test(suffix)) return item;
      return `${m.groups.head}, {}, ${suffix}`;
    })
    .join(';');
}

export function rehypeCitationLocators() {
  return (tree: HNode) => {
    visit(tree as never, 'text', (node: HNode) => {
      if (node.value?.includes('@')) node.value = node.value.replace(GROUP, (_all, inner: string) => `[${freeSuffixes(inner)}]`);
    });
  };
}
