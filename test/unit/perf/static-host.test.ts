/**
 * The static host that Lighthouse and the CIFAR benchmark measure against (scripts/static-host.ts)
 * serves what a host would: gzip when asked, `_headers` for every path, 404.html for unknown paths.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { headersForAll, serveStatic } from '../../../scripts/static-host.ts';

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

describe('the static host', () => {
  it('serves gzip when asked, the _headers of every path, and 404.html for unknown paths', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'cfm-host-'));
    writeFileSync(join(dist, 'index.html'), '<html><body>hello</body></html>');
    writeFileSync(join(dist, '404.html'), '<html><body>missing</body></html>');
    writeFileSync(join(dist, '_headers'), ['# test', '/*', '  X-Test: yes', '  Cross-Origin-Opener-Policy: same-origin', ''].join('\n'));
    const host = await serveStatic(dist);
    try {
      const home = await get(`${host.url}/`, true);
      expect(home.status).toBe(200);
      expect(home.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(home.body).toString()).toContain('hello');
      expect(home.headers['x-test']).toBe('yes');
      expect(home.headers['cross-origin-opener-policy']).toBe('same-origin');
      const plain = await get(`${host.url}/index.html`, false);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body.toString()).toContain('hello');
      const missing = await get(`${host.url}/nowhere/`, false);
      expect(missing.status).toBe(404);
      expect(missing.body.toString()).toContain('missing');
    } finally {
      await host.close();
    }
    const bare = await serveStatic(dist, { headers: false });
    try {
      expect((await get(`${bare.url}/`, false)).headers['x-test']).toBeUndefined();
    } finally {
      await bare.close();
    }
  });

  it('reads only the rules for every path from _headers', () => {
    const text = ['# comment', '/*', '  A: 1', '  B: two words', '/widgets/*', '  C: 3', '/*', '  D: 4'].join('\n');
    expect(headersForAll(text)).toEqual({ A: '1', B: 'two words', D: '4' });
  });
});
