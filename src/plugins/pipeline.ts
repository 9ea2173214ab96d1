/**
 * The book's Markdown/MDX pipeline, in one place so the site (astro.config.mjs) and the unit tests
 * (test/unit/content/) compile chapters identically.
 *
 * remark: remark-math → remarkBook (numbers, \label → \tag, <Ref> resolution)
 * rehype: heading ids (TeX-aware) → rehype-katex (throwOnError + strict) → rehypeKatexStrict (any
 *         KaTeX error fails the build: rehype-katex itself only warns) → rehypeMathPunctuation (a
 *         formula and the punctuation touching it share a line) → rehypeKeepNames (I-CFM and short
 *         hyphenated code tokens never break at a hyphen) → rehypeCitationLocators (a locator
 *         such as "Thm. 2.1" printed as written) → rehypeRegisterCitations (every key the chapter cites
 *         known to citeproc before the first citation, so disambiguation holds throughout) →
 *         rehype-citation (APA, bundled; content/references.bib) → rehypeDropRegistration → rehypeKeepCitedNames
 *         (keep-names again, for the citations' and bibliography's text) → rehypeBookFinish
 *         (anchors, References heading, unknown-citation check, table of contents) → rehypeBasePath
 *         (site-root links under the base path)
 */
import { basename, dirname, resolve } from 'node:path';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import rehypeCitation from 'rehype-citation';
import remarkBook from './remark-book.ts';
import { rehypeBasePath } from './base-path.ts';
import { rehypeMathPunctuation } from './math-punctuation.ts';
import { rehypeKeepCitedNames, rehypeKeepNames } from './keep-names.ts';
import { rehypeCitationLocators } from './citation-locators.ts';
import { rehypeDropRegistration, rehypeRegisterCitations } from './citation-registry.ts';
import { rehypeBookFinish, rehypeBookHeadingIds, rehypeKatexStrict } from './rehype-book.ts';
import { katexOptions } from '../styles/katex-macros.ts';

export interface BookPipelineOptions {
  chaptersDir: string;
  bibliography: string;
  /** The site's base path (BASE_PATH, e.g. `/cfm/`); site-root links in chapters are put under it. */
  base?: string;
}

export function bookPipeline(options: BookPipelineOptions) {
  const remarkPlugins = [remarkMath, [remarkBook, { chaptersDir: resolve(options.chaptersDir) }]] as const;
  const rehypePlugins = [
    rehypeBookHeadingIds,
    [rehypeKatex, katexOptions()],
    rehypeKatexStrict,
    rehypeMathPunctuation,
    rehypeKeepNames,
    rehypeCitationLocators,
    [rehypeRegisterCitations, { bibliography: resolve(options.bibliography) }],
    // rehype-citation joins `path` and `bibliography` (without `path` it prefixes the cwd).
    [
      rehypeCitation,
      {
        path: dirname(resolve(options.bibliography)),
        bibliography: basename(options.bibliography),
        csl: 'apa',
        lang: 'en-US',
        linkCitations: true,
      },
    ],
    rehypeDropRegistration,
    // Once more for the text rehype-citation wrote: citations and bibliography entries ("U-Net", "DPM-Solver").
    rehypeKeepCitedNames,
    rehypeBookFinish,
    [rehypeBasePath, { base: options.base }],
  ] as const;
  // One list feeds two APIs whose plugin types do not unify: Astro's markdown processor
  // (RemarkPlugins/RehypePlugins) and @mdx-js/mdx's compile (unified's PluggableList) in the tests.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { remarkPlugins: [...remarkPlugins] as any[], rehypePlugins: [...rehypePlugins] as any[] };
}
