/**
 * Frontmatter schema of a chapter (content/chapters/NN-slug.mdx). Shared by the content
 * collection (src/content.config.ts) and the build-time book index (src/plugins/book-index.ts),
 * so a bad frontmatter fails the build with the same message either way.
 */
import { z } from 'astro/zod';

export const chapterSchema = z
  .object({
    title: z.string().trim().min(1, 'title must not be empty'),
    order: z.number().int().min(1).max(99),
    part: z.number().int().min(1).max(5),
    summary: z.string().trim().min(1, 'summary must not be empty'),
    assumes: z.array(z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'assumes lists chapter slugs')).optional(),
  })
  .strict();

export type ChapterFrontmatter = z.infer<typeof chapterSchema>;

/** Titles of the book's parts (book.md). */
export const PART_TITLES: Readonly<Record<number, string>> = {
  1: 'From maps to flows',
  2: 'Flow matching',
  3: 'Optimal transport and fast sampling',
  4: 'Diffusion and images',
  5: 'Play and verify',
};

/** `04-flow-matching.mdx` → `flow-matching` (the URL slug and the collection id). */
export function slugFromFileName(name: string): string {
  return name.replace(/\.mdx?$/, '').replace(/^\d+-/, '');
}
