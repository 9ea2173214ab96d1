/**
 * Off-screen pausing for an engine loop that computes in slices (written once for the solver lab's,
 * SDE vs ODE's and memorisation's runners). Commands set it (`set(true)` on pause, `set(false)` on
 * resume or dispose); between slices the loop awaits `wait(live)`, which returns at once unless
 * paused. `release()` wakes every waiter without resuming, so a run superseded while it waits
 * re-checks `live` and ends.
 */
export class PauseGate {
  private paused = false;
  private waiters: (() => void)[] = [];

  set(paused: boolean): void {
    this.paused = paused;
    if (!paused) this.release();
  }

  release(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }

  async wait(live: () => boolean = () => true): Promise<void> {
    while (this.paused && live()) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }
}
