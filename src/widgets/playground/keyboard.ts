/**
 * The playground's keys (on the widget, not in a form field): space plays or pauses, comma and
 * period step back and forth, the arrow keys move the probe by 2 % of the window.
 */
export interface KeyHost {
  play(): void;
  step(dir: 1 | -1): void;
  /** Moves the probe by (dx, dy) in data units; false when there is no probe to move. */
  moveProbe(dx: number, dy: number): boolean;
  /** Width of the view window in data units. */
  span: number;
}

export function handleKey(e: KeyboardEvent, host: KeyHost): void {
  const tag = (e.target as HTMLElement).tagName;
  if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') return;
  const d = 0.02 * host.span;
  const moves: Record<string, [number, number]> = { ArrowLeft: [-d, 0], ArrowRight: [d, 0], ArrowUp: [0, d], ArrowDown: [0, -d] };
  if (e.key === ' ' && tag !== 'BUTTON') {
    e.preventDefault();
    host.play();
  } else if (e.key === '.') host.step(1);
  else if (e.key === ',') host.step(-1);
  else if (moves[e.key] && host.moveProbe(...moves[e.key])) e.preventDefault();
}
