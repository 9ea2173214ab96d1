/**
 * remark plugin: numbers the book's theorem-like blocks, figures and labelled equations, and
 * resolves cross-references, using the book-wide index (src/plugins/book-index.ts).
 *
 * - `<Theorem id="theorem-x">` (and Lemma, …, Figure) gets `number="4.1"` and `label="Theorem 4.1"`
 *   attributes, which the Astro components render.
 * - `$$ … \label{eq-x} … $$` loses the `\label`, gains `\tag{4.3}` (KaTeX prints "(4.3)"), and is
 *   wrapped in `<div class="equation" id="eq-x">` so it can be linked to.
 * - `<Ref id="…"/>` gets `href` and `label` ("Theorem 4.1", "(4.3)"); same-chapter links are `#id`,
 *   others `/chapters/<slug>/#id`. `<Proof of="…">` gets `ofLabel` and `ofHref`.
 * - An unknown id fails the build with the file, the line and close matches.
 */
import { resolve } from 'node:path';
import { visit, SKIP } from 'unist-util-visit';
import {
  BookContentError,
  LABEL_RE,
  NUMBERED_COMPONENTS,
  jsxAttribute,
  loadBookIndex,
  suggestIds,
  where,
  type BookIndex,
  type ChapterInfo,
  type Target,
} from './book-index.ts';

export interface RemarkBookOptions {
  /** Folder with the chapter files (content/chapters). */
  chaptersDir: string;
}

interface Attr {
  type: string;
  name?: string;
  value?: unknown;
}
interface Node {
  type: string;
  name?: string | null;
  value?: string;
  attributes?: Attr[];
  children?: Node[];
  data?: Record<string, unknown>;
  position?: { start: { line: number } };
}

function setAttribute(node: Node, name: string, value: string) {
  node.attributes = (node.attributes ?? []).filter((a) => !(a.type === 'mdxJsxAttribute' && a.name === name));
  node.attributes.push({ type: 'mdxJsxAttribute', name, value });
}

export function hrefFor(target: Target, current: ChapterInfo | undefined): string {
  return current && current.slug === target.chapterSlug ? `#${target.id}` : `/chapters/${target.chapterSlug}/#${target.id}`;
}

function resolveTarget(index: BookIndex, id: string | undefined, what: string, file: string, line: number): Target {
  if (!id) throw new BookContentError(`${what} needs a literal id (${where(file, line)})`);
  const target = index.targets.get(id);
  if (!target) {
    const close = suggestIds(index, id);
    throw new BookContentError(
      `${what}: unknown id "${id}" (${where(file, line)}). No theorem, definition, figure or labelled equation in the book has this id.` +
        (close.length ? ` Did you mean: ${close.join(', ')}?` : ''),
    );
  }
  return target;
}

/** `\label{eq-x}` → removed, `\tag{4.3}` appended at the top level of the display. */
export function labelToTag(tex: string, number: string): string {
  return `${tex.replace(LABEL_RE, '').trimEnd()}\n\\tag{${number}}`;
}

function setMathText(node: Node, value: string) {
  const stack = [...((node.data?.hChildren as Node[] | undefined) ?? [])];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'text') n.value = value;
    stack.push(...(n.children ?? []));
  }
}

export default function remarkBook(options: RemarkBookOptions) {
  const chaptersDir = resolve(options.chaptersDir);
  return (tree: Node, file: { path?: string; history?: string[] }) => {
    const index = loadBookIndex(chaptersDir);
    const path = file.path ?? file.history?.[0] ?? '';
    const current = path ? index.byFile.get(resolve(path)) : undefined;
    const fileName = path || '(unnamed file)';
    let sidenotes = 0;

    visit(tree as never, (node: Node, i: number | undefined, parent: Node | undefined) => {
      const line = node.position?.start.line ?? 0;
      if (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') {
        const name = node.name ?? '';
        if (name in NUMBERED_COMPONENTS) {
          const id = jsxAttribute(node, 'id');
          const target = id ? index.targets.get(id) : undefined;
          // Chapter files were validated by the index (id present, prefixed, unique); a file
          // outside the chapters folder renders its blocks unnumbered.
          if (target && current && target.chapterSlug === current.slug) {
            setAttribute(node, 'number', target.number);
            setAttribute(node, 'label', target.label);
          }
        } else if (name === 'Ref') {
          const target = resolveTarget(index, jsxAttribute(node, 'id'), '<Ref>', fileName, line);
          setAttribute(node, 'href', hrefFor(target, current));
          setAttribute(node, 'label', target.label);
          setAttribute(node, 'kind', target.kind);
        } else if (name === 'Sidenote') {
          // Inside a paragraph it is a numbered note; on its own line, an unnumbered margin block.
          // Numbered here, not by a CSS counter: the chapter's sections are style-contained
          // (content-visibility), and a counter would restart in each of them.
          const inline = node.type === 'mdxJsxTextElement';
          setAttribute(node, 'placement', inline ? 'inline' : 'block');
          if (inline) setAttribute(node, 'n', String(++sidenotes));
        } else if (name === 'Proof') {
          const of = jsxAttribute(node, 'of');
          if (of !== undefined) {
            const target = resolveTarget(index, of, `<Proof of="${of}">`, fileName, line);
            setAttribute(node, 'ofLabel', target.label);
            setAttribute(node, 'ofHref', hrefFor(target, current));
          }
        }
        return undefined;
      }
      if (node.type === 'math' || node.type === 'inlineMath') {
        // Source line for KaTeX error messages (rehype-katex reports no position for math).
        node.data ??= {};
        node.data.hProperties = { ...(node.data.hProperties ?? {}), dataMathLine: line };
      }
      if (node.type === 'math' && typeof node.value === 'string' && parent && typeof i === 'number') {
        LABEL_RE.lastIndex = 0;
        const match = LABEL_RE.exec(node.value);
        LABEL_RE.lastIndex = 0;
        if (!match) return undefined;
        const id = match[1].trim();
        const target = index.targets.get(id);
        if (!target || !current || target.chapterSlug !== current.slug) {
          // A file outside the chapters folder cannot number equations consistently.
          throw new BookContentError(`\\label{${id}} is only supported in chapter files under ${chaptersDir} (${where(fileName, line)})`);
        }
        node.value = labelToTag(node.value, target.number);
        // remark-math put a copy of the TeX into data.hChildren at parse time: update it too.
        setMathText(node, node.value);
        const wrapper: Node = {
          type: 'bookEquation',
          children: [node],
          data: {
            hName: 'div',
            hProperties: { id, className: ['equation', 'equation-numbered'], dataLabel: target.label },
          },
        };
        parent.children![i] = wrapper;
        return [SKIP, i + 1] as never;
      }
      return undefined;
    });
  };
}
