/** The book's BibTeX file, served as /appendix/references.bib (linked from the references page). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export function GET(): Response {
  return new Response(readFileSync(resolve('content/references.bib'), 'utf8'), {
    headers: { 'Content-Type': 'application/x-bibtex; charset=utf-8' },
  });
}
