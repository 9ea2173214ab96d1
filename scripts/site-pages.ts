/**
 * The pages of a built site, for the audits that visit them (scripts/lighthouse.ts,
 * scripts/main-thread.ts): `/…/` for each index.html, and `/404.html`; `--pages a,b` keeps those
 * whose path contains one of the parts.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export function sitePages(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        if (name !== '_astro' && name !== 'pagefind') walk(p);
      } else if (name.endsWith('.html')) {
        const rel = '/' + relative(dir, p).replaceAll('\\', '/');
        out.push(rel.endsWith('index.html') ? rel.slice(0, -'index.html'.length) : rel);
      }
    }
  };
  walk(dir);
  return out.sort();
}

/** The pages whose path contains one of the comma-separated parts of `wanted` (all when it is unset). */
export function pagesMatching(pages: string[], wanted: string | undefined): string[] {
  if (!wanted) return pages;
  const parts = wanted.split(',').map((s) => s.trim());
  return pages.filter((p) => parts.some((w) => p.includes(w)));
}
