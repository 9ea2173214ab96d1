/**
 * Security of the built site (issue 18): the Content Security Policy of every page, URL values that
 * never reach the DOM as markup, and no policy violation while every widget computes.
 *
 * - Every built page carries Astro's CSP `<meta>` (src/plugins/csp.ts) before any inline script:
 *   scripts from the site only, every inline script allowed by its hash, `'wasm-unsafe-eval'` and no
 *   `'unsafe-inline'`/`'unsafe-eval'` for scripts, workers from the site; no inline event handler
 *   anywhere; `_headers` repeats the policy (with every page's hashes) for hosts.
 * - Every widget page (found in dist/widgets/) and the search page, loaded with `<script>`,
 *   `"onerror=` and `<img onerror>` in every settings parameter any schema reads (found by
 *   discover-schemas.ts) plus `backend`/`worker`: no injected element exists, no injected script ran,
 *   no dialog opened; the hostile text shows up as text.
 * - Every widget page with small settings and `?backend=wasm`: its compute control pressed, it says
 *   which backend it computes on (TF.js widgets), and no `securitypolicyviolation` fires; train-cfm
 *   also on WebGL (SwiftShader). WebGPU is left to `npm run audit:backends` (SwiftShader is slow).
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DIST, expectClean, openPage, useSite } from './harness.ts';
import { allSchemaKeys } from '../unit/state/discover-schemas.ts';
import { pressCompute, SMALL } from './widget-compute.ts';
import { metaPolicy, parsePolicy } from '../../src/plugins/csp.ts';

const site = useSite({ viewport: { width: 1100, height: 900 } });

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? htmlFiles(join(dir, e.name)) : e.name.endsWith('.html') ? [join(dir, e.name)] : [],
  );
}
const PAGES = htmlFiles(DIST);
/** The standalone widget pages of the build (new widgets are included when they land). */
const WIDGETS = readdirSync(join(DIST, 'widgets'), { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(DIST, 'widgets', e.name, 'index.html')))
  .map((e) => e.name)
  .sort();

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

describe('Content Security Policy of every built page', () => {
  it(`every page (${PAGES.length}) has a strict policy that allows exactly its inline scripts`, () => {
    expect(PAGES.length).toBeGreaterThan(20);
    const findings: string[] = [];
    for (const file of PAGES) {
      const html = readFileSync(file, 'utf8');
      const page = relative(DIST, file);
      const policy = metaPolicy(html);
      if (!policy) {
        findings.push(`${page}: no CSP meta`);
        continue;
      }
      const p = parsePolicy(policy);
      const script = p.get('script-src') ?? [];
      const want = (dir: string, src: string) => {
        if (!(p.get(dir) ?? []).includes(src)) findings.push(`${page}: ${dir} lacks ${src}`);
      };
      want('script-src', "'self'");
      want('script-src', "'wasm-unsafe-eval'");
      want('worker-src', "'self'");
      want('default-src', "'self'");
      want('object-src', "'none'");
      for (const bad of ["'unsafe-inline'", "'unsafe-eval'", '*', 'data:', 'blob:', 'http:', 'https:'])
        if (script.includes(bad)) findings.push(`${page}: script-src allows ${bad}`);
      const metaAt = html.search(/<meta http-equiv="content-security-policy"/i);
      for (const m of html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/g)) {
        if (/\ssrc=/.test(m[1] ?? '')) continue;
        if (m.index < metaAt) findings.push(`${page}: an inline script comes before the policy`);
        if (!script.includes(sha256(m[2]))) findings.push(`${page}: inline script not allowed by hash: ${m[2].slice(0, 60)}`);
      }
      for (const m of html.matchAll(/<[a-z][\w-]*\s[^>]*?\son[a-z]+\s*=/gi)) findings.push(`${page}: inline handler ${m[0].slice(0, 80)}`);
      if (/href\s*=\s*["']?\s*javascript:/i.test(html)) findings.push(`${page}: javascript: URL`);
    }
    expect(findings).toEqual([]);
  });

  it('_headers gives hosts the same policy as an HTTP header, with every page’s hashes', () => {
    const headers = readFileSync(join(DIST, '_headers'), 'utf8');
    const line = /^\s+Content-Security-Policy: (.+)$/m.exec(headers)?.[1];
    expect(line).toBeTruthy();
    const header = parsePolicy(line!);
    expect(header.get('frame-ancestors')).toEqual(["'self'"]);
    for (const file of PAGES) {
      const meta = parsePolicy(metaPolicy(readFileSync(file, 'utf8'))!);
      for (const [dir, sources] of meta)
        for (const s of sources) expect(header.get(dir), `${relative(DIST, file)} ${dir} ${s}`).toContain(s);
    }
  });
});

/** Payloads, each marked so an element or a run of it can be found. */
const PAYLOADS = [
  '<script>window.__xss=1</script>',
  '"onerror="window.__xss=2" data-xss="1',
  '<img src=x onerror=window.__xss=3 data-xss>',
  "'><svg onload=window.__xss=4 data-xss>",
];

async function hostileQuery(widget: string): Promise<string> {
  const keys = [...(await allSchemaKeys()).map((k) => `${widget}.${k}`), `${widget}.v`, 'backend', 'worker', 'q'];
  const params = new URLSearchParams();
  keys.forEach((k, i) => params.set(k, PAYLOADS[i % PAYLOADS.length]));
  return params.toString();
}

const VIOLATIONS_INIT = () => {
  const w = window as unknown as { __csp: string[] };
  w.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) =>
    w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
  );
};
const violations = (page: Page) => page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
const dialogs: string[] = [];
beforeAll(async () => {
  // Every page of this file records CSP violations from its first script on, and every dialog.
  await site.context.addInitScript(VIOLATIONS_INIT);
  site.context.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
});

describe('URL values never reach the DOM as markup', () => {
  it.each([...WIDGETS.map((w) => `/widgets/${w}/`), '/search/'])('%s with hostile values in every parameter', async (path) => {
    const name = path.split('/')[2] || 'search';
    const query = await hostileQuery(name);
    // The search page has no island to wait for.
    const { page, problems } =
      name === 'search'
        ? await openPage(site.context, `${site.server.url}${path}?${query}`, site.server.url)
        : await site.open(`${path}?${query}`);
    await page.waitForTimeout(800); // the debounced URL write and any late render
    const found = await page.evaluate(() => ({
      ran: (window as unknown as { __xss?: number }).__xss ?? null,
      injected: document.querySelectorAll('[data-xss], img[src="x"], svg[onload]').length,
      handlers: [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
      shownAsText: document.body.innerText.includes('window.__xss'),
    }));
    expect(found.ran).toBeNull();
    expect(found.injected).toBe(0);
    expect(found.handlers).toBe(0);
    expect(dialogs).toEqual([]);
    // The markup was not dropped silently somewhere it could still bite: no violation was needed to stop it.
    expect(await violations(page)).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    if (name === 'train-cfm') expect(found.shownAsText, 'the Problems banner quotes the rejected value as text').toBe(true);
    await page.close();
  });
});

async function computeOnce(widget: string, backend: string): Promise<{ backendShown: string | null; csp: string[] }> {
  const query = `backend=${backend}${SMALL[widget] ? `&${SMALL[widget]}` : ''}`;
  const { page, problems } = await site.open(`/widgets/${widget}/?${query}`);
  const { backend: backendShown } = await pressCompute(page, widget);
  const csp = await violations(page);
  expectClean(problems);
  await page.close();
  return { backendShown, csp };
}

describe('no policy violation while every widget computes', () => {
  it.each(WIDGETS)('%s on wasm', async (widget) => {
    const r = await computeOnce(widget, 'wasm');
    expect(r.csp).toEqual([]);
    if (r.backendShown) expect(r.backendShown).toBe('wasm');
  });

  it('train-cfm on WebGL (SwiftShader)', async () => {
    const r = await computeOnce('train-cfm', 'webgl');
    expect(r.csp).toEqual([]);
    expect(r.backendShown).toBe('webgl');
  });
});
