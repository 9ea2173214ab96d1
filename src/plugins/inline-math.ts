/**
 * Renders a short string that may contain `$…$` inline math (a figure caption, a theorem title)
 * to HTML at build time, with the book's macros. Text outside math is HTML-escaped. A KaTeX error
 * throws, like it does in chapter bodies.
 */
import katex from 'katex';
import { katexOptions } from '../styles/katex-macros.ts';

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function renderInlineMath(text: string): string {
  const parts = text.split(/(?<!\\)\$([^$]+)\$/);
  return parts
    .map((part, i) =>
      i % 2 === 1
        ? // Search skips formulas, as in chapter bodies (rehype-book.ts).
          katex
            .renderToString(part, { ...katexOptions(), displayMode: false })
            .replace(/^<span class="katex">/, '<span class="katex" data-pagefind-ignore="all">')
        : escapeHtml(part.replace(/\\\$/g, '$')),
    )
    .join('');
}
