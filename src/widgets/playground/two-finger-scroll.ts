/**
 * On a touch screen, one finger draws on the plane and two fingers scroll the page.
 *
 * The plane takes every touch while a drawing tool is chosen (`touch-action: none`), so a swipe
 * that started on it drew instead of scrolling, and on a phone the plane, sticky at the top of the
 * screen, covers half of it. Two fingers now scroll: when a second finger lands, the stroke the
 * first one began is cancelled (`onStart`) and the fingers' mean height moves the page
 * (`scrollBy`) until the last one lifts. Mouse and pen are never affected. No DOM here.
 */
export type PointerPhase = 'down' | 'move' | 'up';

/** The part of a PointerEvent this reads. */
export interface FingerEvent {
  pointerType: string;
  pointerId: number;
  clientY: number;
  /** The first finger of a new touch: whatever an earlier gesture left behind is forgotten. */
  isPrimary: boolean;
}

export class TwoFingerScroll {
  /** The touch pointers down on the plane and their heights in the viewport. */
  private fingers = new Map<number, number>();
  private scrolling = false;
  private lastMean = 0;

  constructor(
    private readonly scrollBy: (dy: number) => void,
    private readonly onStart: () => void,
  ) {}

  /** Reads one pointer event; true when it belongs to a scroll, so the plane must not draw with it. */
  take(e: FingerEvent, phase: PointerPhase): boolean {
    if (e.pointerType !== 'touch') return false;
    // A gesture whose last lift never reached the plane (the canvas replaced mid-gesture) must not
    // leave every later touch scrolling: a new first finger starts afresh.
    if (phase === 'down' && e.isPrimary) {
      this.fingers.clear();
      this.scrolling = false;
    }
    if (phase === 'up') {
      this.fingers.delete(e.pointerId);
      const was = this.scrolling;
      if (this.fingers.size === 0) this.scrolling = false;
      else this.lastMean = this.mean();
      return was;
    }
    if (phase === 'down' || this.fingers.has(e.pointerId)) this.fingers.set(e.pointerId, e.clientY);
    if (!this.scrolling) {
      if (this.fingers.size < 2) return false;
      this.scrolling = true;
      this.lastMean = this.mean();
      this.onStart();
      return true;
    }
    const mean = this.mean();
    // A finger landing re-anchors the mean; only moves scroll (fingers going up move the page up).
    if (phase === 'move' && mean !== this.lastMean) this.scrollBy(this.lastMean - mean);
    this.lastMean = mean;
    return true;
  }

  private mean(): number {
    let sum = 0;
    for (const y of this.fingers.values()) sum += y;
    return sum / this.fingers.size;
  }
}
