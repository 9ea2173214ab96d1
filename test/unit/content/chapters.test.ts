/**
 * Every real chapter compiles through the book's pipeline (the one the build uses) without a
 * message: a KaTeX warning, an unknown ref or citation fails here in seconds, before a full build.
 * Run one chapter with `npx vitest run --project unit test/unit/content/chapters.test.ts -t <slug>`.
 */
import { describe, it, expect } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compileChapter, findAll, classList, ROOT, jsx, attr } from './compile.ts';

const CHAPTERS = join(ROOT, 'content/chapters');
const files = readdirSync(CHAPTERS).filter((f) => f.endsWith('.mdx')).sort();

describe('real chapters compile cleanly', () => {
  it.each(files)('%s', async (file) => {
    const c = await compileChapter(join(CHAPTERS, file), CHAPTERS);
    expect(c.messages).toEqual([]);
    expect(findAll(c.tree, (n) => classList(n).includes('katex-error'))).toHaveLength(0);
    // Every exercise has a level; ids are unique within the chapter.
    for (const ex of jsx(c.tree, 'Exercise')) expect(['1', '2', '3']).toContain(String(attr(ex, 'level')));
  });
});
