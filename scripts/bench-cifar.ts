/**
 * `npm run bench:cifar`: time to sample 16 CIFAR images with 20 Euler NFE at the widget's default
 * guidance (w = 2: the conditional and null-class halves run as one batch of 32), per TF.js backend in
 * headless Chromium (the real sampler widget on the built site, dist/, driven through ?backend=<name>),
 * and the same work in PyTorch on this CPU with 1 and 2 threads (training/bench_sampling.py), with the
 * speed of each relative to PyTorch with 1 thread (its seconds / ours: 1× or more meets the target).
 *
 * The site is served as a static host serves it (scripts/static-host.ts). wasm is measured twice: with
 * the headers of dist/_headers (COOP/COEP: the page is cross-origin isolated and the sampler's worker
 * runs wasm with threads) and without them (one thread, as on a host that ignores `_headers`).
 *
 * The widget is run twice per backend and the second run is reported (the first compiles shaders /
 * warms up). Needs `npm run build` first (or DIST=<folder> for another build). Options: --backends
 * wasm,webgl,cpu,webgpu  --timeout 300 (seconds per backend)  --checkpoint <name>  --n 16  --nfe 20
 * --guidance 2  --threads 1,2 (PyTorch).
 *
 * Last, one evaluation profiled on one thread each (scripts/cifar-eval-profile.ts): the share of the
 * time in convolutions, and the speed-up the convolutions would need for the target.
 * A backend that exceeds the timeout is reported as such (WebGPU here is SwiftShader, a software
 * fallback, and is expected to be slow).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser } from '../test/e2e/harness.ts';
import { serveStatic, type StaticHost } from './static-host.ts';
import { SAMPLER_DEFAULTS } from '../src/widgets/cifar-sampler/defaults.ts';
import { profileEvaluation } from './cifar-eval-profile.ts';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    backends: { type: 'string', default: 'wasm,webgl,cpu,webgpu' },
    timeout: { type: 'string', default: '300' },
    checkpoint: { type: 'string' },
    n: { type: 'string', default: '16' },
    nfe: { type: 'string', default: '20' },
    threads: { type: 'string', default: '1,2' },
    guidance: { type: 'string', default: String(SAMPLER_DEFAULTS.guidance) },
  },
});
const index = JSON.parse(readFileSync(resolve(ROOT, 'public/checkpoints/index.json'), 'utf8'));
const checkpoint = values.checkpoint ?? index.default;
const n = Number(values.n),
  nfe = Number(values.nfe),
  guidance = Number(values.guidance),
  timeoutMs = Number(values.timeout) * 1000;
const conditional = JSON.parse(readFileSync(resolve(ROOT, 'public/checkpoints', checkpoint, 'model.json'), 'utf8')).config.num_classes > 0;
const batch = conditional && guidance !== 1 ? 2 * n : n;
const load = () => loadavg()[0].toFixed(2);

interface Row {
  engine: string;
  seconds: number | null;
  note: string;
  load: string;
}
const rows: Row[] = [];

for (const threads of values.threads.split(',').map((t) => t.trim())) {
  const before = load();
  const py = execFileSync(
    '/usr/bin/python3',
    [
      resolve(ROOT, 'training/bench_sampling.py'),
      '--checkpoint',
      resolve(ROOT, 'public/checkpoints', checkpoint),
      '--n',
      String(n),
      '--nfe',
      String(nfe),
      '--guidance',
      String(guidance),
      '--threads',
      threads,
    ],
    { env: { ...process.env, OMP_NUM_THREADS: threads }, encoding: 'utf8' },
  );
  const pyRes = JSON.parse(py.trim().split('\n').pop()!);
  rows.push({
    engine: `${pyRes.engine}, ${pyRes.threads} thread(s)`,
    seconds: pyRes.seconds,
    note: `batch ${pyRes.batch}`,
    load: `${before}→${load()}`,
  });
}

/** One backend on one server: the widget run twice, the second run reported. */
async function measure(host: StaticHost, backend: string, label: string): Promise<Row> {
  const before = load();
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  try {
    const q = `backend=${backend}&cifar-sampler.checkpoint=${checkpoint}&cifar-sampler.count=${n}&cifar-sampler.nfe=${nfe}&cifar-sampler.solver=euler&cifar-sampler.guidance=${guidance}`;
    await page.goto(`${host.url}/widgets/cifar-sampler/?${q}`, { waitUntil: 'load' });
    const isolated = await page.evaluate(() => globalThis.crossOriginIsolated === true);
    const seconds: number[] = [];
    let used = '';
    for (let run = 0; run < 2; run++) {
      await page.waitForSelector('[data-widget=cifar-sampler][data-hydrated=true]', { timeout: timeoutMs });
      await page.getByRole('button', { name: 'Generate' }).click({ timeout: timeoutMs });
      await page.waitForFunction(
        (r) => {
          const el = document.querySelector('[data-testid=timing]');
          return el && el.getAttribute('data-run') === String(r);
        },
        run + 1,
        { timeout: timeoutMs },
      );
      const text = (await page.textContent('[data-testid=timing]')) ?? '';
      const m = /\(([\d.]+) s for (\d+)/.exec(text);
      if (!m || Number(m[2]) !== n) throw new Error(`unexpected timing text: ${text}`);
      seconds.push(Number(m[1]));
      used = (await page.textContent('[data-testid=backend]')) ?? '';
    }
    const threads = /(\d+) threads?/.exec(used)?.[1];
    return {
      engine: `TF.js ${label}${threads ? `, ${threads} thread(s)` : ''}`,
      seconds: seconds[1],
      note: `${isolated ? 'isolated' : 'not isolated'}; first run ${seconds[0].toFixed(2)} s; ${used.slice(0, 60)}`,
      load: `${before}→${load()}`,
    };
  } catch (err) {
    return {
      engine: `TF.js ${label}`,
      seconds: null,
      note: `no result: ${String(err).split('\n')[0].slice(0, 120)}`,
      load: `${before}→${load()}`,
    };
  } finally {
    await ctx.close();
  }
}

const dist = resolve(process.env.DIST || resolve(ROOT, 'dist'));
const withHeaders = await serveStatic(dist);
const withoutHeaders = await serveStatic(dist, { headers: false });
const browser = await launchBrowser();
try {
  for (const backend of values.backends
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (backend === 'wasm') {
      rows.push(await measure(withoutHeaders, 'wasm', 'wasm (no COOP/COEP)'));
      rows.push(await measure(withHeaders, 'wasm', 'wasm (COOP/COEP)'));
    } else rows.push(await measure(withHeaders, backend, backend));
  }
} finally {
  await browser.close();
  await withHeaders.close();
  await withoutHeaders.close();
}

const ref = rows[0].seconds!;
console.log(
  `\nCIFAR sampling, ${n} images × ${nfe} Euler NFE, w = ${guidance} (batch ${batch} per evaluation), checkpoint ${checkpoint}\n`,
);
console.log('engine'.padEnd(46) + 'seconds'.padStart(9) + 'ms/image'.padStart(10) + '  speed vs PyTorch 1 thr  load (1 min)  note');
for (const r of rows) {
  const s = r.seconds;
  console.log(
    r.engine.padEnd(46) +
      (s === null ? '—' : s.toFixed(2)).padStart(9) +
      (s === null ? '—' : ((1000 * s) / n).toFixed(0)).padStart(10) +
      (s === null ? '—' : `${(ref / s).toFixed(2)}×`).padStart(24) +
      `  ${r.load.padEnd(12)}  ${r.note}`,
  );
}

// Where the time goes, and what the target would need: one evaluation on one thread each.
const p = await profileEvaluation(resolve(ROOT, 'public/checkpoints', checkpoint), n, guidance, '/usr/bin/python3');
const torchConv = p.torchMs * p.torchConvShare;
console.log(`\nOne guided evaluation (batch ${batch}), one thread each (load ${load()}):`);
console.log(
  `  TF.js wasm (Node): ${p.oursMs.toFixed(0)} ms; kernels ${p.oursKernelMs.toFixed(0)} ms, of which convolutions ${p.oursConvMs.toFixed(0)} ms (${((100 * p.oursConvMs) / p.oursKernelMs).toFixed(0)} %)`,
);
console.log(`    ${p.top.map((k) => `${k.name} ×${k.count} ${k.ms.toFixed(0)} ms`).join(', ')}`);
console.log(
  `  PyTorch: ${p.torchMs.toFixed(0)} ms, of which convolutions ${torchConv.toFixed(0)} ms (${(100 * p.torchConvShare).toFixed(0)} %)`,
);
console.log(
  `  convolutions alone: wasm is ${(p.oursConvMs / torchConv).toFixed(1)}× slower (128-bit wasm SIMD without FMA against oneDNN's 256-bit or wider x86 SIMD with FMA).`,
);
console.log(
  `  ceiling: with every other kernel free, one wasm thread would reach ${(p.torchMs / p.oursConvMs).toFixed(2)}× PyTorch-1-thread; ` +
    `≥ 1× needs the convolutions ${(p.oursConvMs / p.torchMs).toFixed(1)}× faster, i.e. that many threads at perfect scaling, or a GPU (WebGPU).`,
);
