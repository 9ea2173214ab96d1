/** Browser glue for settings.ts: read this widget's settings from location, write them back. */
import { mergeIntoSearch, parseSettings, type Parsed, type Schema, type SettingsOf } from '../../lib/state/settings.ts';

/**
 * Reads this widget's settings from the URL. On a standalone widget page (`/widgets/<name>/`,
 * marked `data-widget-page`) plain names are accepted too (`?nfe=10` for `?<prefix>.nfe=10`), as an
 * instructor would type them; the prefixed name wins when both are given.
 */
export function readSettingsFromLocation<S extends Schema>(schema: S, prefix: string): Parsed<S> {
  const params = new URLSearchParams(typeof location === 'undefined' ? '' : location.search);
  if (typeof document !== 'undefined' && document.querySelector('[data-widget-page]')) {
    for (const key of Object.keys(schema)) {
      const plain = params.get(key);
      if (plain !== null && !params.has(`${prefix}.${key}`)) params.set(`${prefix}.${key}`, plain);
    }
  }
  return parseSettings(schema, params, prefix);
}

/**
 * The address of this exact view: the page's URL with every widget's settings (this one's current
 * values included, even a hovered probe) and `hash` (the figure's id) as the fragment.
 */
export function viewUrl<S extends Schema>(schema: S, settings: SettingsOf<S>, prefix: string, hash: string): string {
  flushSettingsToLocation();
  const search = mergeIntoSearch(location.search, schema, settings, prefix);
  return new URL(`${location.pathname}${search}${hash ? `#${hash}` : location.hash}`, location.href).href;
}

/** Each widget's latest settings not yet written (by URL prefix): one timer flushes them all. */
const pendingWrites = new Map<string, (search: string) => string>();
let pending: number | undefined;

/**
 * A mouse moving over a plot without a button pressed (a hover probe): what it changes is shown but
 * never written to the URL (the address bar must not churn while the reader only looks; a later
 * deliberate change writes the whole state, and "copy link to this view" includes it).
 */
function duringHover(): boolean {
  const ev = typeof window === 'undefined' ? undefined : window.event;
  return typeof PointerEvent !== 'undefined' && ev instanceof PointerEvent && ev.type === 'pointermove' && ev.buttons === 0;
}

/** Writes every pending widget's settings to the URL now (history.replaceState, hash kept). */
export function flushSettingsToLocation(): void {
  clearTimeout(pending);
  pending = undefined;
  if (!pendingWrites.size || typeof location === 'undefined') return;
  let search = location.search;
  for (const merge of pendingWrites.values()) search = merge(search);
  pendingWrites.clear();
  history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
}

/**
 * Debounced `history.replaceState` so dragging a slider does not flood the history API. Pending
 * writes are kept per widget, so two widgets changed within the delay both reach the URL.
 */
export function writeSettingsToLocation<S extends Schema>(schema: S, settings: SettingsOf<S>, prefix: string): void {
  if (typeof location === 'undefined' || duringHover()) return;
  pendingWrites.set(prefix, (search) => mergeIntoSearch(search, schema, settings, prefix));
  clearTimeout(pending);
  pending = window.setTimeout(flushSettingsToLocation, 150);
}
