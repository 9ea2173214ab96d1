/**
 * The playground's scenes: the 2D closed-form scene from its worker (scene, then its layers, then
 * the streamlines and probe paths at the current t) and the 1D scene, computed here (a few ms).
 * Requests are coalesced: a scene at most every 60 ms and never while the reader is drawing, the
 * streamlines and probe at most every 80 ms with the newest t and probe. A failure is reported in
 * `note`; when the engine itself was lost (`lost`: its worker crashed, its code did not load) the
 * next scene, or Retry (`schedule()`), starts a fresh one. No TF.js on this path.
 */
import type { DrawnSets, SceneEvent } from '../../lib/engine/playground/protocol.ts';
import type { PlaygroundSettings } from '../../lib/engine/playground/settings.ts';
import type { SceneClient } from '../../lib/engine/playground/client.ts';
import { scene1dFor, type Scene1D } from '../../lib/engine/playground/one-d.ts';

type SceneMessage = Extract<SceneEvent, { type: 'scene' }>;
type LayerMessage = Extract<SceneEvent, { type: 'layer' }>;
type AtMessage = Extract<SceneEvent, { type: 'at' }>;

export interface SceneFeedHost {
  /** The settings now (a snapshot, not a proxy). */
  settings(): PlaygroundSettings;
  drawn(): DrawnSets;
  /** True while a stroke is being drawn: the scene waits for its end. */
  stroking(): boolean;
  /** The time shown now. */
  t(): number;
}

export class SceneFeed {
  scene = $state.raw<SceneMessage | null>(null);
  layers = $state.raw<(LayerMessage | undefined)[]>([]);
  at = $state.raw<AtMessage | null>(null);
  scene1d = $state.raw<Scene1D | null>(null);
  /** What the engine says about the scene (clamped sizes, errors), or ''. */
  note = $state('');
  busy = $state(false);
  /** The engine was lost (its worker crashed, its code did not load): Retry (`schedule`) starts a fresh one. */
  lost = $state(false);
  private client: SceneClient | null = null;
  /** The client's module on its way (loaded when the widget mounts, not with its hydration). */
  private loading: Promise<SceneClient> | null = null;
  private inline = false;
  private disposed = false;
  private sceneTimer: ReturnType<typeof setTimeout> | undefined;
  private atTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: SceneFeedHost) {}

  /** Starts the worker (`inline`: on the main thread instead, `?worker=0`). */
  start(inline: boolean): void {
    this.inline = inline;
    void this.engine().catch(() => {}); // the first scene reports a failure
  }

  /** The client, a fresh one after the last was lost. */
  private engine(): Promise<SceneClient> {
    if (this.client) return Promise.resolve(this.client);
    return (this.loading ??= import('../../lib/engine/playground/client.ts')
      .then(({ createSceneClient }) => {
        const client = createSceneClient({
          noWorker: this.inline,
          onEvent: (ev) => this.receive(ev),
          // Its worker is already gone (or never ran); the error event that says why follows.
          onLost: () => {
            if (this.client === client) this.client = null;
            this.lost = true;
          },
        });
        if (this.disposed) client.dispose();
        else this.client = client;
        return client;
      })
      .finally(() => (this.loading = null)));
  }

  /** A new scene for the current settings and data, 60 ms after the last call. */
  schedule(): void {
    clearTimeout(this.sceneTimer);
    this.sceneTimer = setTimeout(() => {
      if (this.host.stroking()) return;
      const s = this.host.settings();
      if (s.mode === '1d') {
        this.scene1d = scene1dFor(s);
        this.lost = false;
        this.note = '';
        return;
      }
      this.busy = true;
      this.lost = false;
      const drawn = this.host.drawn();
      this.engine().then(
        (client) => client.scene(s, drawn),
        (err: unknown) => {
          this.busy = false;
          this.lost = true;
          this.note = `The closed form could not be computed: the engine could not load (${err instanceof Error ? err.message : String(err)})`;
        },
      );
    }, 60);
  }

  /** Streamlines and probe paths at the current t (throttled: the pending request reads the newest t and probe). */
  requestAt(): void {
    if (this.atTimer !== undefined) return;
    this.atTimer = setTimeout(() => {
      this.atTimer = undefined;
      const s = this.host.settings();
      if (s.mode !== '2d' || !(s.probe || s.streamlines)) return;
      this.client?.at(this.host.t(), s.probe ? [s.px, s.py] : null, s.streamlines);
    }, 80);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.sceneTimer);
    clearTimeout(this.atTimer);
    this.client?.dispose();
  }

  private receive(ev: SceneEvent): void {
    if (ev.type === 'scene') {
      this.scene = ev;
      this.layers = [];
      this.at = null;
      this.busy = false;
      this.note = ev.notes.join('; ');
      this.requestAt();
    } else if (ev.type === 'layer') {
      const next = this.layers.slice();
      next[ev.k] = ev;
      this.layers = next;
    } else if (ev.type === 'at') this.at = ev;
    else if (ev.type === 'error') {
      this.busy = false;
      this.note = `The closed form could not be computed: ${ev.message}`;
    }
  }
}
