/**
 * The book's citation, built from the site address the build was configured with (Astro's `site`,
 * passed in as `Astro.site`): BibTeX and plain text. No address is invented when there is none.
 * The authors come from the build's BOOK_AUTHORS ("First Last; First Last"); unset, the book is
 * cited under a corporate name (BibTeX's double braces keep it from being read as first/last name).
 */
export const BOOK = {
  title: 'Conditional Flow Matching, live',
  corporateAuthor: 'The CFM-live authors',
  year: 2026,
  key: 'cfmlive2026',
} as const;

/** At most this many names, each at most this long: a malformed variable cannot flood every page. */
const MAX_AUTHORS = 20;
const MAX_NAME = 80;

/**
 * The authors as BibTeX's author field and as plain text, from BOOK_AUTHORS: names separated by ";",
 * stripped of braces, backslashes and control characters (they would break the BibTeX entry).
 */
export function bookAuthors(raw: string | undefined = process.env.BOOK_AUTHORS): { bibtex: string; plain: string } {
  const names = (raw ?? '')
    .split(';')
    .map((n) =>
      n
        .replace(/[{}\\\p{Cc}]/gu, '')
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, MAX_NAME),
    )
    .filter(Boolean)
    .slice(0, MAX_AUTHORS);
  if (names.length === 0) return { bibtex: `{${BOOK.corporateAuthor}}`, plain: BOOK.corporateAuthor };
  const plain = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return { bibtex: names.join(' and '), plain };
}

/** `base` is the build's base path (import.meta.env.BASE_URL, '/' by default). */
export function bookCitation(
  site: URL | undefined,
  base = '/',
  authors = bookAuthors(),
): { bibtex: string; plain: string; url: string | null } {
  const url = site ? new URL(base.endsWith('/') ? base : `${base}/`, site).href : null;
  const fields = [
    `  title     = {${BOOK.title}}`,
    `  author    = {${authors.bibtex}}`,
    `  year      = {${BOOK.year}}`,
    '  note      = {An interactive book; models train in the reader\u2019s browser}',
    ...(url ? [`  url       = {${url}}`] : []),
  ];
  const bibtex = `@book{${BOOK.key},\n${fields.join(',\n')}\n}`;
  const plain = `${authors.plain} (${BOOK.year}). ${BOOK.title}. An interactive book.${url ? ` ${url}` : ''}`;
  return { bibtex, plain, url };
}
