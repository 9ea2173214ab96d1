/**
 * Choosing the TF.js backend once per page (or worker), for speed on *this* device.
 *
 * 1. Candidates in order webgpu → webgl → wasm → cpu. WebGPU is a candidate only on a hardware
 *    adapter: a fallback adapter (`adapter.info.isFallbackAdapter`, SwiftShader) is ≈25× slower
 *    than wasm on the machines we measured. WebGL is a candidate only when its renderer
 *    (WEBGL_debug_renderer_info) is not a software one (SwiftShader, llvmpipe, lavapipe).
 * 2. Each candidate must pass a tiny correctness check (a 3×3 product and a sigmoid compared
 *    with plain JS) before it is trusted.
 * 3. When several remain, a short calibration (≈100 ms each, well under a second in total) times
 *    a small MLP-shaped workload and keeps the fastest. The choice is remembered (localStorage when
 *    available, otherwise through the `remembered`/`remember` options, e.g. from a worker's page).
 * `force` (from `?backend=`) skips the choice but still runs the correctness check.
 */
import { tf } from './tf.ts';
import { isBackendName, type BackendName } from './backend-names.ts';

export interface BackendChoice {
  name: BackendName;
  /** Adapter or renderer description, when known. */
  adapter?: string;
  /** True when the running backend is a software (fallback) implementation. */
  isFallback: boolean;
  /** Why this backend was chosen, in words (shown to the reader). */
  reason: string;
  /** Calibration timings in ms per workload, by backend (only those calibrated). */
  timings?: Partial<Record<BackendName, number>>;
  /** wasm: the threads XNNPACK runs with (1 unless `wasmThreads` and cross-origin isolated). */
  threads?: number;
}

export interface ChooseOptions {
  force?: BackendName;
  /** Files for the wasm backend (see wasm-paths.browser.ts); Node finds them itself. */
  wasmPaths?: Record<string, string>;
  /** Name chosen on an earlier visit (read from localStorage when available). */
  remembered?: string | null;
  /** Called with the final choice (defaults to writing localStorage when available). */
  remember?: (name: BackendName) => void;
  /** Calibration budget per backend in ms (default 100). */
  calibrationMs?: number;
  /**
   * Let the wasm backend use threads (XNNPACK's pool, one per core) where it can: inside a worker of
   * a cross-origin-isolated page (the COOP/COEP headers of `_headers`). Off by default and never on a
   * page's main thread, whose policy allows no `blob:` workers (emscripten's threads are blob workers).
   */
  wasmThreads?: boolean;
}

const STORAGE_KEY = 'cfm-live.backend.v1';
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|lavapipe|softpipe|software|basic render/i;

interface Probe {
  available: boolean;
  trusted: boolean;
  adapter?: string;
  note: string;
}

/** Is there a WebGPU adapter, and is it hardware? */
async function probeWebGpu(): Promise<Probe> {
  const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(o?: object): Promise<unknown> } } }).navigator?.gpu;
  if (!gpu) return { available: false, trusted: false, note: 'no WebGPU in this browser' };
  try {
    const adapter = (await gpu.requestAdapter({ powerPreference: 'high-performance' })) as {
      info?: Record<string, unknown>;
      isFallbackAdapter?: boolean;
      requestAdapterInfo?: () => Promise<Record<string, unknown>>;
    } | null;
    if (!adapter) return { available: false, trusted: false, note: 'no WebGPU adapter' };
    const info = adapter.info ?? (adapter.requestAdapterInfo ? await adapter.requestAdapterInfo() : {});
    const fallback = Boolean(info?.isFallbackAdapter ?? adapter.isFallbackAdapter);
    const desc = [info?.vendor, info?.architecture, info?.device, info?.description].filter((s) => typeof s === 'string' && s).join(' ');
    const software = fallback || SOFTWARE_RENDERER.test(desc);
    return {
      available: true,
      trusted: !software,
      adapter: desc || undefined,
      note: software ? `WebGPU adapter is a software fallback${desc ? ` (${desc})` : ''}` : 'hardware WebGPU adapter',
    };
  } catch (err) {
    return { available: false, trusted: false, note: `WebGPU adapter request failed: ${String(err)}` };
  }
}

/** Is WebGL2 there, and is the renderer hardware? */
function probeWebGl(): Probe {
  try {
    const canvas: { getContext(k: string): unknown } | null =
      typeof OffscreenCanvas !== 'undefined'
        ? new OffscreenCanvas(1, 1)
        : typeof document !== 'undefined'
          ? document.createElement('canvas')
          : null;
    const gl = canvas?.getContext('webgl2') as WebGL2RenderingContext | null | undefined;
    if (!gl) return { available: false, trusted: false, note: 'no WebGL2' };
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    const software = SOFTWARE_RENDERER.test(renderer);
    return {
      available: true,
      trusted: !software,
      adapter: renderer,
      note: software ? `WebGL renderer is software (${renderer})` : `hardware WebGL (${renderer})`,
    };
  } catch (err) {
    return { available: false, trusted: false, note: `WebGL probe failed: ${String(err)}` };
  }
}

let wasmRegistered = false;
let webgpuRegistered = false;
let wasmThreads = false;
/** Threads the wasm backend runs XNNPACK with (1 without threads); null until it has started. */
let wasmThreadCount: (() => number) | null = null;

/**
 * The threaded wasm backend caps its threads at half of `navigator.hardwareConcurrency` (read once, as
 * its module starts: it assumes two hyperthreads per core), so a 2-core machine gets one thread. While
 * the backend starts, this worker reports twice its cores; `setThreadsCount` (`wasmThreadsFor`) then
 * sets the count. Returns the function that restores the browser's own value.
 */
function reportTwiceTheCores(): () => void {
  const nav = navigator as { hardwareConcurrency?: number };
  const cores = nav.hardwareConcurrency ?? 1;
  try {
    Object.defineProperty(nav, 'hardwareConcurrency', { configurable: true, get: () => 2 * cores });
  } catch {
    return () => {};
  }
  return () => {
    delete nav.hardwareConcurrency;
  };
}

/** XNNPACK threads for a machine of `cores` logical cores: all of them, 1 to 4. */
export function wasmThreadsFor(cores: number | undefined): number {
  return Math.max(1, Math.min(4, Math.floor(cores ?? 1) || 1));
}

/** Can this scope run emscripten's threads: a worker (not a page), cross-origin isolated. */
function threadsPossible(): boolean {
  const g = globalThis as { crossOriginIsolated?: boolean; document?: unknown; WorkerGlobalScope?: unknown };
  return g.crossOriginIsolated === true && g.document === undefined && g.WorkerGlobalScope !== undefined;
}

/**
 * The wasm binaries' URLs: the caller's, else in a browser the bundler's (wasm-paths.browser.ts).
 * Without them tfjs-backend-wasm looks for its binaries next to the page (`/widgets/x/….wasm`, a
 * 404), so an engine on the main thread, whose runner is built without them, found wasm failing
 * its check and fell back to cpu. Node finds the binaries itself.
 */
async function wasmFiles(given?: Record<string, string>): Promise<Record<string, string> | undefined> {
  const node = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node;
  if (given || typeof node === 'string') return given;
  return (await import('./wasm-paths.browser.ts')).WASM_PATHS;
}

async function registerOptional(name: BackendName, wasmPaths?: Record<string, string>): Promise<void> {
  if (name === 'wasm' && !wasmRegistered) {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const paths = await wasmFiles(wasmPaths);
    if (paths) wasm.setWasmPaths(paths);
    // The flag is TF.js's own feature test; set, the single-threaded binary is used instead.
    if (!(wasmThreads && threadsPossible())) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    else wasm.setThreadsCount(wasmThreadsFor(navigator.hardwareConcurrency));
    wasmThreadCount = () => wasm.getThreadsCount();
    wasmRegistered = true;
  }
  if (name === 'webgpu' && !webgpuRegistered) {
    await import('@tensorflow/tfjs-backend-webgpu');
    webgpuRegistered = true;
  }
}

/** Switches to `name` and checks a tiny computation against plain JS. */
export async function activateAndCheck(name: BackendName, wasmPaths?: Record<string, string>): Promise<boolean> {
  try {
    await registerOptional(name, wasmPaths);
    const restore = name === 'wasm' && wasmThreads && threadsPossible() ? reportTwiceTheCores() : () => {};
    try {
      if (!(await tf.setBackend(name))) return false;
      await tf.ready();
    } finally {
      restore();
    }
    const a = [0.5, -1, 2, 1.5, 0.25, -0.75, 3, -2, 1];
    const b = [1, 2, -1, 0.5, -0.5, 2, -1.5, 1, 0.25];
    const out = tf.tidy(() => tf.sigmoid(tf.matMul(tf.tensor2d(a, [3, 3]), tf.tensor2d(b, [3, 3]))));
    const got = await out.data();
    out.dispose();
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += a[i * 3 + k] * b[k * 3 + j];
        if (!(Math.abs(got[i * 3 + j] - 1 / (1 + Math.exp(-s))) < 1e-3)) return false;
      }
    return true;
  } catch {
    return false;
  }
}

/** Milliseconds per MLP-shaped workload (forward + backward-sized products), after one warm-up. */
async function calibrate(budgetMs: number): Promise<number> {
  const x = tf.randomNormal([256, 64]);
  const w = tf.randomNormal([64, 64], 0, 0.1);
  const work = () =>
    tf.tidy(() => {
      let h = x;
      for (let l = 0; l < 6; l++) h = tf.relu(tf.matMul(h, w));
      return tf.sum(h);
    });
  const warm = work();
  await warm.data();
  warm.dispose();
  let runs = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < budgetMs || runs < 2) {
    const r = work();
    await r.data();
    r.dispose();
    runs++;
    if (runs >= 200) break;
  }
  const ms = (performance.now() - t0) / runs;
  x.dispose();
  w.dispose();
  return ms;
}

function storage(): Storage | null {
  try {
    return typeof localStorage !== 'undefined' ? localStorage : null;
  } catch {
    return null;
  }
}

let chosen: Promise<BackendChoice> | null = null;

/** Chooses (once) and activates the backend; later calls return the same choice. */
export function chooseBackend(opts: ChooseOptions = {}): Promise<BackendChoice> {
  chosen ??= choose(opts).then((c) => {
    let threads: number;
    try {
      if (c.name !== 'wasm' || !wasmThreadCount) return c;
      threads = wasmThreadCount();
    } catch {
      return c;
    }
    return { ...c, threads, reason: `${c.reason}; ${threads} thread${threads === 1 ? '' : 's'}` };
  });
  return chosen;
}

async function choose(opts: ChooseOptions): Promise<BackendChoice> {
  wasmThreads = opts.wasmThreads === true;
  const remember =
    opts.remember ??
    ((n: BackendName) => {
      try {
        storage()?.setItem(STORAGE_KEY, n);
      } catch {
        /* private mode */
      }
    });
  const probes: Partial<Record<BackendName, Probe>> = {};
  probes.webgpu = await probeWebGpu();
  probes.webgl = probeWebGl();
  const isFallbackOf = (n: BackendName) => (n === 'webgpu' || n === 'webgl' ? !probes[n]!.trusted : false);

  if (opts.force) {
    const name = opts.force;
    if (await activateAndCheck(name, opts.wasmPaths)) {
      return {
        name,
        adapter: probes[name as 'webgpu' | 'webgl']?.adapter,
        isFallback: isFallbackOf(name),
        reason: `forced by ?backend=${name}`,
      };
    }
    const rest = await choose({ ...opts, force: undefined, remember: () => {} });
    return { ...rest, reason: `${name} was requested but failed its check; ${rest.reason}` };
  }

  const candidates: BackendName[] = [];
  const notes: string[] = [];
  if (probes.webgpu.trusted) candidates.push('webgpu');
  else notes.push(probes.webgpu.note);
  if (probes.webgl.trusted) candidates.push('webgl');
  else notes.push(probes.webgl.note);
  candidates.push('wasm', 'cpu');

  const remembered = opts.remembered !== undefined ? opts.remembered : (storage()?.getItem(STORAGE_KEY) ?? null);
  if (isBackendName(remembered) && candidates.includes(remembered) && (await activateAndCheck(remembered, opts.wasmPaths))) {
    return {
      name: remembered,
      adapter: probes[remembered as 'webgpu' | 'webgl']?.adapter,
      isFallback: false,
      reason: `fastest on this device when last measured`,
    };
  }

  const timings: Partial<Record<BackendName, number>> = {};
  const budget = opts.calibrationMs ?? 100;
  for (const name of candidates) {
    if (!(await activateAndCheck(name, opts.wasmPaths))) {
      notes.push(`${name} failed its check`);
      continue;
    }
    timings[name] = await calibrate(budget);
  }
  const ranked = (Object.entries(timings) as [BackendName, number][]).sort((a, b) => a[1] - b[1]);
  if (ranked.length === 0) throw new Error(`no TF.js backend works here (${notes.join('; ')})`);
  const [best] = ranked[0];
  await activateAndCheck(best, opts.wasmPaths);
  remember(best);
  const summary = ranked.map(([n, ms]) => `${n} ${ms.toFixed(1)} ms`).join(', ');
  return {
    name: best,
    adapter: probes[best as 'webgpu' | 'webgl']?.adapter,
    isFallback: false,
    timings,
    reason: `fastest in calibration (${summary})${notes.length ? `; ${notes.join('; ')}` : ''}`,
  };
}
