/**
 * The whole of content/references.bib as HTML, rendered by the same rehype-citation (APA, en-US)
 * the chapters use, so the references page and the chapters' reference lists format an entry
 * identically: an empty document with `noCite: ['@*']` (every entry, each once, sorted as APA sorts).
 * Each entry keeps rehype-citation's id, `bib-<key>`.
 */
import { dirname, basename, resolve } from 'node:path';
import { unified } from 'unified';
import rehypeCitation from 'rehype-citation';
import { toHtml } from 'hast-util-to-html';
import { rehypeKeepCitedNames } from '../../plugins/keep-names.ts';

/** The part of a hast node this file reads. */
interface HastNode {
  type: string;
  properties?: { className?: unknown; id?: unknown };
  children?: HastNode[];
}

export interface BibEntryHtml {
  key: string;
  html: string;
}

export async function renderBibliography(bibFile = 'content/references.bib'): Promise<BibEntryHtml[]> {
  const path = resolve(bibFile);
  const processor = unified()
    .use(rehypeCitation, {
      path: dirname(path),
      bibliography: basename(path),
      csl: 'apa',
      lang: 'en-US',
      noCite: ['@*'],
    })
    // Names in titles ("U-Net", "DPM-Solver") kept whole, as in the chapters' reference lists.
    .use(rehypeKeepCitedNames);
  const tree = (await processor.run({ type: 'root', children: [] })) as HastNode;
  const out: BibEntryHtml[] = [];
  const visit = (node: HastNode) => {
    const cls = node.properties?.className;
    if (node.type === 'element' && Array.isArray(cls) && cls.includes('csl-entry')) {
      const id = typeof node.properties?.id === 'string' ? node.properties.id : '';
      out.push({ key: id.replace(/^bib-/, ''), html: toHtml(node.children as Parameters<typeof toHtml>[0]) });
      return;
    }
    for (const c of node.children ?? []) visit(c);
  };
  visit(tree);
  return out;
}

/** The citation keys of a .bib source, in file order (`@type{key,`). */
export function bibKeys(bib: string): string[] {
  return [...bib.matchAll(/^@\w+\s*\{\s*([^,\s]+)\s*,/gm)].map((m) => m[1]);
}
