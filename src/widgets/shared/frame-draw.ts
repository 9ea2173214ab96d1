/**
 * At most one redraw per animation frame. A widget's drawing effect runs on every change of what it
 * shows; when changes come faster than frames (a worker streaming layers, a slider dragged), each
 * would repaint the canvas in a task of its own. `schedule` keeps only the newest drawing and runs it
 * at the next frame, so a burst of changes costs one paint.
 */
export class FrameDraw {
  #pending: (() => void) | null = null;
  #raf = 0;

  constructor(
    private readonly request: (cb: () => void) => number = (cb) => requestAnimationFrame(cb),
    private readonly cancel: (handle: number) => void = (h) => cancelAnimationFrame(h),
  ) {}

  /** Draws with `draw` at the next frame, replacing a drawing scheduled earlier in this frame. */
  schedule(draw: () => void): void {
    this.#pending = draw;
    if (!this.#raf) this.#raf = this.request(this.#run);
  }

  /** Drops a scheduled drawing (the widget is being destroyed). */
  dispose(): void {
    if (this.#raf) this.cancel(this.#raf);
    this.#raf = 0;
    this.#pending = null;
  }

  readonly #run = (): void => {
    this.#raf = 0;
    const draw = this.#pending;
    this.#pending = null;
    draw?.();
  };
}
