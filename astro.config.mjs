// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import svelte from '@astrojs/svelte';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';

export default defineConfig({
  site: 'https://cfm-live.example',
  trailingSlash: 'always',
  output: 'static',
  integrations: [svelte(), mdx()],
  markdown: {
    remarkPlugins: [remarkMath],
    rehypePlugins: [[rehypeKatex, { throwOnError: true, strict: 'error' }]],
  },
  vite: {
    resolve: { alias: { 'node-fetch': '/src/lib/nn/empty-module.ts' } },
    worker: { format: 'es' },
  },
});
