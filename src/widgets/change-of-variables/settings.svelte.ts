/**
 * Reactive settings for the Part I widgets (Svelte 5 runes) on src/lib/state/settings.ts: defaults
 * during server rendering (so the first frame matches), the URL read once mounted, every change
 * validated and clamped, only non-defaults (plus seed and version) written back under `<prefix>.<key>`.
 */
import { defaultSettings, validateSettings, type Schema, type SettingsOf } from '../../lib/state/settings.ts';
import { readSettingsFromLocation, writeSettingsToLocation } from '../shared/url-sync.ts';

export class UrlSettings<S extends Schema> {
  readonly schema: S;
  readonly prefix: string;
  values: SettingsOf<S> = $state() as SettingsOf<S>;
  problems: string[] = $state([]);

  constructor(schema: S, prefix: string) {
    this.schema = schema;
    this.prefix = prefix;
    this.values = defaultSettings(schema);
  }

  loadFromUrl(): void {
    const parsed = readSettingsFromLocation(this.schema, this.prefix);
    this.values = parsed.settings;
    this.problems = parsed.problems;
  }

  update(partial: Partial<Record<keyof S, unknown>>): void {
    const parsed = validateSettings(this.schema, partial, $state.snapshot(this.values) as SettingsOf<S>);
    this.values = parsed.settings;
    if (parsed.problems.length) this.problems = parsed.problems;
    writeSettingsToLocation(this.schema, this.values, this.prefix);
  }

  addProblem(message: string): void {
    this.problems = [...this.problems, message];
  }

  dismiss(): void {
    this.problems = [];
  }
}
