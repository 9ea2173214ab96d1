/**
 * The book-wide index of numbered things: theorem-like blocks, figures and labelled display
 * equations, in every chapter. Built at build time by parsing each chapter file with the same
 * MDX + math syntax the compiler uses, so `<Ref id="…"/>` can resolve ids defined in other chapters.
 *
 * Numbering is per chapter and per kind: the chapter number is the frontmatter `order`, and the
 * n-th theorem of chapter 4 is "Theorem 4.n", the n-th labelled equation "(4.n)".
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkMdx from 'remark-mdx';
import remarkMath from 'remark-math';
import { parseFrontmatter } from '@astrojs/markdown-remark';
import { chapterSchema, slugFromFileName, type ChapterFrontmatter } from './chapter-schema.ts';

/** Components that carry a number, their display name and required id prefix. */
export const NUMBERED_COMPONENTS = {
  Theorem: { kind: 'theorem', name: 'Theorem' },
  Lemma: { kind: 'lemma', name: 'Lemma' },
  Proposition: { kind: 'proposition', name: 'Proposition' },
  Corollary: { kind: 'corollary', name: 'Corollary' },
  Definition: { kind: 'definition', name: 'Definition' },
  Remark: { kind: 'remark', name: 'Remark' },
  Example: { kind: 'example', name: 'Example' },
  Figure: { kind: 'figure', name: 'Figure' },
  Exercise: { kind: 'exercise', name: 'Exercise' },
} as const;
export type ComponentName = keyof typeof NUMBERED_COMPONENTS;
export type TargetKind = (typeof NUMBERED_COMPONENTS)[ComponentName]['kind'] | 'equation';

export interface Target {
  id: string;
  kind: TargetKind;
  /** "4.1" */
  number: string;
  /** "Theorem 4.1", "Figure 4.2", "(4.3)" */
  label: string;
  chapterSlug: string;
  chapterOrder: number;
  file: string;
  line: number;
}

export interface ChapterInfo {
  slug: string;
  file: string;
  frontmatter: ChapterFrontmatter;
}

export interface BookIndex {
  chapters: ChapterInfo[];
  targets: Map<string, Target>;
  /** Absolute chapter file path → chapter. */
  byFile: Map<string, ChapterInfo>;
}

/** `\label{eq-…}` inside a display; the id must follow the book's `eq-` convention. */
export const LABEL_RE = /\\label\s*\{([^}]*)\}/g;

export class BookContentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BookContentError';
  }
}

const parser = unified().use(remarkParse).use(remarkMdx).use(remarkMath);

interface MdNode {
  type: string;
  name?: string | null;
  value?: string;
  attributes?: Array<{ type: string; name?: string; value?: unknown }>;
  children?: MdNode[];
  position?: { start: { line: number } };
}

/** The literal string value of a JSX attribute, or undefined (absent or an expression). */
export function jsxAttribute(node: MdNode, name: string): string | undefined {
  const attr = node.attributes?.find((a) => a.type === 'mdxJsxAttribute' && a.name === name);
  return attr && typeof attr.value === 'string' ? attr.value : undefined;
}

/** Replaces the frontmatter block by as many blank lines, so line numbers stay right. */
function stripFrontmatter(source: string): string {
  const m = /^---\r?\n[\s\S]*?\r?\n---\r?\n/.exec(source);
  return m ? m[0].replace(/[^\n]/g, '') + source.slice(m[0].length) : source;
}

export function where(file: string, line?: number): string {
  return line ? `${file}:${line}` : file;
}

/** Numbered targets of one chapter, in document order. */
export function scanChapter(source: string, file: string, chapterOrder: number, chapterSlug: string): Target[] {
  const tree = parser.parse(stripFrontmatter(source)) as MdNode;
  const counters = new Map<TargetKind, number>();
  const next = (kind: TargetKind) => {
    const n = (counters.get(kind) ?? 0) + 1;
    counters.set(kind, n);
    return `${chapterOrder}.${n}`;
  };
  const targets: Target[] = [];
  const walk = (node: MdNode) => {
    const line = node.position?.start.line ?? 0;
    if ((node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name && node.name in NUMBERED_COMPONENTS) {
      const spec = NUMBERED_COMPONENTS[node.name as ComponentName];
      const id = jsxAttribute(node, 'id');
      if (!id) throw new BookContentError(`<${node.name}> needs a literal id="${spec.kind}-…" attribute (${where(file, line)})`);
      if (!id.startsWith(`${spec.kind}-`) || !/^[a-z0-9]+(?:-[a-z0-9]+)+$/.test(id)) {
        throw new BookContentError(
          `<${node.name} id="${id}"> must have an id like "${spec.kind}-some-name" (lower case, hyphens) (${where(file, line)})`,
        );
      }
      const number = next(spec.kind);
      targets.push({ id, kind: spec.kind, number, label: `${spec.name} ${number}`, chapterSlug, chapterOrder, file, line });
    } else if (node.type === 'math' && typeof node.value === 'string') {
      const labels = [...node.value.matchAll(LABEL_RE)].map((m) => m[1].trim());
      if (labels.length > 1)
        throw new BookContentError(`a display equation has more than one \\label (${labels.join(', ')}) (${where(file, line)})`);
      if (labels.length === 1) {
        const id = labels[0];
        if (!/^eq-[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id))
          throw new BookContentError(`\\label{${id}} must look like \\label{eq-some-name} (${where(file, line)})`);
        const number = next('equation');
        targets.push({ id, kind: 'equation', number, label: `(${number})`, chapterSlug, chapterOrder, file, line });
      }
    } else if (node.type === 'inlineMath' && typeof node.value === 'string' && LABEL_RE.test(node.value)) {
      LABEL_RE.lastIndex = 0;
      throw new BookContentError(`\\label is only allowed in display equations ($$ on their own lines) (${where(file, line)})`);
    }
    LABEL_RE.lastIndex = 0;
    for (const child of node.children ?? []) walk(child);
  };
  walk(tree);
  return targets;
}

/** Reads and validates a chapter's frontmatter; throws a readable error naming the file. */
export function readChapter(file: string): { info: ChapterInfo; source: string } {
  const source = readFileSync(file, 'utf8');
  const name = file.split(/[\\/]/).pop() ?? file;
  let raw: unknown;
  try {
    raw = parseFrontmatter(source, { frontmatter: 'empty-with-spaces' }).frontmatter;
  } catch (err) {
    throw new BookContentError(`${file}: cannot parse frontmatter: ${(err as Error).message}`);
  }
  const parsed = chapterSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new BookContentError(`${file}: invalid chapter frontmatter: ${issues}`);
  }
  return { info: { slug: slugFromFileName(name), file, frontmatter: parsed.data }, source };
}

/** Builds the index of every chapter in `dir` (throws on duplicate ids, orders or slugs). */
export function buildBookIndex(dir: string): BookIndex {
  const root = resolve(dir);
  const files = listChapterFiles(root);
  const chapters: ChapterInfo[] = [];
  const targets = new Map<string, Target>();
  const byFile = new Map<string, ChapterInfo>();
  const orders = new Map<number, string>();
  for (const file of files) {
    const { info, source } = readChapter(file);
    const clash = orders.get(info.frontmatter.order);
    if (clash) throw new BookContentError(`${file}: order ${info.frontmatter.order} is already used by ${clash}`);
    orders.set(info.frontmatter.order, file);
    chapters.push(info);
    byFile.set(file, info);
    for (const t of scanChapter(source, file, info.frontmatter.order, info.slug)) {
      const prev = targets.get(t.id);
      if (prev) throw new BookContentError(`id "${t.id}" is defined twice: ${where(prev.file, prev.line)} and ${where(t.file, t.line)}`);
      targets.set(t.id, t);
    }
  }
  chapters.sort((a, b) => a.frontmatter.order - b.frontmatter.order);
  return { chapters, targets, byFile };
}

function listChapterFiles(root: string): string[] {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.mdx'))
    .sort()
    .map((n) => join(root, n));
}

const cache = new Map<string, { signature: string; index: BookIndex }>();

/** The index for `dir`, rebuilt only when a chapter file was added, removed or changed. */
export function loadBookIndex(dir: string): BookIndex {
  const root = resolve(dir);
  const signature = listChapterFiles(root)
    .map((f) => {
      const s = statSync(f);
      return `${f}:${s.mtimeMs}:${s.size}`;
    })
    .join('|');
  const hit = cache.get(root);
  if (hit && hit.signature === signature) return hit.index;
  const index = buildBookIndex(root);
  cache.set(root, { signature, index });
  return index;
}

/** Edit distance (insertions, deletions, substitutions), for "did you mean" suggestions. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** Known ids close to an unknown one: small edit distance, or sharing a word after the prefix. */
export function suggestIds(index: BookIndex, id: string, max = 5): string[] {
  const words = id
    .split('-')
    .slice(1)
    .filter((w) => w.length > 2);
  return [...index.targets.keys()]
    .map((c) => {
      const d = editDistance(id, c);
      const shared = words.filter((w) => c.includes(w)).length;
      return { c, score: d <= Math.max(2, Math.floor(id.length / 5)) ? 100 - d : shared > 0 ? shared : 0 };
    })
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, max)
    .map((x) => x.c);
}
