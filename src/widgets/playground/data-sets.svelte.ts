/**
 * The playground's own data: the drawn or imported source and target sets, the pointer's tool
 * (probe, brush, eraser), brush size and mirror, strokes on the plane, clearing, and CSV import.
 * A finished stroke or import is written into the URL (shared/url-points.ts) and recomputes the scene.
 */
import { Rng } from '../../lib/core/index.ts';
import type { PLAYGROUND_SCHEMA } from '../../lib/engine/playground/settings.ts';
import type { WidgetSettings } from '../shared/settings.svelte.ts';
import { dab, erase, type Tool } from './drawing.ts';
import { planeScales } from './render2d.ts';
import { writeDrawnToUrl, type Which } from '../shared/url-points.ts';
import type { TwoFingerScroll } from './two-finger-scroll.ts';

export interface DataHost {
  id: string;
  settings: WidgetSettings<typeof PLAYGROUND_SCHEMA>;
  /** Shows a message next to the export buttons (and reads the current one). */
  note(message: string): void;
  currentNote(): string;
  /** Recomputes the scene now (after a stroke). */
  rebuild(): void;
}

/** Where the pointer is: the plane's canvas, its size in CSS pixels and its data window. */
export interface Plane {
  canvas: HTMLCanvasElement;
  size: number;
  extent: [number, number, number, number];
}

export class DataSets {
  drawn = $state.raw<Partial<Record<Which, Float64Array>>>({});
  which: Which = $state('target');
  tool: Tool = $state('probe');
  brush = $state(12);
  mirror = $state(false);
  /** A stroke is in progress (the scene and the network wait for its end; a cancelled one changes neither). */
  stroking = $state(false);
  private rng = new Rng(7);
  private lastPx: [number, number] | null = null;
  /** The set a stroke draws, as it was before the stroke (a second finger cancels the stroke). */
  private before: { set: Which; pts: Float64Array | undefined; value: string } | null = null;
  /** Two fingers scroll the page (two-finger-scroll.ts): loaded on touch screens only, after hydration (the island's budget). */
  private fingers: TwoFingerScroll | null = null;

  constructor(private readonly host: DataHost) {
    if (typeof matchMedia !== 'function' || !matchMedia('(any-pointer: coarse)').matches) return;
    void import('./two-finger-scroll.ts').then(({ TwoFingerScroll }) => {
      this.fingers = new TwoFingerScroll(
        (dy) => window.scrollBy(0, dy),
        () => this.cancelStroke(),
      );
    });
  }

  get counts(): { source: number; target: number } {
    return { source: (this.drawn.source?.length ?? 0) / 2, target: (this.drawn.target?.length ?? 0) / 2 };
  }

  /** A drawn or imported set becomes the data, kept to 1/100 (the link's resolution, so a link reopens it exactly). */
  use(set: Which, pts: Float64Array): void {
    this.drawn = { ...this.drawn, [set]: pts.map((x) => Math.round(x * 100) / 100) };
    const S = this.host.settings;
    if (S.values[set] !== 'drawn') S.set(set, 'drawn');
  }

  writePoints(): void {
    this.host.note(writeDrawnToUrl(this.host.id, this.drawn).join('; '));
  }

  pointer(e: PointerEvent, phase: 'down' | 'move' | 'up', plane: Plane): void {
    if (this.fingers?.take(e, phase)) return;
    const { canvas, size, extent } = plane;
    const S = this.host.settings;
    const r = canvas.getBoundingClientRect();
    const px = e.clientX - r.left;
    const py = e.clientY - r.top;
    const { sx, sy } = planeScales(size, extent);
    const x = sx.inv(px);
    const y = sy.inv(py);
    const unit = (extent[1] - extent[0]) / size;
    if (phase === 'down') {
      canvas.setPointerCapture?.(e.pointerId);
      this.stroking = this.tool !== 'probe';
      this.before = this.stroking ? { set: this.which, pts: this.drawn[this.which], value: S.values[this.which] } : null;
      this.lastPx = null;
    }
    if (phase === 'up') {
      if (this.stroking) {
        this.stroking = false;
        this.writePoints();
        this.host.rebuild();
      } else if (this.tool === 'probe') S.update({ px: +x.toFixed(3), py: +y.toFixed(3) });
      this.lastPx = null;
      return;
    }
    if (phase === 'move' && e.buttons === 0) return; // a hovering mouse or pen draws nothing
    if (this.tool === 'probe') {
      if (!S.values.probe) S.set('probe', true);
      S.update({ px: +x.toFixed(3), py: +y.toFixed(3) }, false);
      return;
    }
    const spacing = Math.max(4, this.brush / 2);
    if (this.lastPx && Math.hypot(px - this.lastPx[0], py - this.lastPx[1]) < spacing) return;
    this.lastPx = [px, py];
    const old = this.drawn[this.which] ?? new Float64Array(0);
    const brush = this.brush;
    const next =
      this.tool === 'erase'
        ? erase(old, x, y, Math.max(8, brush) * unit, this.mirror)
        : dab(old, x, y, { radius: brush * unit, perDab: 1 + Math.floor(brush / 8), mirror: this.mirror }, this.rng);
    this.use(this.which, next);
  }

  /** Puts the set back as it was before the stroke in progress, which draws nothing more. */
  private cancelStroke(): void {
    const b = this.before;
    if (!this.stroking || !b) return;
    this.stroking = false;
    this.before = null;
    this.lastPx = null;
    this.drawn = { ...this.drawn, [b.set]: b.pts };
    const S = this.host.settings;
    if (S.values[b.set] !== b.value) {
      S.set(b.set, b.value);
      this.host.rebuild();
    }
  }

  clear(): void {
    this.drawn = { ...this.drawn, [this.which]: undefined };
    this.writePoints();
  }

  /** A CSV file of points; its parser is loaded with the first file, not at hydration (island budget). */
  async importCsv(text: string, name: string): Promise<void> {
    let got: ReturnType<typeof import('../../lib/engine/playground/points-csv.ts').parsePointsCsv>;
    try {
      const { parsePointsCsv } = await import('../../lib/engine/playground/points-csv.ts');
      got = parsePointsCsv(text);
    } catch (e) {
      this.host.settings.addProblem(`${name}: could not be read (${e instanceof Error ? e.message : String(e)})`);
      return;
    }
    for (const p of got.problems) this.host.settings.addProblem(`${name}: ${p}`);
    if (got.accepted > 0) {
      this.rng = new Rng(got.accepted);
      this.use(this.which, got.points);
      this.writePoints();
      const note = this.host.currentNote();
      this.host.note(
        `${name}: ${got.accepted} points imported as the ${this.which}${got.rejected ? `, ${got.rejected} rows skipped` : ''}.` +
          (note ? ` ${note}` : ''),
      );
    }
  }
}
