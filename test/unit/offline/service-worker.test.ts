/**
 * The build's half of offline reading (src/plugins/service-worker.ts): which files the service worker
 * saves on the first visit, its version, and the script it writes. The worker's behaviour in a browser
 * is tested in test/e2e/offline.test.ts.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { precacheList, urlOf, writeServiceWorker } from '../../../src/plugins/service-worker.ts';

let dist = '';
const put = (path: string, text: string) => {
  mkdirSync(dirname(join(dist, path)), { recursive: true });
  writeFileSync(join(dist, path), text);
};

/**
 * A small build: two pages; an island whose chunk imports a shared chunk statically, a plotting chunk
 * lazily, and TF.js lazily (a chunk that imports tfjs-core's engine).
 */
function smallBuild(base = '/') {
  put(
    'index.html',
    `<link rel="stylesheet" href="${base}_astro/Base.a1.css"><script type="module">import"${base}_astro/site.s1.js";</script>
     <img src="${base}figures/plot.png"><a href="${base}data/big.u8">data</a><meta property="og:image" content="${base}previews/x.png">`,
  );
  put(
    'widgets/train/index.html',
    `<astro-island component-url="${base}_astro/Widget.w1.js" renderer-url="${base}_astro/client.svelte.r1.js"></astro-island>
     <script src="${base}pagefind/pagefind-ui.js"></script><link rel="icon" href="data:image/svg+xml,x">`,
  );
  put('_astro/Base.a1.css', '@font-face{src:url(./KaTeX_Main.k1.woff2) format("woff2"),url(./KaTeX_Main.k1.woff) format("woff")}');
  put('_astro/KaTeX_Main.k1.woff2', 'w2');
  put('_astro/KaTeX_Main.k1.woff', 'w1');
  put('_astro/site.s1.js', 'console.log(1)');
  put(
    '_astro/Widget.w1.js',
    'import{a as e}from"./shared.h1.js";const t=()=>import("./tf.t1.js"),p=()=>import(`./lazy-plot.l1.js`);' +
      `const c=()=>new Worker(new URL(\`${base}_astro/charts-worker-q1.js\`,\`\`+import.meta.url),{type:\`module\`});` +
      `const g=()=>new Worker(new URL(\`${base}_astro/train-worker-g1.js\`,\`\`+import.meta.url),{type:\`module\`});export{e as default}`,
  );
  // A worker without TF.js (it starts at hydration, and its own lazy chunk), and one with it.
  put('_astro/charts-worker-q1.js', 'const P=()=>import(`./charts-plot-q2.js`);');
  put('_astro/charts-plot-q2.js', 'export const plot=1');
  put('_astro/train-worker-g1.js', 'globalThis._tfengine=new Engine();');
  put('_astro/lazy-plot.l1.js', 'import{p}from"./plot.p1.js";export{p}');
  put('_astro/shared.h1.js', 'export*from"./plot.p1.js";');
  put('_astro/plot.p1.js', 'export const p=1');
  put('_astro/client.svelte.r1.js', 'export default 1');
  put('_astro/tf.t1.js', 'import"./tf-core.c1.js";new Worker(new URL("worker-x1.js",import.meta.url))');
  put('_astro/tf-core.c1.js', 'globalThis._tfengine=new Engine();');
  put('_astro/worker-x1.js', '');
  put('_astro/tfjs-backend-wasm.b1.wasm', '');
  put('figures/plot.png', 'png');
  put('previews/x.png', 'png');
  put('data/big.u8', 'u8');
  put('checkpoints/index.json', '{}');
  put('checkpoints/cifar/model.json', '{}');
  put('checkpoints/cifar/group1-shard1of1.bin', 'weights');
  put('404.html', '<p>not found</p>');
}

beforeEach(() => {
  dist = mkdtempSync(join(tmpdir(), 'cfm-sw-'));
});
afterEach(() => rmSync(dist, { recursive: true, force: true }));

describe('precacheList', () => {
  it('keeps pages and what they need to render and hydrate (workers without TF.js too), not TF.js, its workers, the weights or links', async () => {
    smallBuild();
    expect(await precacheList(dist)).toEqual([
      '404.html',
      '_astro/Base.a1.css',
      '_astro/KaTeX_Main.k1.woff2',
      '_astro/Widget.w1.js',
      '_astro/charts-plot-q2.js',
      '_astro/charts-worker-q1.js',
      '_astro/client.svelte.r1.js',
      '_astro/lazy-plot.l1.js',
      '_astro/plot.p1.js',
      '_astro/shared.h1.js',
      '_astro/site.s1.js',
      'checkpoints/cifar/model.json',
      'checkpoints/index.json',
      'figures/plot.png',
      'index.html',
      'pagefind/pagefind-ui.js',
      'widgets/train/index.html',
    ]);
  });

  it('follows references under a base path and ignores those outside it', async () => {
    smallBuild('/cfm/');
    put('elsewhere.html', '<script src="/other-site/x.js"></script><script src="https://example.org/y.js"></script>');
    const list = await precacheList(dist, '/cfm/');
    expect(list).toContain('_astro/Widget.w1.js');
    expect(list).toContain('_astro/KaTeX_Main.k1.woff2');
    expect(list).toContain('_astro/charts-worker-q1.js');
    expect(list.filter((p) => p.includes('other-site') || p.includes('example'))).toEqual([]);
  });
});

describe('writeServiceWorker', () => {
  it('writes a classic script with the version and the page URLs; the version follows the bytes', async () => {
    smallBuild();
    const first = await writeServiceWorker(dist);
    const script = readFileSync(join(dist, 'sw.js'), 'utf8');
    expect(() => new Script(script)).not.toThrow();
    expect(script).not.toMatch(/^\s*(export|import|declare)\b/m);
    expect(script).toContain(`const VERSION = "${first.version}";`);
    expect(first.urls).toContain('widgets/train/');
    expect(first.urls).toContain('');
    expect(urlOf('chapters/x/index.html')).toBe('chapters/x/');
    // The same build: the same version (the build stays reproducible).
    expect((await writeServiceWorker(dist)).version).toBe(first.version);
    // A page changed: a new version.
    put('widgets/train/index.html', readFileSync(join(dist, 'widgets/train/index.html'), 'utf8') + ' ');
    const second = await writeServiceWorker(dist);
    expect(second.version).not.toBe(first.version);
    // A file no page needs changed (an engine chunk): the saved book is the same, so is the version.
    put('_astro/tf-core.c1.js', 'globalThis._tfengine=new Engine(2);');
    expect((await writeServiceWorker(dist)).version).toBe(second.version);
  });

  it('never deletes the CIFAR weights’ cache: its own caches have a prefix the weights’ name lacks', async () => {
    const { WEIGHTS_CACHE } = await import('../../../src/lib/engine/cifar/weights-cache.ts');
    smallBuild();
    await writeServiceWorker(dist);
    const script = readFileSync(join(dist, 'sw.js'), 'utf8');
    const prefix = /const PREFIX = "([^"]+)"/.exec(script.replace(/'/g, '"'))?.[1];
    expect(prefix).toBeTruthy();
    expect(WEIGHTS_CACHE.startsWith(prefix!)).toBe(false);
  });
});
