/// <reference lib="webworker" />
/**
 * Offline reading: the service worker. The build (src/plugins/service-worker.ts) strips the types,
 * puts `VERSION` (a hash of the saved files) and `PRECACHE` (their URLs, relative to the site's
 * base) in front, and writes it to `sw.js`; src/offline/register.ts registers it after a page has
 * loaded, in a production build only.
 *
 * - Install: saves the book (every page and what pages need to render and hydrate) in the cache
 *   `cfm-offline-<VERSION>`, four downloads at a time, pages past the HTTP cache. With Save-Data on,
 *   only what pages need: the pages themselves are then saved as they are read.
 * - Activate: deletes older versions of that cache (never the CIFAR weights' `cfm-live-weights-…`).
 *   No `skipWaiting`: a new version takes over once every tab of the old one is closed, so a page
 *   never loads half its files from one build and half from another (a hashed chunk of the old
 *   build is gone from the new cache and from the server). No `clients.claim`: the page that
 *   installed it is left alone; the next page the reader opens is served by it.
 * - Fetch, same origin, GET only:
 *   - hashed assets (`_astro/`, the name changes when the bytes do): cache first; on a miss from
 *     the network, and saved (so TF.js, an engine's worker and its wasm are saved when first used);
 *   - everything else (pages, checkpoints' JSON, Pagefind, data): network first, the response
 *     saved; the saved copy only when the network fails, or for a page after NETWORK_WAIT_MS
 *     without an answer. So the HTML is never stale while the reader is online;
 *   - a page that was never saved, offline: a short page that says so (status 503);
 *   - `.bin` (checkpoint weights) and range requests are not touched.
 */

declare const VERSION: string;
declare const PRECACHE: readonly string[];

const sw = self as unknown as ServiceWorkerGlobalScope;

/** Every cache of this worker starts so (the weights' cache, `cfm-live-weights-v1`, does not). */
const PREFIX = 'cfm-offline-';
const CACHE = `${PREFIX}${VERSION}`;
const SCOPE = new URL('./', sw.location.href);
const HASHED = `${SCOPE.pathname}_astro/`;
/** How long a page waits for the network before the saved copy is shown (a network that hangs). */
const NETWORK_WAIT_MS = 4000;
/** Downloads at a time while installing (the page the reader is on keeps the rest). */
const PARALLEL = 4;

const isPage = (path: string) => path === '' || path.endsWith('/') || path.endsWith('.html');

async function precache(): Promise<void> {
  const cache = await caches.open(CACHE);
  const saveData = (sw.navigator as { connection?: { saveData?: boolean } }).connection?.saveData === true;
  const todo = PRECACHE.filter((p) => !(saveData && isPage(p)));
  let next = 0;
  const download = async () => {
    while (next < todo.length) {
      const url = new URL(todo[next++], SCOPE);
      // Pages and other unhashed files past the HTTP cache: the new build's, never an older copy.
      const request = new Request(url, { cache: url.pathname.startsWith(HASHED) ? 'default' : 'no-cache' });
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          const res = await fetch(request);
          if (res.ok) {
            await cache.put(url, res);
            break;
          }
        } catch {
          // Tried once more; a file still missing is saved when it is first read.
        }
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, download));
}

sw.addEventListener('install', (event) => {
  event.waitUntil(precache());
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k)))),
  );
});

async function save(key: Request | URL, res: Response): Promise<void> {
  if (res.ok && res.type === 'basic' && !res.redirected) await (await caches.open(CACHE)).put(key, res.clone());
}

async function cacheFirst(request: Request): Promise<Response> {
  const hit = await caches.match(request, { cacheName: CACHE });
  if (hit) return hit;
  const res = await fetch(request);
  await save(request, res);
  return res;
}

/** The page shown for a page that was never saved, offline. */
function notSaved(url: URL): Response {
  const home = SCOPE.href;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="content-security-policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Offline: page not saved</title><style>body{font:1.1rem/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem}</style></head>
<body><h1>You are offline</h1><p>This page (<code>${url.pathname.replace(/[<>&"]/g, '')}</code>) was not saved for offline reading.
Pages of the book are saved after your first visit; this one will be there once you are back online.</p>
<p><a href="${home}">Contents</a></p></body></html>`;
  return new Response(html, { status: 503, headers: { 'content-type': 'text/html; charset=utf-8' } });
}

/** The network's answer, saved; the saved copy when the network fails (or, for a page, is too slow). */
function networkFirst(request: Request, page: boolean): Promise<Response> {
  const url = new URL(request.url);
  // A page is saved (and found) without its query: the widgets' settings live there.
  const key = page ? new URL(url.pathname, url) : request;
  const network = fetch(request).then(async (res) => {
    await save(key, res);
    return res;
  });
  const saved = () => caches.match(key, { cacheName: CACHE });
  if (!page)
    return network.catch(async (err: unknown) => {
      const hit = await saved();
      if (hit) return hit;
      throw err;
    });
  return new Promise<Response>((resolve) => {
    let answered = false;
    const answer = (res: Response) => {
      if (!answered) resolve(res);
      answered = true;
    };
    const timer = setTimeout(() => {
      void saved().then((hit) => hit && answer(hit));
    }, NETWORK_WAIT_MS);
    network.then(
      (res) => {
        clearTimeout(timer);
        answer(res);
      },
      async () => {
        clearTimeout(timer);
        answer((await saved()) ?? notSaved(url));
      },
    );
  });
}

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || request.headers.has('range')) return;
  // A request Chrome's devtools make that a worker cannot answer.
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname) || url.pathname.endsWith('.bin')) return;
  event.respondWith(url.pathname.startsWith(HASHED) ? cacheFirst(request) : networkFirst(request, request.mode === 'navigate'));
});

export {};
