/**
 * Renders a short string that may contain `$…$` inline math (a figure caption, a theorem title)
 * to HTML at build time, with the book's macros. Text outside math is HTML-escaped. A KaTeX error
 * throws, like it does in chapter bodies.
 */
import katex from 'katex';
import { katexOptions } from '../styles/katex-macros.ts';
import { CLOSING, OPENING, wrapMathHtml } from './math-punctuation.ts';
import { keepNamesInHtml } from './keep-names.ts';

/** Text between formulas: a straight apostrophe inside a word becomes the typographic one, as chapter bodies have it. */
function typeset(s: string): string {
  return s.replace(/(?<=\p{L})'(?=\p{L})/gu, '\u2019');
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function renderInlineMath(text: string): string {
  const parts = text.split(/(?<!\\)\$([^$]+)\$/).map((part, i) => (i % 2 === 1 ? part : typeset(part.replace(/\\\$/g, '$'))));
  let html = '';
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 0) {
      // Hyphenated names (I-CFM) stay on one line, as in chapter bodies (keep-names.ts).
      html += keepNamesInHtml(escapeHtml(parts[i]));
      continue;
    }
    // Search skips formulas, as in chapter bodies (rehype-book.ts).
    const math = katex
      .renderToString(parts[i], { ...katexOptions(), displayMode: false })
      .replace(/^<span class="katex">/, '<span class="katex" data-pagefind-ignore="all">');
    // The punctuation touching the formula shares its line, as in chapter bodies (math-punctuation.ts).
    const open = OPENING.exec(parts[i - 1])?.[0] ?? '';
    const close = i + 1 < parts.length ? (CLOSING.exec(parts[i + 1])?.[0] ?? '') : '';
    html = html.slice(0, html.length - escapeHtml(open).length) + wrapMathHtml(math, escapeHtml(open), escapeHtml(close));
    if (close) parts[i + 1] = parts[i + 1].slice(close.length);
  }
  return html;
}
