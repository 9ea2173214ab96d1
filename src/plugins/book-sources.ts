/**
 * `virtual:book-sources`: the text of the chapters (`content/chapters/*.mdx`) and of the standalone
 * widget pages (`src/pages/widgets/*.astro`), keyed by their paths from the project root. Pages that
 * list widgets or say which chapter embeds one read them here (src/layouts/widget-pages.ts).
 *
 * Why not `import.meta.glob(…, { query: '?raw' })`: in `astro dev` a page's styles are collected by
 * walking its module graph, and the walk follows a `?raw` import to the file itself. A widget page
 * that globbed the chapters and the pages as text made the dev server compile every chapter's MDX and
 * every widget page on its first request: /widgets/train-cfm/ took 50–56 s here, and on a slower
 * machine it passed the dev server's 60 s limit and answered 500 (test/e2e/dev-server.test.ts).
 * Read here, the files are not modules of the graph. Not `this.addWatchFile` either: in dev that
 * adds each file to the graph as an import of this module, and the walk compiled them all again.
 * The dev server's watcher invalidates the module instead when one of the folders changes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Plugin } from 'vite';

export const BOOK_SOURCES_ID = 'virtual:book-sources';
const RESOLVED = `\0${BOOK_SOURCES_ID}`;

/** The folders read, from the project root, and the file ending each keeps. */
export const BOOK_SOURCE_DIRS = {
  chapterSources: ['content/chapters', '.mdx'],
  widgetPageSources: ['src/pages/widgets', '.astro'],
} as const;

/** `{ '<dir>/<file>': text }` for the files of `dir` (under `root`) ending in `ending`, sorted by name. */
export function readSources(root: string, dir: string, ending: string): Record<string, string> {
  const files = readdirSync(join(root, dir))
    .filter((f) => f.endsWith(ending))
    .sort();
  return Object.fromEntries(files.map((f) => [`${dir}/${f}`, readFileSync(join(root, dir, f), 'utf8')]));
}

export function bookSourcesPlugin(): Plugin {
  let root = process.cwd();
  return {
    name: 'cfm-book-sources',
    configResolved(config) {
      root = config.root;
    },
    resolveId(id) {
      return id === BOOK_SOURCES_ID ? RESOLVED : null;
    },
    load(id) {
      if (id !== RESOLVED) return null;
      return Object.entries(BOOK_SOURCE_DIRS)
        .map(([name, [dir, ending]]) => `export const ${name} = ${JSON.stringify(readSources(root, dir, ending))};`)
        .join('\n');
    },
    configureServer(server) {
      const dirs = Object.values(BOOK_SOURCE_DIRS).map(([dir]) => dir);
      const onChange = (file: string) => {
        const rel = relative(root, file).replaceAll('\\', '/');
        if (!dirs.some((dir) => rel.startsWith(`${dir}/`))) return;
        for (const env of Object.values(server.environments)) {
          const mod = env.moduleGraph.getModuleById(RESOLVED);
          if (mod) env.moduleGraph.invalidateModule(mod);
        }
      };
      server.watcher.on('change', onChange).on('add', onChange).on('unlink', onChange);
    },
  };
}
