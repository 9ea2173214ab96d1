/**
 * `npm run bench:cifar`: time to sample 16 CIFAR images with 20 Euler NFE, per TF.js backend in headless
 * Chromium (the real sampler widget on the built site, dist/, driven through ?backend=<name>), and the same
 * in PyTorch on this CPU (training/bench_sampling.py), with the ratio browser / PyTorch.
 *
 * The widget is run twice per backend and the second run is reported (the first compiles shaders /
 * warms up). Needs `npm run build` first. Options: --backends wasm,webgl,cpu,webgpu  --timeout 300
 * (seconds per backend)  --checkpoint <name>  --n 16  --nfe 20. A backend that exceeds the timeout is
 * reported as such (WebGPU here is SwiftShader, a software fallback, and is expected to be slow).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser, serveDist } from '../test/e2e/harness.ts';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    backends: { type: 'string', default: 'wasm,webgl,cpu,webgpu' },
    timeout: { type: 'string', default: '300' },
    checkpoint: { type: 'string' },
    n: { type: 'string', default: '16' },
    nfe: { type: 'string', default: '20' },
    threads: { type: 'string', default: '1' },
  },
});
const index = JSON.parse(readFileSync(resolve(ROOT, 'public/checkpoints/index.json'), 'utf8'));
const checkpoint = values.checkpoint ?? index.default;
const n = Number(values.n),
  nfe = Number(values.nfe),
  timeoutMs = Number(values.timeout) * 1000;

interface Row {
  engine: string;
  seconds: number | null;
  note: string;
}
const rows: Row[] = [];

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
    '--threads',
    values.threads,
  ],
  {
    env: { ...process.env, OMP_NUM_THREADS: values.threads },
    encoding: 'utf8',
  },
);
const pyRes = JSON.parse(py.trim().split('\n').pop()!);
rows.push({ engine: `${pyRes.engine}, ${pyRes.threads} thread(s)`, seconds: pyRes.seconds, note: 'reference' });

const server = await serveDist();
const browser = await launchBrowser();
try {
  for (const backend of values.backends
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    try {
      const q = `backend=${backend}&cifar-sampler.checkpoint=${checkpoint}&cifar-sampler.count=${n}&cifar-sampler.nfe=${nfe}&cifar-sampler.solver=euler`;
      await page.goto(`${server.url}/widgets/cifar-sampler/?${q}`, { waitUntil: 'load' });
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
      rows.push({
        engine: `TF.js ${backend} (Chromium)`,
        seconds: seconds[1],
        note: `first run ${seconds[0].toFixed(2)} s; ${used.slice(0, 80)}`,
      });
    } catch (err) {
      rows.push({ engine: `TF.js ${backend} (Chromium)`, seconds: null, note: `no result: ${String(err).split('\n')[0].slice(0, 120)}` });
    } finally {
      await ctx.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}

const ref = rows[0].seconds!;
console.log(`\nCIFAR sampling, ${n} images × ${nfe} Euler NFE, checkpoint ${checkpoint}\n`);
console.log('engine'.padEnd(44) + 'seconds'.padStart(9) + 'ms/image'.padStart(10) + '  vs PyTorch  note');
for (const r of rows) {
  const s = r.seconds;
  console.log(
    r.engine.padEnd(44) +
      (s === null ? '—' : s.toFixed(2)).padStart(9) +
      (s === null ? '—' : ((1000 * s) / n).toFixed(0)).padStart(10) +
      (s === null ? '—' : `${(s / ref).toFixed(2)}×`).padStart(12) +
      `  ${r.note}`,
  );
}
