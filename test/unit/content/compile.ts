/**
 * Compiles MDX chapter fixtures through the book's real remark/rehype pipeline
 * (src/plugins/pipeline.ts, the one astro.config.mjs uses) and returns the final hast tree.
 */
import { compile } from '@mdx-js/mdx';
import { readFileSync, mkdtempSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { VFile } from 'vfile';
import { parseFrontmatter } from '@astrojs/markdown-remark';
import { bookPipeline } from '../../../src/plugins/pipeline.ts';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const FIXTURES = join(ROOT, 'test/fixtures/content');
export const GOOD = join(FIXTURES, 'chapters');
export const BIB = join(ROOT, 'content/references.bib');

export interface HNode {
  type: string;
  tagName?: string;
  name?: string;
  value?: string;
  properties?: Record<string, unknown>;
  attributes?: Array<{ name?: string; value?: unknown }>;
  children?: HNode[];
}

export interface Compiled { tree: HNode; frontmatter: Record<string, any>; messages: string[] }

export async function compileChapter(file: string, chaptersDir: string, base?: string): Promise<Compiled> {
  const source = readFileSync(file, 'utf8');
  const { frontmatter, content } = parseFrontmatter(source, { frontmatter: 'empty-with-lines' });
  const pipeline = bookPipeline({ chaptersDir, bibliography: BIB, base });
  let tree: HNode | undefined;
  const capture = () => (t: HNode) => { tree = structuredClone(t); };
  const vfile = new VFile({ value: content, path: file, data: { astro: { frontmatter } } });
  await compile(vfile, { remarkPlugins: pipeline.remarkPlugins, rehypePlugins: [...pipeline.rehypePlugins, capture] });
  return { tree: tree!, frontmatter: (vfile.data as any).astro.frontmatter, messages: vfile.messages.map(String) };
}

/** A fresh chapters folder with the given files (copied), for failure cases. */
export function chaptersDirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cfm-chapters-'));
  mkdirSync(dir, { recursive: true });
  for (const [name, src] of Object.entries(files)) copyFileSync(src, join(dir, name));
  return dir;
}

export function findAll(node: HNode, test: (n: HNode) => boolean, out: HNode[] = []): HNode[] {
  if (test(node)) out.push(node);
  for (const c of node.children ?? []) findAll(c, test, out);
  return out;
}

export function classList(n: HNode): string[] {
  const c = n.properties?.className;
  return Array.isArray(c) ? c.map(String) : [];
}

export function text(n: HNode): string {
  return n.type === 'text' ? n.value ?? '' : (n.children ?? []).map(text).join('');
}

export function jsx(tree: HNode, name: string): HNode[] {
  return findAll(tree, (n) => (n.type === 'mdxJsxFlowElement' || n.type === 'mdxJsxTextElement') && n.name === name);
}

export function attr(n: HNode, name: string): unknown {
  return n.attributes?.find((a) => a.name === name)?.value;
}

/** The TeX source KaTeX rendered (its MathML annotation). */
export function texOf(n: HNode): string {
  const a = findAll(n, (x) => x.tagName === 'annotation')[0];
  return a ? text(a) : '';
}
