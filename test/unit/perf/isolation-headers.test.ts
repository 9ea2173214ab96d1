/**
 * The `_headers` the build writes (src/plugins/csp.ts) make the site cross-origin isolated (COOP/COEP)
 * while pages keep their strict policy: `blob:` (wasm threads in the CIFAR sampler's worker) is a
 * header-only source, so it reaches workers but not pages.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { serveStatic } from '../../../scripts/static-host.ts';
import { HEADER_ONLY_SOURCES, ISOLATION_HEADERS, mergedPolicy, parsePolicy, writeHeaders } from '../../../src/plugins/csp.ts';

const get = (url: string, gzip: boolean) =>
  new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((ok, fail) => {
    const req = request(url, { headers: gzip ? { 'accept-encoding': 'gzip, br' } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
    req.end();
  });

const page = (policy: string) =>
  `<html><head><meta http-equiv="content-security-policy" content="${policy}"></head><body>hello</body></html>`;

describe('_headers: cross-origin isolation', () => {
  it('isolates the site and allows blob: workers only in the header policy', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'cfm-host-'));
    writeFileSync(join(dist, 'index.html'), page("default-src 'self'; script-src 'self' 'sha256-abc'; worker-src 'self'"));
    writeFileSync(join(dist, '404.html'), page("default-src 'self'; script-src 'self'; worker-src 'self'"));
    const policy = await writeHeaders(dist);
    const header = parsePolicy(policy);
    expect(header.get('script-src')).toEqual(["'self'", "'sha256-abc'", ...HEADER_ONLY_SOURCES['script-src']]);
    expect(header.get('worker-src')).toEqual(["'self'", 'blob:']);

    const host = await serveStatic(dist);
    try {
      const home = await get(`${host.url}/`, true);
      expect(home.status).toBe(200);
      expect(home.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(home.body).toString()).toContain('hello');
      for (const h of ISOLATION_HEADERS) {
        const [name, value] = h.split(': ');
        expect(home.headers[name.toLowerCase()]).toBe(value);
      }
      expect(home.headers['content-security-policy']).toBe(policy);
      const plain = await get(`${host.url}/index.html`, false);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body.toString()).toContain('hello');
      expect((await get(`${host.url}/nowhere/`, true)).status).toBe(404);
    } finally {
      await host.close();
    }
    const bare = await serveStatic(dist, { headers: false });
    try {
      const home = await get(`${bare.url}/`, false);
      expect(home.headers['cross-origin-embedder-policy']).toBeUndefined();
    } finally {
      await bare.close();
    }
  });

  it('leaves a directive no page has out of the merged policy', () => {
    expect(parsePolicy(mergedPolicy(["default-src 'self'"])).has('worker-src')).toBe(false);
  });
});
