/**
 * The widget's hold on its stage (stage-client.ts): created with the canvases once they exist, and
 * replaced when the stage worker fails. A canvas handed to a worker is lost with it, so the widget
 * keys its canvases on `epoch`: bumping it puts new ones in place, and the new stage draws on the page.
 */
import { tick } from 'svelte';
import { createStage, type Stage, type StageCanvasElements } from './stage-client.ts';

export class StageHost {
  /** Bumped when the stage worker fails: new canvases (the old ones were handed over), drawn on the page. */
  epoch = $state(0);
  /** Where the stage draws ('' before it exists). */
  where = $state<'' | Stage['where']>('');
  /** The time of the stage's latest drawing (data-drawn-t: tests wait for it). */
  drawnT = $state<number | null>(null);
  private stage: Stage | null = null;
  private onPage = false;
  private disposed = false;
  private readonly redraw: () => void;
  private readonly noWorker: () => boolean;

  /** `redraw` draws again once new canvases are in place; `noWorker`: `?worker=0` (read when the stage starts). */
  constructor(redraw: () => void, noWorker: () => boolean) {
    this.redraw = redraw;
    this.noWorker = noWorker;
  }

  /** The stage, created on first use when the panels' canvases exist (`?worker=0`: on the page). */
  get(canvases: StageCanvasElements | null): Stage | null {
    // After unmount a late draw (a queued resize) must not start a stage on canvases handed over.
    if (this.disposed || this.stage || !canvases) return this.stage;
    this.stage = createStage(canvases, {
      onPage: this.onPage || this.noWorker(),
      onDrawn: (t) => (this.drawnT = t),
      onLost: (why) => {
        console.warn(`sde-vs-ode: drawing on the page (${why})`);
        this.stage = null;
        this.onPage = true;
        this.epoch++;
        void tick().then(this.redraw);
      },
    });
    this.where = this.stage.where;
    return this.stage;
  }

  dispose(): void {
    this.disposed = true;
    this.stage?.dispose();
    this.stage = null;
  }
}
