/**
 * The playground's closed-form engine: builds a scene (scene.ts), flows the particles, then fills
 * the density and arrow frames over the time grid in slices (a new command between two slices
 * supersedes the work in progress). Runs in scene-worker.ts, or on the main thread when no worker
 * can start. No DOM, no TF.js.
 */
import { arrowField, densityGrid, probePaths, streamlines } from './layers.ts';
import { ARROW_SIZE, DENSITY_SIZE, LAYER_FRAMES, type SceneCommand, type SceneEvent } from './protocol.ts';
import { pathEnergy } from '../../core/index.ts';
import { buildScene, flowParticles, planCost, type Scene2D } from './scene.ts';

export class SceneRunner {
  private scene: Scene2D | null = null;
  private gen = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly post: (ev: SceneEvent, transfer: ArrayBuffer[]) => void) {}

  handle(cmd: SceneCommand): void {
    switch (cmd.type) {
      case 'hello':
        this.post({ type: 'ready' }, []);
        break;
      case 'scene':
        this.gen = cmd.gen;
        clearTimeout(this.timer);
        this.guarded(cmd.gen, () => this.build(cmd));
        break;
      case 'at':
        if (this.scene && cmd.gen === this.gen) this.guarded(cmd.gen, () => this.at(cmd));
        break;
      case 'dispose':
        clearTimeout(this.timer);
        this.scene = null;
        break;
    }
  }

  /**
   * Runs `work` for the scene `gen`; a throw becomes that scene's `error` event. Uncaught, it would
   * end the worker, which the page reports as a crash of the engine.
   */
  private guarded(gen: number, work: () => void): void {
    try {
      work();
    } catch (err) {
      this.post({ type: 'error', gen, message: err instanceof Error ? err.message : String(err) }, []);
    }
  }

  private build(cmd: Extract<SceneCommand, { type: 'scene' }>): void {
    const started = Date.now();
    const s = cmd.settings;
    const scene = buildScene(s, cmd.drawn);
    this.scene = scene;
    const tr = flowParticles(scene, s.particles, s.solver, s.steps, s.seed);
    const m = tr.m;
    const frames = new Float32Array(tr.frames.length * m * 2);
    tr.frames.forEach((f, i) => frames.set(f, i * m * 2));
    const source = Float64Array.from(scene.source);
    const target = Float64Array.from(scene.target);
    const times = Float64Array.from(tr.times);
    this.post(
      {
        type: 'scene',
        gen: cmd.gen,
        extent: scene.extent,
        mode: scene.mode,
        pairs: scene.pairs?.count ?? scene.n,
        notes: scene.notes,
        source,
        target,
        tMin: scene.path.tMin,
        tMax: scene.path.tMax,
        times,
        frames,
        m,
        planCost: planCost(scene),
        energy: pathEnergy(tr.frames, m, 2, tr.times),
        ms: Date.now() - started,
      },
      [frames.buffer, source.buffer, target.buffer, times.buffer],
    );
    const gen = cmd.gen;
    const { tMin, tMax } = scene.path;
    // Frames in coarse-to-fine order (0, 40, 20, 10, 30, …) so every time soon has a near frame.
    const order = coarseToFine(LAYER_FRAMES);
    let i = 0;
    const slice = () => {
      if (gen !== this.gen || this.scene !== scene) return;
      const deadline = Date.now() + 40;
      while (i < order.length && Date.now() < deadline) {
        const k = order[i++];
        const t = tMin + ((tMax - tMin) * k) / (LAYER_FRAMES - 1);
        const density = densityGrid(scene, t, DENSITY_SIZE);
        const a = arrowField(scene, t, ARROW_SIZE);
        const arrowsAt = Float32Array.from(a.at);
        const arrows = Float32Array.from(a.v);
        this.post({ type: 'layer', gen, k, t, density, arrowsAt, arrows }, [density.buffer as ArrayBuffer, arrowsAt.buffer, arrows.buffer]);
      }
      if (i < order.length) this.timer = setTimeout(() => this.guarded(gen, slice), 0);
    };
    this.timer = setTimeout(() => this.guarded(gen, slice), 0);
  }

  private at(cmd: Extract<SceneCommand, { type: 'at' }>): void {
    const scene = this.scene!;
    const t = Math.min(scene.path.tMax, Math.max(scene.path.tMin, cmd.t));
    const streams = cmd.streams ? streamlines(scene, t).map((l) => Float32Array.from(l)) : null;
    const probe = cmd.probe ? probePaths(scene, cmd.probe, t) : null;
    this.post({ type: 'at', gen: cmd.gen, t, streams, probe }, []);
  }
}

/** 0 … n−1 ordered so that the grid is refined level by level (ends first, then midpoints). */
export function coarseToFine(n: number): number[] {
  const seen = new Set<number>([0, n - 1]);
  const out = [0, n - 1];
  for (let step = n - 1; step > 1; step = Math.ceil(step / 2)) {
    for (let k = 0; k < n; k += step) {
      const mid = Math.min(n - 1, k + Math.floor(step / 2));
      if (!seen.has(mid)) {
        seen.add(mid);
        out.push(mid);
      }
    }
  }
  for (let k = 0; k < n; k++) if (!seen.has(k)) out.push(k);
  return out;
}
