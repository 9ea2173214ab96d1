/** Browser glue for settings.ts: read this widget's settings from location, write them back. */
import { mergeIntoSearch, parseSettings, type Parsed, type Schema, type SettingsOf } from '../../lib/state/settings.ts';

export function readSettingsFromLocation<S extends Schema>(schema: S, prefix: string): Parsed<S> {
  const search = typeof location === 'undefined' ? '' : location.search;
  return parseSettings(schema, new URLSearchParams(search), prefix);
}

let pending: number | undefined;
/** Debounced `history.replaceState` so dragging a slider does not flood the history API. */
export function writeSettingsToLocation<S extends Schema>(schema: S, settings: SettingsOf<S>, prefix: string): void {
  if (typeof location === 'undefined') return;
  clearTimeout(pending);
  pending = window.setTimeout(() => {
    const search = mergeIntoSearch(location.search, schema, settings, prefix);
    history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
  }, 150);
}
