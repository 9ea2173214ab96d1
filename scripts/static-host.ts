/**
 * dist/ served the way a static host (Netlify, Cloudflare Pages) serves it, for measurements that
 * depend on it (scripts/lighthouse.ts, scripts/bench-cifar.ts): text compressed with gzip when the
 * browser asks for it, `/a/` → `/a/index.html`, unknown paths → 404.html, and the headers of
 * dist/_headers (the CSP and, with them, COOP/COEP, so the page is cross-origin isolated exactly when
 * a host would make it so). `headers: false` serves without them (a host that ignores `_headers`).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.bin': 'application/octet-stream',
  '.txt': 'text/plain',
  '.bib': 'text/plain',
  '.xml': 'application/xml',
};
/** What hosts compress (already-compressed images, fonts and binaries are sent as they are). */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.svg', '.txt', '.bib', '.xml', '.ttf']);

/** The headers `_headers` gives every path (`/*`), as name → value; other path rules are ignored. */
export function headersForAll(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let inAll = false;
  for (const line of text.split('\n')) {
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      inAll = line.trim() === '/*';
      continue;
    }
    const m = /^\s+([^:]+):\s*(.*)$/.exec(line);
    if (inAll && m) out[m[1].trim()] = m[2].trim();
  }
  return out;
}

export interface StaticHost {
  url: string;
  close(): Promise<void>;
}

export async function serveStatic(dist: string, opts: { headers?: boolean } = {}): Promise<StaticHost> {
  const root = resolve(dist);
  if (!existsSync(join(root, 'index.html'))) throw new Error(`no built site at ${root}: run \`npm run build\` first`);
  const headersFile = join(root, '_headers');
  const extra = opts.headers !== false && existsSync(headersFile) ? headersForAll(readFileSync(headersFile, 'utf8')) : {};
  const gzipped = new Map<string, Buffer>();

  const send = async (req: IncomingMessage, res: ServerResponse, file: string, status: number) => {
    const ext = extname(file);
    let body: Buffer = await readFile(file);
    const head: Record<string, string> = { ...extra, 'content-type': TYPES[ext] ?? 'application/octet-stream', vary: 'accept-encoding' };
    if (COMPRESSIBLE.has(ext) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      let z = gzipped.get(file);
      if (!z) gzipped.set(file, (z = gzipSync(body, { level: 9 })));
      body = z;
      head['content-encoding'] = 'gzip';
    }
    head['content-length'] = String(body.length);
    res.writeHead(status, head);
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const server = createServer((req, res) => {
    void (async () => {
      try {
        const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
        let file = normalize(join(root, pathname));
        if (!file.startsWith(root)) return void res.writeHead(403).end();
        if (existsSync(file) && (await stat(file)).isDirectory()) file = join(file, 'index.html');
        if (existsSync(file)) await send(req, res, file, 200);
        else if (existsSync(join(root, '404.html'))) await send(req, res, join(root, '404.html'), 404);
        else res.writeHead(404).end('not found');
      } catch (err) {
        res.writeHead(500).end(String(err));
      }
    })();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((ok) => server.close(() => ok())) };
}
