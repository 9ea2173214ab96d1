/**
 * The CIFAR sampling engine behind the protocol in cifar/protocol.ts: chooses the TF.js backend,
 * loads sha256-verified checkpoints (cached per URL), samples with cancellation between solver steps
 * and streams progress and frames (with the network's guess of x₁ when asked). The same class runs inside cifar/worker.ts and, as a fallback, on
 * the page's main thread (cifar/client.ts); only `post` differs. No DOM here.
 */
import type { BackendChoice } from '../../nn/backend.ts';
import { isBackendName, type BackendName } from '../../nn/backend-names.ts';
import { toBytes, type CifarCommand, type CifarEvent, type CifarPredictionInfo, type CifarSampleRequest } from './protocol.ts';
import { gaussianNoise } from '../../nn/unet-noise.ts';

/**
 * The batch a request asks for. Plain: `count` images from the seed's noise, one w. A sweep: the same
 * `count` noise images and labels repeated once per w of `sweep` (grouped by w), each copy with its w.
 */
export function sweepBatch(
  r: CifarSampleRequest,
  pixels: number,
): { n: number; labels?: Int32Array; guidance?: number | Float32Array; x0?: Float32Array } {
  if (!r.sweep?.length) return { n: r.count, labels: r.labels, guidance: r.guidance };
  const k = r.sweep.length;
  const noise = gaussianNoise(r.count * pixels, r.seed);
  const x0 = new Float32Array(k * noise.length);
  const guidance = new Float32Array(k * r.count);
  const labels = r.labels ? new Int32Array(k * r.count) : undefined;
  r.sweep.forEach((w, j) => {
    x0.set(noise, j * noise.length);
    guidance.fill(w, j * r.count, (j + 1) * r.count);
    labels?.set(r.labels!.subarray(0, r.count), j * r.count);
  });
  return { n: k * r.count, labels, guidance, x0 };
}

export interface CifarRunnerOptions {
  where: 'worker' | 'main-thread';
  wasmPaths?: Record<string, string>;
  post: (ev: CifarEvent, transfer: ArrayBuffer[]) => void;
  /** Where the chosen backend is remembered (a worker has no localStorage: the page does it). */
  remember?: (name: BackendName) => void;
}

export class CifarRunner {
  private backend: Promise<BackendChoice> | null = null;
  private controller: AbortController | null = null;
  private runningGen = 0;
  /** While the running generation is paused (widget off-screen): resolves on resume or cancel. */
  private pauseGate: { gen: number; promise: Promise<void>; release: () => void } | null = null;
  private readonly opts: CifarRunnerOptions;

  constructor(opts: CifarRunnerOptions) {
    this.opts = opts;
  }

  handle(cmd: CifarCommand): void {
    if (cmd.type === 'init') {
      void this.init(cmd.force ?? null, cmd.remembered);
      return;
    }
    if (cmd.type === 'cancel') {
      if (this.runningGen === cmd.gen || cmd.gen === -1) {
        this.controller?.abort();
        this.release();
      }
      return;
    }
    if (cmd.type === 'pause') {
      if (this.runningGen === cmd.gen && !this.pauseGate) {
        let release = () => {};
        const promise = new Promise<void>((resolve) => (release = resolve));
        this.pauseGate = { gen: cmd.gen, promise, release };
        this.opts.post({ type: 'paused', gen: cmd.gen, paused: true }, []);
      }
      return;
    }
    if (cmd.type === 'resume') {
      if (this.pauseGate?.gen === cmd.gen) this.release();
      return;
    }
    if (cmd.type === 'load') {
      void this.load(cmd.gen, cmd.url).catch((e) => this.fail(cmd.gen, e));
      return;
    }
    if (cmd.type === 'sample') {
      void this.sample(cmd);
    }
  }

  /** Lets a paused run go on (resume, cancel, or a new run that supersedes it). */
  private release() {
    const g = this.pauseGate;
    if (!g) return;
    this.pauseGate = null;
    g.release();
    this.opts.post({ type: 'paused', gen: g.gen, paused: false }, []);
  }

  private fail(gen: number, e: unknown) {
    this.opts.post({ type: 'error', gen, message: e instanceof Error ? e.message : String(e) }, []);
  }

  private init(force: string | null, remembered?: string | null): Promise<BackendChoice> {
    this.backend ??= (async () => {
      const { chooseBackend } = await import('../../nn/backend.ts');
      const choice = await chooseBackend({
        force: isBackendName(force) ? force : undefined,
        wasmPaths: this.opts.wasmPaths,
        // Threads where the page is cross-origin isolated (the COOP/COEP of _headers); one elsewhere.
        wasmThreads: true,
        ...(this.opts.where === 'worker' ? { remembered: remembered ?? null, remember: this.opts.remember ?? (() => {}) } : {}),
      });
      this.opts.post({ type: 'backend', backend: choice, where: this.opts.where }, []);
      return choice;
    })();
    this.backend.catch((e) => {
      this.backend = null;
      this.fail(0, e);
    });
    return this.backend;
  }

  private async load(gen: number, url: string) {
    await this.init(null);
    const { loadModelAt, modelInMemory } = await import('./model-cache.ts');
    let source: 'cache' | 'network' | 'memory' = modelInMemory(url) ? 'memory' : 'network';
    // Over http(s) the weights go through Cache Storage (weights-cache.ts); a folder path (Node) is read directly.
    let readShard: Parameters<typeof loadModelAt>[2];
    if (/^https?:/.test(url)) {
      const { readShardCached } = await import('./weights-cache.ts');
      readShard = (shardUrl, info, received, signal) =>
        readShardCached(shardUrl, info, { signal, onBytes: received, onSource: (s) => (source = s) });
    }
    const m = await loadModelAt(
      url,
      (loaded, total) => this.opts.post({ type: 'load-progress', gen, loaded, total, ...(source === 'memory' ? {} : { source }) }, []),
      readShard,
    );
    this.opts.post({ type: 'loaded', gen, url, bytes: m.bytes, title: m.metadata.title, source }, []);
    return m;
  }

  private async sample(cmd: Extract<CifarCommand, { type: 'sample' }>) {
    const { gen, request: r } = cmd;
    this.controller?.abort();
    this.release();
    const controller = new AbortController();
    this.controller = controller;
    this.runningGen = gen;
    try {
      const choice = await this.init(null);
      const { model, metadata } = await this.load(gen, cmd.url);
      const { sampleImages, SamplingCancelled } = await import('../../nn/unet-sampler.ts');
      let predictions: CifarPredictionInfo | undefined;
      let x1Prediction: ((t: number) => { alpha: number; beta: number }) | undefined;
      if (r.frames && r.predictions) {
        const { checkpointX1Predictor } = await import('./checkpoint-path.ts');
        const p = checkpointX1Predictor(metadata);
        if (p.ok) {
          predictions = { ok: true, path: `${p.path.label}, σ = ${p.path.params.sigma}` };
          x1Prediction = p.coefficients;
        } else predictions = { ok: false, reason: p.reason };
      }
      try {
        if (controller.signal.aborted) throw new SamplingCancelled();
        const batch = sweepBatch(r, model.config.image_size * model.config.image_size * model.config.in_channels);
        const res = await sampleImages(model, {
          n: batch.n,
          nfe: r.nfe,
          solver: r.solver,
          seed: r.seed,
          labels: batch.labels,
          guidance: batch.guidance,
          x0: batch.x0,
          gate: () => (this.pauseGate?.gen === gen ? this.pauseGate.promise : Promise.resolve()),
          frames: Boolean(r.frames),
          frameIndex: r.frameIndex ?? 0,
          x1Prediction,
          signal: controller.signal,
          onFrame: (t, image, guess) => {
            const pixels = toBytes(image);
            if (!guess) {
              this.opts.post({ type: 'frame', gen, t, pixels }, [pixels.buffer as ArrayBuffer]);
              return;
            }
            const prediction = toBytes(guess);
            this.opts.post({ type: 'frame', gen, t, pixels, prediction }, [pixels.buffer as ArrayBuffer, prediction.buffer as ArrayBuffer]);
          },
          onProgress: (step, total, t) => this.opts.post({ type: 'progress', gen, step, total, t }, []),
        });
        const images = res.images.slice();
        this.opts.post(
          {
            type: 'done',
            gen,
            images,
            nfe: res.nfe,
            steps: res.steps,
            ms: res.ms,
            backend: choice.name,
            ...(predictions ? { predictions } : {}),
          },
          [images.buffer],
        );
      } catch (e) {
        if (e instanceof SamplingCancelled) this.opts.post({ type: 'cancelled', gen }, []);
        else throw e;
      }
    } catch (e) {
      this.fail(gen, e);
    } finally {
      if (this.controller === controller) {
        this.controller = null;
        this.runningGen = 0;
      }
      if (this.pauseGate?.gen === gen) this.pauseGate = null;
    }
  }
}
