// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import svelte from '@astrojs/svelte';
import { unified } from '@astrojs/markdown-remark';
import { fileURLToPath } from 'node:url';
import { bookPipeline } from './src/plugins/pipeline.ts';
import { excerptPlugin } from './src/plugins/excerpt.ts';
import { astroCsp, cspHeaders } from './src/plugins/csp.ts';
import { offlineReading } from './src/plugins/service-worker.ts';
import { normalizeBase } from './src/plugins/base-path.ts';
import { wasmThreadsPlugin } from './src/plugins/wasm-threads.ts';
import { katexFontPreload } from './src/plugins/font-preload.ts';
import { bookSourcesPlugin } from './src/plugins/book-sources.ts';

// One pipeline for every chapter (and for the unit tests): math with the shared macros (a KaTeX
// error fails the build), numbering and cross-references, citations from content/references.bib.
// BASE_PATH: the sub-path the site is served under (a GitHub Pages project site: BASE_PATH=/cfm/);
// unset, the site lives at the root. Pages link through src/layouts/href.ts, chapters through the
// pipeline's rehypeBasePath; test/e2e/reproducible.test.ts builds with one and crawls every page.
const base = process.env.BASE_PATH ? normalizeBase(process.env.BASE_PATH) : undefined;
const pipeline = bookPipeline({ chaptersDir: 'content/chapters', bibliography: 'content/references.bib', base });

export default defineConfig({
  // The address the site is published at (canonical links, social cards, citations): SITE_URL,
  // e.g. https://example.org or https://user.github.io. Unset, pages carry no absolute address.
  site: process.env.SITE_URL || undefined,
  base,
  trailingSlash: 'always',
  output: 'static',
  // katexFontPreload: each page preloads the KaTeX faces of its first screen (no reflow when they
  // arrive); it edits the pages, so it comes before offlineReading, whose sw.js hashes them.
  // offlineReading: the build writes sw.js, the service worker that keeps the book readable offline.
  integrations: [svelte(), mdx(), cspHeaders(), katexFontPreload(), offlineReading()],
  // A strict Content Security Policy on every page (src/plugins/csp.ts); `_headers` repeats it for hosts.
  security: { csp: astroCsp },
  markdown: {
    syntaxHighlight: false,
    processor: unified({ remarkPlugins: pipeline.remarkPlugins, rehypePlugins: pipeline.rehypePlugins }),
  },
  vite: {
    // `import src from '…/file.ts?excerpt=name'` in a chapter: the named region, or a build error.
    // wasmThreadsPlugin: TF.js's threaded wasm factory made minifier-safe (src/plugins/wasm-threads.ts).
    // bookSourcesPlugin: the chapters' and widget pages' text for the pages that list widgets.
    plugins: [excerptPlugin(), wasmThreadsPlugin(), bookSourcesPlugin()],
    // A test starts `astro dev` with a fresh optimizer cache, as a clean clone has.
    ...(process.env.CFM_VITE_CACHE_DIR ? { cacheDir: process.env.CFM_VITE_CACHE_DIR } : {}),
    // tfjs-core's Node platform file `require`s node-fetch; the browser never runs it, but the dev
    // server's dependency optimizer bundles it. The alias must be an absolute file path: a
    // root-relative '/src/…' works for the build but the optimizer resolves it against the
    // importing file inside node_modules (UNLOADABLE_DEPENDENCY), and then no island hydrates in dev
    // (test/e2e/dev-server.test.ts).
    resolve: { alias: { 'node-fetch': fileURLToPath(new URL('./src/lib/nn/empty-module.ts', import.meta.url)) } },
    // Client packages the dev optimizer would otherwise find late (inside the training workers, or
    // behind import()) and then re-optimise and reload the page: listed, they are bundled at start.
    optimizeDeps: {
      include: ['@observablehq/plot', '@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu'],
    },
    // Workers are bundled with their own plugin list: the CIFAR sampler's worker starts the wasm threads.
    worker: { format: 'es', plugins: () => [wasmThreadsPlugin()] },
  },
});
