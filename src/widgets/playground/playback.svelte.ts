/**
 * The playground's clock: the time t shown, play and pause (one requestAnimationFrame loop that
 * stops off-screen), step by one solver step, scrub. Reduced motion: jumps of 0.1 twice a second
 * instead of a continuous animation. The host supplies the time domain, the speed and step count,
 * and stores t in the settings (and so the URL) whenever the clock comes to rest.
 */
import { prefersReducedMotion } from '../shared/visibility.ts';

export interface PlaybackHost {
  /** The path's time domain [tMin, tMax]. */
  range(): [number, number];
  speed(): number;
  steps(): number;
  /** The clock stopped at t: store it. */
  commit(t: number): void;
}

export class Playback {
  t = $state(1);
  playing = $state(false);
  private raf = 0;
  private last = 0;
  private reducedAt = 0;
  private onScreen = true;

  constructor(
    private readonly host: PlaybackHost,
    t: number,
  ) {
    this.t = t;
  }

  play(): void {
    this.playing = !this.playing;
    if (this.playing) {
      this.last = 0;
      if (!this.raf) this.raf = requestAnimationFrame(this.tick);
    } else this.host.commit(this.t);
  }

  step(dir: 1 | -1): void {
    this.playing = false;
    const [lo, hi] = this.host.range();
    this.t = Math.min(hi, Math.max(lo, this.t + (dir * (hi - lo)) / this.host.steps()));
    this.host.commit(this.t);
  }

  scrub(t: number): void {
    this.playing = false;
    this.t = t;
    this.host.commit(t);
  }

  /** The widget came on or went off screen: the loop stops off-screen and resumes when seen again. */
  visible(on: boolean): void {
    this.onScreen = on;
    if (on && this.playing && !this.raf) {
      this.last = 0;
      this.raf = requestAnimationFrame(this.tick);
    }
  }

  dispose(): void {
    cancelAnimationFrame(this.raf);
    this.raf = 0;
  }

  private readonly tick = (now: number): void => {
    this.raf = 0;
    if (!this.playing || !this.onScreen) return;
    const dt = Math.min(0.1, (now - (this.last || now)) / 1000);
    this.last = now;
    const [lo, hi] = this.host.range();
    const t = this.t;
    if (prefersReducedMotion()) {
      if (now - this.reducedAt > 500) {
        this.reducedAt = now;
        this.t = t >= hi - 1e-9 ? lo : Math.min(hi, Math.round((t + 0.1) * 10) / 10);
      }
    } else this.t = t >= hi - 1e-9 ? lo : Math.min(hi, t + (dt * this.host.speed()) / 4);
    this.raf = requestAnimationFrame(this.tick);
  };
}
