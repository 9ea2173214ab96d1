/**
 * The book's citation, built from the site address the build was configured with (Astro's `site`,
 * passed in as `Astro.site`): BibTeX and plain text. No address is invented when there is none.
 */
export const BOOK = {
  title: 'Conditional Flow Matching, live',
  authors: 'The CFM-live authors',
  year: 2026,
  key: 'cfmlive2026',
} as const;

/** `base` is the build's base path (import.meta.env.BASE_URL, '/' by default). */
export function bookCitation(site: URL | undefined, base = '/'): { bibtex: string; plain: string; url: string | null } {
  const url = site ? new URL(base.endsWith('/') ? base : `${base}/`, site).href : null;
  const fields = [
    `  title     = {${BOOK.title}}`,
    `  author    = {{${BOOK.authors}}}`,
    `  year      = {${BOOK.year}}`,
    '  note      = {An interactive book; models train in the reader\u2019s browser}',
    ...(url ? [`  url       = {${url}}`] : []),
  ];
  const bibtex = `@book{${BOOK.key},\n${fields.join(',\n')}\n}`;
  const plain = `${BOOK.authors} (${BOOK.year}). ${BOOK.title}. An interactive book.${url ? ` ${url}` : ''}`;
  return { bibtex, plain, url };
}
