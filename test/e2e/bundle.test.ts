/**
 * Widget bundles in the built site (dist/): for every Svelte island, the chunks its component and
 * renderer import statically (what hydration loads) must not include TF.js, and their gzip size must
 * stay within the widget's budget (63 KB unless the widget exports ISLAND_BUDGET with a reason; see
 * test/build/islands.ts). Prints the per-island table. Needs `npm run build` (no browser).
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DIST } from './harness.ts';
import { formatTable, islandReports, staticClosure, widgetPageSources } from '../build/islands.ts';

const built = existsSync(join(DIST, 'index.html'));
const { reports, graph } = built ? await islandReports(DIST) : { reports: [], graph: undefined };

describe('bundle: every island hydrates without TF.js and within its gzip budget', () => {
  it('dist/ is built and has an island for every widget page', () => {
    expect(built, 'run `npm run build` first').toBe(true);
    console.log(`\nPer-island static gzip (component + renderer, static imports only):\n${formatTable(reports)}\n`);
    const sources = new Set(reports.map((r) => r.source));
    for (const source of widgetPageSources().values()) expect(sources, `an island for ${source}`).toContain(source);
  });

  it('the TF.js fingerprint finds TF.js in dist/ (reached by dynamic import() from some island)', () => {
    // If a TF.js release dropped the fingerprint, every island would look TF-free: fail instead.
    const tf = [...graph!.isTf].filter(([, isTf]) => isTf).map(([url]) => url);
    expect(tf.length, 'TF.js chunks found by the fingerprint').toBeGreaterThan(0);
    const reachableLater = new Set<string>();
    for (const r of reports) {
      for (const chunk of r.chunks)
        for (const d of graph!.dynamicDeps.get(chunk) ?? []) {
          for (const c of staticClosure(graph!, [d]).keys()) reachableLater.add(c);
        }
    }
    expect(
      tf.some((c) => reachableLater.has(c)),
      'some island loads TF.js on demand',
    ).toBe(true);
  });

  for (const r of reports) {
    it(`${r.source}: no TF.js in the static graph`, () => {
      const chains = r.tfChunks.map((t) => t.chain.join(' → '));
      expect(chains, 'static import chains that reach TF.js (use `await import()` when compute starts)').toEqual([]);
    });
    it(`${r.source}: ≤ ${r.budget.gzipKB} KB gzip at hydration`, () => {
      const largest = r.chunks
        .map((c) => [c, graph!.gzip.get(c)!] as const)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([c, n]) => `${c} ${(n / 1024).toFixed(1)} KB`);
      expect(r.gzipBytes / 1024, `largest chunks: ${largest.join(', ')}`).toBeLessThanOrEqual(r.budget.gzipKB);
    });
  }
});
