import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { chapterSchema, slugFromFileName } from './plugins/chapter-schema.ts';

/** The book's chapters: content/chapters/NN-slug.mdx, id = slug (URL /chapters/<slug>/). */
const chapters = defineCollection({
  loader: glob({
    pattern: '*.mdx',
    base: './content/chapters',
    generateId: ({ entry }) => slugFromFileName(entry),
  }),
  schema: chapterSchema,
});

export const collections = { chapters };
