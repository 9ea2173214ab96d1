/**
 * The CIFAR sampling engine behind the protocol in cifar/protocol.ts: chooses the TF.js backend,
 * loads sha256-verified checkpoints (cached per URL), samples with cancellation between solver steps
 * and streams progress and frames (with the network's guess of x₁ when asked). The same class runs inside cifar/worker.ts and, as a fallback, on
 * the page's main thread (cifar/client.ts); only `post` differs. No DOM here.
 */
import type { BackendChoice } from '../../nn/backend.ts';
import { isBackendName, type BackendName } from '../../nn/backend-names.ts';
import { toBytes, type CifarCommand, type CifarEvent, type CifarPredictionInfo } from './protocol.ts';

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
      if (this.runningGen === cmd.gen || cmd.gen === -1) this.controller?.abort();
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

  private fail(gen: number, e: unknown) {
    this.opts.post({ type: 'error', gen, message: e instanceof Error ? e.message : String(e) }, []);
  }

  private init(force: string | null, remembered?: string | null): Promise<BackendChoice> {
    this.backend ??= (async () => {
      const { chooseBackend } = await import('../../nn/backend.ts');
      const choice = await chooseBackend({
        force: isBackendName(force) ? force : undefined,
        wasmPaths: this.opts.wasmPaths,
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
    const { loadModelAt } = await import('./model-cache.ts');
    const m = await loadModelAt(url, (loaded, total) => this.opts.post({ type: 'load-progress', gen, loaded, total }, []));
    this.opts.post({ type: 'loaded', gen, url, bytes: m.bytes, title: m.metadata.title }, []);
    return m;
  }

  private async sample(cmd: Extract<CifarCommand, { type: 'sample' }>) {
    const { gen, request: r } = cmd;
    this.controller?.abort();
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
        const res = await sampleImages(model, {
          n: r.count,
          nfe: r.nfe,
          solver: r.solver,
          seed: r.seed,
          labels: r.labels,
          guidance: r.guidance,
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
    }
  }
}
