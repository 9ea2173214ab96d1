/**
 * The memorisation widget's network runs through the CIFAR sampling engine (a Web Worker, so the page
 * keeps painting; the main thread only if no worker can start TF.js): one run at a time, its progress
 * reported as a status line, resolved with the images in model space. `?backend=` and `?worker=0` in
 * the page's URL choose the engine as on the sampler widget.
 */
import { createCifarClient, type CifarClient } from '../../lib/engine/cifar/client.ts';
import type { CifarEvent, CifarSampleRequest } from '../../lib/engine/cifar/protocol.ts';

type Done = Extract<CifarEvent, { type: 'done' }>;

export class NetworkSampler {
  private client: CifarClient | null = null;
  private pending: { gen: number; request: CifarSampleRequest; resolve: (r: Done) => void; reject: (e: Error) => void } | null = null;
  private backendName = '';

  /** `name`: the engine's name (the widget's id); `onPhase`: the status line while a run is on. */
  constructor(
    private readonly name: string,
    private readonly onPhase: (text: string) => void,
  ) {}

  /** Samples `request` with the checkpoint at `url` (its folder, ending in '/'). */
  sample(url: string, request: CifarSampleRequest): Promise<Done> {
    const params = new URLSearchParams(location.search);
    this.client ??= createCifarClient({
      force: params.get('backend'),
      noWorker: params.get('worker') === '0',
      name: this.name,
      onEvent: (ev) => this.onEvent(ev),
    });
    const c = this.client;
    return new Promise((resolve, reject) => {
      this.pending = { gen: c.sample(url, request), request, resolve, reject };
    });
  }

  /** ' (Web Worker)' when the engine runs in a worker, else ''. */
  whereNote(): string {
    return this.client?.where() === 'worker' ? ' (Web Worker)' : '';
  }

  dispose(): void {
    this.client?.dispose();
    this.client = null;
  }

  private onEvent(ev: CifarEvent): void {
    if (ev.type === 'backend') {
      this.backendName = ev.backend.name;
      return;
    }
    const p = this.pending;
    if (ev.type === 'error' && ev.gen === 0) {
      p?.reject(new Error(ev.message));
      this.pending = null;
      this.dispose();
      return;
    }
    if (!p || ev.gen !== p.gen) return;
    if (ev.type === 'progress') this.onPhase(`sampling on ${this.backendName}: ${ev.step}/${ev.total} NFE`);
    else if (ev.type === 'loaded')
      this.onPhase(`sampling ${p.request.count} images (${p.request.solver}, ${p.request.nfe} NFE) on ${this.backendName}…`);
    else if (ev.type === 'done') {
      p.resolve(ev);
      this.pending = null;
    } else if (ev.type === 'error' || ev.type === 'cancelled') {
      p.reject(new Error(ev.type === 'error' ? ev.message : 'cancelled'));
      this.pending = null;
    }
  }
}
