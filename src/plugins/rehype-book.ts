/**
 * rehype plugins of the book pipeline (see pipeline.ts for the order).
 *
 * `rehypeBookHeadingIds` (before KaTeX): gives h2–h4 stable ids slugged from their source text,
 * with inline math contributing its TeX (so "## The field $u_t$" → `the-field-u_t`).
 *
 * `rehypeBookFinish` (after KaTeX and citations):
 * - appends a hover "#" link to every heading and numbered equation (figures and theorem-like
 *   blocks get theirs from their Astro components);
 * - titles the bibliography rehype-citation generated ("References") and gives it an id;
 * - fails on a citation key that is not in the bibliography (rehype-citation leaves it as text);
 * - exports the table of contents (`bookToc`: depth, id, text, html with math rendered) through
 *   the MDX `frontmatter` export, which Astro returns as `remarkPluginFrontmatter`;
 * - wraps each h2 and what follows it in `div.chapter-section`s, a long one cut into parts (see
 *   `wrapSections`).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import GithubSlugger from 'github-slugger';
import { visit, SKIP } from 'unist-util-visit';
import { toHtml } from 'hast-util-to-html';
import { BookContentError } from './book-index.ts';
import { splitSection, type RawSources } from './section-parts.ts';

/** A hast node, as far as the book's rehype plugins read it. */
export interface HNode {
  type: string;
  tagName?: string;
  value?: string;
  properties?: Record<string, unknown>;
  children?: HNode[];
  position?: { start: { line: number } };
}
interface VFileLike {
  path?: string;
  history?: string[];
  data: { astro?: { frontmatter?: Record<string, unknown> } };
}

export interface TocEntry {
  depth: number;
  id: string;
  text: string;
  html: string;
}

const HEADING = /^h([2-4])$/;

export function classes(node: HNode): string[] {
  const c = node.properties?.className;
  return Array.isArray(c) ? c.map(String) : typeof c === 'string' ? c.split(/\s+/) : [];
}

/** Text of a node where (not yet rendered) math counts as its TeX source. */
function sourceText(node: HNode): string {
  if (node.type === 'text') return node.value ?? '';
  return (node.children ?? []).map(sourceText).join('');
}

/** Visible text of a rendered node: KaTeX's MathML copy and our anchors are skipped. */
function visibleText(node: HNode): string {
  if (node.type === 'text') return node.value ?? '';
  if (node.type !== 'element' && node.type !== 'root') return (node.children ?? []).map(visibleText).join('');
  const cls = classes(node);
  if (cls.includes('katex-mathml') || cls.includes('anchor')) return '';
  if (cls.includes('katex')) {
    const annotation = findFirst(node, (n) => n.tagName === 'annotation');
    if (annotation) return (annotation.children ?? []).map(visibleText).join('');
  }
  return (node.children ?? []).map(visibleText).join('');
}

function findFirst(node: HNode, test: (n: HNode) => boolean): HNode | undefined {
  if (test(node)) return node;
  for (const c of node.children ?? []) {
    const f = findFirst(c, test);
    if (f) return f;
  }
  return undefined;
}

function anchor(id: string, label: string): HNode {
  return {
    type: 'element',
    tagName: 'a',
    properties: { className: ['anchor'], href: `#${id}`, ariaLabel: label },
    children: [],
  };
}

function isPlainHast(node: HNode): boolean {
  if (!['element', 'text', 'comment', 'root'].includes(node.type)) return false;
  return (node.children ?? []).every(isPlainHast);
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The heading's content as HTML (math rendered) for the table of contents; text if it has JSX. */
function headingHtml(node: HNode, text: string): string {
  const kids = node.children ?? [];
  return kids.every(isPlainHast) ? toHtml(kids as never) : escapeHtml(text);
}

/**
 * rehype-katex never throws: it records a vfile message and renders the error in red. Run right
 * after it, this turns any such message into a build error naming the file, line and TeX.
 */
export function rehypeKatexStrict() {
  return (
    _tree: HNode,
    file: VFileLike & {
      messages?: Array<{ source?: string | null; reason: string; line?: number | null; cause?: unknown; ancestors?: HNode[] }>;
    },
  ) => {
    const fileName = file.path ?? file.history?.[0] ?? '(unnamed file)';
    const errors = (file.messages ?? []).filter((m) => m.source === 'rehype-katex');
    if (errors.length === 0) return;
    const lines = errors.map((m) => {
      const cause = m.cause instanceof Error ? m.cause.message : typeof m.cause === 'string' ? m.cause : m.reason;
      const line =
        m.line ??
        [...(m.ancestors ?? [])]
          .reverse()
          .map((a) => a.properties?.dataMathLine)
          .find((l) => typeof l === 'number' || typeof l === 'string') ??
        '?';
      return `  ${fileName}:${line}: ${cause}`;
    });
    throw new BookContentError(`KaTeX could not render ${errors.length} formula(s):\n${lines.join('\n')}`);
  };
}

const URL_RE = /https?:\/\/[^\s<>"]+[^\s<>".,;:)]/g;

/** Turns the plain URLs citeproc prints in bibliography entries into links. */
function linkifyUrls(node: HNode) {
  for (const child of node.children ?? []) {
    if (child.type === 'element' && child.tagName !== 'a') linkifyUrls(child);
  }
  const out: HNode[] = [];
  for (const child of node.children ?? []) {
    if (child.type !== 'text' || !child.value || !URL_RE.test(child.value)) {
      out.push(child);
      continue;
    }
    URL_RE.lastIndex = 0;
    let last = 0;
    for (const m of child.value.matchAll(URL_RE)) {
      if (m.index > last) out.push({ type: 'text', value: child.value.slice(last, m.index) });
      out.push({ type: 'element', tagName: 'a', properties: { href: m[0] }, children: [{ type: 'text', value: m[0] }] });
      last = m.index + m[0].length;
    }
    if (last < child.value.length) out.push({ type: 'text', value: child.value.slice(last) });
  }
  node.children = out;
}

export function rehypeBookHeadingIds() {
  return (tree: HNode) => {
    const slugger = new GithubSlugger();
    visit(tree as never, 'element', (node: HNode) => {
      if (!node.tagName || !HEADING.test(node.tagName)) return;
      node.properties ??= {};
      if (typeof node.properties.id === 'string' && node.properties.id) {
        slugger.slug(node.properties.id);
        return;
      }
      node.properties.id = slugger.slug(sourceText(node).trim()) || 'section';
    });
  };
}

/** rehype-citation leaves unknown keys as literal `[@key]`; this is the pattern we refuse. */
const LEFTOVER_CITATION = /\[-?@[A-Za-z0-9_][\w:.#$%&+?<>~/-]*/;

export function rehypeBookFinish() {
  return (tree: HNode, file: VFileLike) => {
    const toc: TocEntry[] = [];
    const fileName = file.path ?? file.history?.[0] ?? '(unnamed file)';

    visit(tree as never, (node: HNode, index: number | undefined, parent: HNode | undefined) => {
      if (node.type === 'text' && node.value && LEFTOVER_CITATION.test(node.value)) {
        const inCode = parent && (parent.tagName === 'code' || parent.tagName === 'pre');
        if (!inCode) {
          const key = LEFTOVER_CITATION.exec(node.value)![0];
          throw new BookContentError(
            `unknown citation ${key}] in ${fileName}: the key is not in content/references.bib (append it there first)`,
          );
        }
      }
      if (node.type !== 'element') return undefined;
      const cls = classes(node);
      if (cls.includes('katex')) {
        // Search skips formulas: neither KaTeX's visible layer (one span per glyph, which matched
        // letters such as "xyzzy" and showed as flattened text in snippets) nor the MathML copy is
        // words a reader types.
        node.properties = { ...node.properties, dataPagefindIgnore: 'all' };
        return SKIP;
      }
      if (node.tagName && HEADING.test(node.tagName) && typeof node.properties?.id === 'string') {
        const id = node.properties.id;
        const text = visibleText(node).replace(/\s+/g, ' ').trim();
        toc.push({ depth: Number(node.tagName[1]), id, text, html: headingHtml(node, text) });
        node.children = [...(node.children ?? []), anchor(id, `Link to the section “${text}”`)];
        return undefined; // go on into the heading (its math gets the search-ignore mark)
      }
      if (cls.includes('equation') && typeof node.properties?.id === 'string') {
        const dl = node.properties.dataLabel;
        const label = typeof dl === 'string' || typeof dl === 'number' ? String(dl) : node.properties.id;
        node.children = [...(node.children ?? []), anchor(node.properties.id, `Link to equation ${label}`)];
        return undefined;
      }
      if (node.properties?.id === 'refs' && cls.includes('references') && parent && typeof index === 'number') {
        const section: HNode = {
          type: 'element',
          tagName: 'section',
          properties: { className: ['bibliography'], ariaLabelledby: 'references' },
          children: [
            {
              type: 'element',
              tagName: 'h2',
              properties: { id: 'references' },
              children: [{ type: 'text', value: 'References' }, anchor('references', 'Link to the section “References”')],
            },
            node,
          ],
        };
        linkifyUrls(node);
        parent.children![index] = section;
        toc.push({ depth: 2, id: 'references', text: 'References', html: 'References' });
        return [SKIP, index + 1];
      }
      return undefined;
    });

    wrapSections(tree, rawSources(tree, fileName));
    file.data.astro ??= {};
    file.data.astro.frontmatter ??= {};
    file.data.astro.frontmatter.bookToc = toc;
  };
}

/** Class of the blocks `wrapSections` makes; chapter-layout.css gives them `content-visibility`. */
const SECTION_CLASS = 'chapter-section';

/**
 * Groups the body into `div.chapter-section`s, so the browser can skip the style and layout of those
 * far from the viewport (`content-visibility: auto`, issue 17: the longest chapters are 50 000 DOM
 * nodes, mostly KaTeX spans). Each h2 (or the References) starts one, with everything up to the next;
 * a long one is cut into parts of about a laptop screen (section-parts.ts), the later parts marked
 * `data-continues`. Each carries its guessed height before layout, for a phone column and a wider
 * one (`--guess-narrow`, `--guess-wide`). What comes before the first h2 stays as it is; MDX's
 * import/export nodes stay at the top level, where the compiler needs them. A div, not a <section>: a
 * named section would be a landmark, and a dozen landmarks per page is noise to a screen reader.
 */
function wrapSections(tree: HNode, sources: RawSources) {
  const out: HNode[] = [];
  let group: HNode[] | null = null;
  const flush = () => {
    if (!group) return;
    splitSection(group, sources).forEach((part, i) => {
      out.push({
        type: 'element',
        tagName: 'div',
        properties: {
          className: [SECTION_CLASS],
          ...(i > 0 ? { dataContinues: '' } : {}),
          style: `--guess-narrow:${part.narrow}px;--guess-wide:${part.wide}px`,
        },
        children: part.children,
      });
    });
    group = null;
  };
  for (const node of tree.children ?? []) {
    if (node.type === 'mdxjsEsm') {
      out.push(node);
      continue;
    }
    const starts = node.type === 'element' && (node.tagName === 'h2' || classes(node).includes('bibliography'));
    if (starts) {
      flush();
      group = [];
    }
    if (group) group.push(node);
    else out.push(node);
  }
  flush();
  tree.children = out;
}

/** The files a chapter imports as text (`import name from '…?raw'`, a path relative to the chapter),
 *  read so that a listing of one can be measured. One that cannot be read stops the build here, with
 *  the path tried: a wrong guess would otherwise pass unnoticed. */
function rawSources(tree: HNode, fileName: string): RawSources {
  const out = new Map<string, string>();
  for (const node of tree.children ?? []) {
    if (node.type !== 'mdxjsEsm') continue;
    for (const m of (node.value ?? '').matchAll(/import\s+(\w+)\s+from\s+['"]([^'"]+)\?raw['"]/g)) {
      const path = resolve(dirname(fileName), m[2]);
      try {
        out.set(m[1], readFileSync(path, 'utf8'));
      } catch {
        throw new BookContentError(
          `${fileName}: cannot read ${path}, imported as text (${m[1]}); import it by a path relative to the chapter`,
        );
      }
    }
  }
  return out;
}
