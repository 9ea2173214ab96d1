/**
 * The animated stage of the SDE vs ODE widget: both particle panels, the strip of marginals and the
 * distances plot, drawn from the frames of one view (the closed-form run, or the trained network's
 * paths). One code for the two places it runs: the page, and the stage worker (stage-worker.ts),
 * which draws on canvases the page handed over, so that the animation's canvas work (15–45 ms a
 * frame on this machine, almost all of it native drawing) leaves the page's thread.
 *
 * `StageRenderer` holds what the drawings need between commands (the run's frames as they arrive,
 * the network's paths) and draws the latest view asked for; stage-protocol.ts has its commands.
 */
import type { AnyCanvas } from '../../lib/viz/canvas.ts';
import type { Palette } from '../../lib/viz/palette.ts';
import type { Checkpoint } from '../../lib/engine/sde-vs-ode/paired.ts';
import type { NetworkPaths } from '../../lib/engine/sde-vs-ode/protocol.ts';
import { arrayFrames, cloudAt, flatFrames, highlighted, pathsUpTo, type Frames } from './frames.ts';
import { drawDistances, drawMarginals, drawPanel, histogramMax, type Extent } from './render.ts';
import type { StageDataCommand } from './stage-protocol.ts';

export interface StageCanvases {
  ode: AnyCanvas;
  sde: AnyCanvas;
  marg?: AnyCanvas;
  dist?: AnyCanvas;
}

/** What one drawing shows, besides the frames. */
export interface StageView {
  /** The frames drawn: the closed-form run's, or the network's paths (when they have arrived). */
  field: 'exact' | 'network';
  t: number;
  /** How many particles' paths are highlighted. */
  paths: number;
  extent: Extent;
  panelSize: number;
  stripWidth: number;
  palette: Palette;
  odeTitle: string;
  sdeTitle: string;
  checkpoints: Checkpoint[];
  /** The page's device pixel ratio (a worker has none). */
  dpr: number;
}

/** Draws the whole stage at `view.t` from the frames of both clouds. */
export function drawStage(c: StageCanvases, f: { ode: Frames; sde: Frames }, v: StageView): void {
  const ode = cloudAt(f.ode, v.t);
  const sde = cloudAt(f.sde, v.t);
  const n = f.ode.n;
  const which = highlighted(n, v.paths);
  const max = histogramMax(
    [
      { points: ode, n },
      { points: sde, n },
    ],
    v.extent,
  );
  drawPanel(
    c.ode,
    v.palette,
    v.panelSize,
    v.extent,
    { points: ode, n, paths: pathsUpTo(f.ode, which, v.t), title: v.odeTitle },
    max,
    v.dpr,
  );
  drawPanel(
    c.sde,
    v.palette,
    v.panelSize,
    v.extent,
    { points: sde, n, paths: pathsUpTo(f.sde, which, v.t), title: v.sdeTitle },
    max,
    v.dpr,
  );
  if (c.marg) drawMarginals(c.marg, v.palette, v.stripWidth, v.extent, ode, sde, n, v.dpr);
  if (c.dist) drawDistances(c.dist, v.palette, v.stripWidth, v.checkpoints, v.t, v.dpr);
}

interface RendererOptions {
  /**
   * Runs a drawing: at once on the page (its caller is an animation frame); in the worker, later,
   * so that the draw commands that queued meanwhile collapse into the latest one.
   */
  schedule: (draw: () => void) => void;
  /** A drawing is done: the time and the frames it showed. */
  onDrawn?: (t: number, field: StageView['field']) => void;
}

/** The closed-form run's frames as they arrive (index k at time k/(total − 1)). */
interface RunFrames {
  id: number;
  total: number;
  n: number;
  ode: Float64Array[];
  sde: Float64Array[];
}

export class StageRenderer {
  private readonly canvases: StageCanvases;
  private readonly opts: RendererOptions;
  private run: RunFrames | null = null;
  private network: NetworkPaths | null = null;
  /** The latest view asked for and not drawn yet. */
  private pending: StageView | null = null;

  constructor(canvases: StageCanvases, opts: RendererOptions) {
    this.canvases = canvases;
    this.opts = opts;
  }

  handle(cmd: StageDataCommand): void {
    switch (cmd.type) {
      case 'run':
        this.run = { id: cmd.id, total: cmd.total, n: cmd.n, ode: [], sde: [] };
        return;
      case 'frames': {
        const run = this.run;
        if (!run || run.id !== cmd.id) return;
        cmd.ode.forEach((f, i) => (run.ode[cmd.first + i] = f));
        cmd.sde.forEach((f, i) => (run.sde[cmd.first + i] = f));
        return;
      }
      case 'network':
        this.network = cmd.paths;
        return;
      case 'draw': {
        const first = this.pending === null;
        this.pending = cmd.view;
        if (first) this.opts.schedule(() => this.drawPending());
        return;
      }
    }
  }

  /** The frames of a view: the network's paths when asked for and present, else the run's. */
  private framesFor(field: StageView['field']): { ode: Frames; sde: Frames; field: StageView['field'] } | null {
    const net = this.network;
    if (field === 'network' && net)
      return { ode: flatFrames(net.ode, net.frames, net.n), sde: flatFrames(net.sde, net.frames, net.n), field };
    const run = this.run;
    if (!run || run.ode.length === 0 || run.sde.length < run.ode.length) return null;
    return { ode: arrayFrames(run.ode, run.total, run.n), sde: arrayFrames(run.sde, run.total, run.n), field: 'exact' };
  }

  private drawPending(): void {
    const view = this.pending;
    this.pending = null;
    if (!view) return;
    const frames = this.framesFor(view.field);
    if (!frames) return;
    drawStage(this.canvases, frames, view);
    this.opts.onDrawn?.(view.t, frames.field);
  }
}
