/**
 * A chain of small tasks run one per macrotask (setTimeout 0), so a long recompute never blocks the
 * page for more than one stage. Starting a new chain cancels the previous one; the caller keeps
 * showing the last complete results until the new ones arrive.
 */
export class TaskChain {
  private generation = 0;

  /** Runs `tasks` in order; `onError` gets the index and error of a failing task (the chain goes on). */
  run(tasks: (() => void)[], onDone: () => void, onError: (i: number, err: unknown) => void): void {
    const gen = ++this.generation;
    let i = 0;
    const step = () => {
      if (gen !== this.generation) return;
      try {
        tasks[i]();
      } catch (err) {
        onError(i, err);
      }
      i++;
      if (i < tasks.length) setTimeout(step, 0);
      else onDone();
    };
    setTimeout(step, 0);
  }

  cancel(): void {
    this.generation++;
  }
}
