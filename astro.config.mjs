// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import svelte from '@astrojs/svelte';
import { unified } from '@astrojs/markdown-remark';
import { bookPipeline } from './src/plugins/pipeline.ts';

// One pipeline for every chapter (and for the unit tests): math with the shared macros (a KaTeX
// error fails the build), numbering and cross-references, citations from content/references.bib.
const pipeline = bookPipeline({ chaptersDir: 'content/chapters', bibliography: 'content/references.bib' });

export default defineConfig({
  site: 'https://cfm-live.example',
  trailingSlash: 'always',
  output: 'static',
  integrations: [svelte(), mdx()],
  markdown: {
    syntaxHighlight: false,
    processor: unified({ remarkPlugins: pipeline.remarkPlugins, rehypePlugins: pipeline.rehypePlugins }),
  },
  vite: {
    resolve: { alias: { 'node-fetch': '/src/lib/nn/empty-module.ts' } },
    worker: { format: 'es' },
  },
});
