import { MINIMAL_LINES_BELOW } from '../../lib/minimal/claim.ts';

/** The appendix's pages, in the order the index lists them (one list: the index and the tests read it). */
export const APPENDIX_PAGES = [
  {
    slug: 'notation',
    title: 'Notation',
    summary: 'the symbols of the definitions, theorems and main formulas, what each means and where it is introduced.',
  },
  { slug: 'glossary', title: 'Glossary', summary: 'the book’s terms in plain words, each with the chapter that develops it.' },
  { slug: 'references', title: 'References', summary: 'every work the book cites, with the chapters that cite it, and the BibTeX file.' },
  { slug: 'cite', title: 'Cite this book', summary: 'BibTeX and a plain-text citation.' },
  {
    slug: 'thirty-line-cfm',
    title: `CFM in under ${MINIMAL_LINES_BELOW} lines`,
    summary: 'a complete conditional flow matching trainer in TypeScript (TF.js) and in PyTorch, both tested.',
  },
  {
    slug: 'instructors',
    title: 'Instructor’s guide',
    summary: 'every widget with its URL parameters, how to embed it, and a suggested lab for each chapter.',
  },
] as const;
