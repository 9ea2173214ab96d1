/**
 * What a Svelte island costs the reader at hydration, read from a built site (dist/).
 *
 * An island is an `<astro-island component-url=… renderer-url=…>` in some page. Hydrating it loads
 * both modules and, transitively, every chunk they import *statically* (`import … from "./x.js"`,
 * `import "./x.js"`); chunks reached only through `import()` load later, when the widget asks for
 * them (TF.js when the reader presses a compute control). So the island's size is the gzip size of
 * that static closure, and TF.js must not be in it.
 *
 * A chunk is TF.js when it contains tfjs-core's flag prefix `tfjsflags` (every TF.js backend and op
 * needs tfjs-core's environment, so a static path to any TF.js code reaches that chunk too); the
 * bundle test also checks that the fingerprint does find TF.js somewhere in dist/, so a TF.js
 * release that drops the string fails the test instead of silencing it.
 *
 * Budgets: 60 KB gzip by default. A widget that needs more says so, with a reason, by exporting
 * `ISLAND_BUDGET = { gzipKB: <number>, reason: '<why>' }` from its `schema.ts` or `settings.ts`
 * (src/widgets/<folder>/); see README "Bundle budgets".
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { init, parse } from 'es-module-lexer';

// 62 since session 14: the playground reached 61.1 KB with its kept canvas layers and one paint per
// frame (about 1.2 KB), which took its blocking time from 2.0–2.6 s to 0.6–0.8 s. 63 since session 20:
// the playground reached 62.2 KB with strokes a second finger takes back (the gesture itself loads
// only on touch screens), names kept whole and its touch hint; the next, train-cfm, is at 56.0 KB.
export const DEFAULT_BUDGET_KB = 63;
const ROOT = resolve(import.meta.dirname, '../..');

export interface IslandBudget {
  gzipKB: number;
  reason: string;
}

export interface Island {
  /** `src/widgets/<folder>/<Component>.svelte`, or the component URL when no widget page names it. */
  source: string;
  /** Widget folder under src/widgets/ ('' when unknown). */
  folder: string;
  componentUrl: string;
  rendererUrl: string;
  /** Pages (URL paths) that embed it. */
  pages: string[];
}

export interface IslandReport extends Island {
  /** Chunks (URL paths) loaded by static imports from the component and the renderer, sorted. */
  chunks: string[];
  gzipBytes: number;
  /** Static chunks that are TF.js, each with the import chain that reaches it. */
  tfChunks: { chunk: string; chain: string[] }[];
  budget: IslandBudget;
}

/** Every HTML file of dist/ as [URL path, absolute file]. */
export function htmlPages(dist: string): [string, string][] {
  const out: [string, string][] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) {
        if (name !== '_astro' && name !== 'pagefind') walk(full);
      } else if (name.endsWith('.html')) {
        const rel = '/' + relative(dist, full).split('\\').join('/');
        out.push([rel.endsWith('/index.html') ? rel.slice(0, -'index.html'.length) : rel, full]);
      }
    }
  };
  walk(dist);
  return out.sort((a, b) => a[0].localeCompare(b[0]));
}

/** `src/pages/widgets/<page>.astro` → the `src/widgets/<folder>/<Component>.svelte` it hydrates. */
export function widgetPageSources(root = ROOT): Map<string, string> {
  const dir = join(root, 'src/pages/widgets');
  const map = new Map<string, string>();
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.astro') || name === 'index.astro') continue;
    const text = readFileSync(join(dir, name), 'utf8');
    const imports = [...text.matchAll(/import\s+(\w+)\s+from\s+['"](?:\.\.\/)+widgets\/([^'"]+\.svelte)['"]/g)];
    const hydrated = imports.filter(([, local]) => new RegExp(`<${local}\\b[^>]*\\bclient:`).test(text));
    if (hydrated.length !== 1) throw new Error(`src/pages/widgets/${name}: expected one hydrated widget, found ${hydrated.length}`);
    map.set(name.replace(/\.astro$/, ''), `src/widgets/${hydrated[0][2]}`);
  }
  return map;
}

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

/** The islands of a built site, named after the widget pages' sources. */
export function findIslands(dist: string, root = ROOT): Island[] {
  const byPage = widgetPageSources(root);
  const byUrl = new Map<string, Island>();
  for (const [path, file] of htmlPages(dist)) {
    const html = readFileSync(file, 'utf8');
    for (const [tag] of html.matchAll(/<astro-island\b[^>]*>/g)) {
      const componentUrl = attr(tag, 'component-url');
      const rendererUrl = attr(tag, 'renderer-url');
      if (!componentUrl || !rendererUrl) throw new Error(`${path}: an astro-island without component-url/renderer-url`);
      let island = byUrl.get(componentUrl);
      if (!island) {
        island = { source: componentUrl, folder: '', componentUrl, rendererUrl, pages: [] };
        byUrl.set(componentUrl, island);
      }
      if (!island.pages.includes(path)) island.pages.push(path);
      const page = /^\/widgets\/([^/]+)\/$/.exec(path)?.[1];
      const source = page ? byPage.get(page) : undefined;
      if (source) {
        island.source = source;
        island.folder = source.split('/')[2];
      }
    }
  }
  return [...byUrl.values()].sort((a, b) => a.source.localeCompare(b.source));
}

/** Static and dynamic imports of every JS chunk under dist/_astro, by URL path. */
export interface ChunkGraph {
  staticDeps: Map<string, string[]>;
  dynamicDeps: Map<string, string[]>;
  isTf: Map<string, boolean>;
  gzip: Map<string, number>;
}

export async function chunkGraph(dist: string): Promise<ChunkGraph> {
  await init;
  const g: ChunkGraph = { staticDeps: new Map(), dynamicDeps: new Map(), isTf: new Map(), gzip: new Map() };
  const dir = join(dist, '_astro');
  for (const name of readdirSync(dir)) {
    if (!/\.m?js$/.test(name)) continue;
    const url = `/_astro/${name}`;
    const code = readFileSync(join(dir, name), 'utf8');
    const [imports] = parse(code, url);
    const resolveSpec = (spec: string) => (spec.startsWith('.') ? posix.join(posix.dirname(url), spec) : spec);
    // d === -1: static import/export-from; d === -2: import.meta; d >= 0: dynamic import().
    g.staticDeps.set(
      url,
      imports.filter((i) => i.d === -1 && i.n).map((i) => resolveSpec(i.n!)),
    );
    g.dynamicDeps.set(
      url,
      imports.filter((i) => i.d >= 0 && i.n).map((i) => resolveSpec(i.n!)),
    );
    g.isTf.set(url, code.includes('tfjsflags'));
    g.gzip.set(url, gzipSync(code, { level: 9 }).length);
  }
  return g;
}

/** Static closure from `roots`, with for each chunk the chain that first reached it. */
export function staticClosure(g: ChunkGraph, roots: string[]): Map<string, string[]> {
  const chains = new Map<string, string[]>();
  const queue = roots.map((r) => [r]);
  while (queue.length) {
    const chain = queue.shift()!;
    const url = chain.at(-1)!;
    if (chains.has(url)) continue;
    chains.set(url, chain);
    const deps = g.staticDeps.get(url);
    if (!deps) throw new Error(`${chain.join(' → ')}: not a JS chunk in dist/_astro`);
    for (const d of deps) if (!chains.has(d)) queue.push([...chain, d]);
  }
  return chains;
}

/**
 * The widget's declared budget, or the default. Read from the source text (not imported: a settings
 * file may import JSON or Svelte state that plain Node cannot load), so the declaration must be a
 * literal: `export const ISLAND_BUDGET = { gzipKB: 80, reason: 'why this widget needs more' };`
 */
export function budgetFor(folder: string, root = ROOT): IslandBudget {
  const fallback = { gzipKB: DEFAULT_BUDGET_KB, reason: 'default' };
  if (!folder) return fallback;
  for (const file of ['schema.ts', 'settings.ts']) {
    const path = join(root, 'src/widgets', folder, file);
    if (!existsSync(path)) continue;
    const text = readFileSync(path, 'utf8');
    if (!/\bISLAND_BUDGET\b/.test(text)) continue;
    const m =
      /export\s+const\s+ISLAND_BUDGET\b[^=]*=\s*\{\s*gzipKB:\s*(\d+(?:\.\d+)?)\s*,\s*reason:\s*(['"`])((?:(?!\2).)+)\2\s*,?\s*\}/s.exec(
        text,
      );
    if (!m || m[3].trim().length < 10) {
      throw new Error(
        `src/widgets/${folder}/${file}: write ISLAND_BUDGET as export const ISLAND_BUDGET = { gzipKB: <number>, reason: '<a sentence>' }`,
      );
    }
    return { gzipKB: Number(m[1]), reason: m[3].trim() };
  }
  return fallback;
}

export async function islandReports(dist: string, root = ROOT): Promise<{ reports: IslandReport[]; graph: ChunkGraph }> {
  const graph = await chunkGraph(dist);
  const reports: IslandReport[] = [];
  for (const island of findIslands(dist, root)) {
    const closure = staticClosure(graph, [island.componentUrl, island.rendererUrl]);
    const chunks = [...closure.keys()].sort();
    reports.push({
      ...island,
      chunks,
      gzipBytes: chunks.reduce((s, c) => s + graph.gzip.get(c)!, 0),
      tfChunks: chunks.filter((c) => graph.isTf.get(c)).map((c) => ({ chunk: c, chain: closure.get(c)! })),
      budget: budgetFor(island.folder, root),
    });
  }
  return { reports, graph };
}

/** A fixed-width table: island, gzip KB, budget, TF.js reachable, chunk count. */
export function formatTable(reports: IslandReport[]): string {
  const rows = reports.map((r) => [
    r.source,
    (r.gzipBytes / 1024).toFixed(1),
    String(r.budget.gzipKB),
    r.tfChunks.length ? 'YES' : 'no',
    String(r.chunks.length),
  ]);
  const head = ['island', 'gzip KB', 'budget KB', 'TF.js static', 'chunks'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** `npx node test/build/islands.ts [dist]` prints the table. */
if (import.meta.url === `file://${process.argv[1]}`) {
  const dist = resolve(process.argv[2] ?? join(ROOT, 'dist'));
  const { reports } = await islandReports(dist);
  console.log(formatTable(reports));
}
