/**
 * Reactive widget settings (Svelte 5 runes) on top of src/lib/state/settings.ts: defaults on the
 * server (so SSR and the first client frame agree), the URL read once mounted, every change clamped
 * and validated, only non-defaults (plus seed and version) written back to the URL under
 * `<prefix>.<key>`. Used by every widget with URL state.
 */
import { defaultSettings, sameSettings, validateSettings, type Schema, type SettingsOf } from '../../lib/state/settings.ts';
import { readSettingsFromLocation, writeSettingsToLocation } from './url-sync.ts';

export class WidgetSettings<S extends Schema> {
  readonly schema: S;
  readonly prefix: string;
  values: SettingsOf<S> = $state() as SettingsOf<S>;
  /** Messages about rejected or clamped values (URL or controls), shown politely by the widget. */
  problems: string[] = $state([]);

  constructor(schema: S, prefix: string) {
    this.schema = schema;
    this.prefix = prefix;
    this.values = defaultSettings(schema);
  }

  /**
   * Reads `?<prefix>.<key>=…` (call from onMount). When the URL holds nothing new for this widget
   * (most pages), `values` stays the object that hydration read: replacing it with an equal copy
   * made everything derived from them (grids, samples, every control's binding) run a second time
   * inside the hydration task.
   */
  loadFromUrl(): void {
    const parsed = readSettingsFromLocation(this.schema, this.prefix);
    if (!sameSettings(this.schema, this.values, parsed.settings)) this.values = parsed.settings;
    if (parsed.problems.length || this.problems.length) this.problems = parsed.problems;
  }

  /** Sets several keys at once (values from controls are validated and clamped like URL values). */
  update(partial: Partial<Record<keyof S, unknown>>, writeUrl = true): void {
    // Every setting is a number, string or boolean, so a shallow copy is a plain snapshot of the state.
    const parsed = validateSettings(this.schema, partial, { ...this.values });
    this.values = parsed.settings;
    if (parsed.problems.length) this.problems = parsed.problems;
    if (writeUrl) writeSettingsToLocation(this.schema, this.values, this.prefix);
  }

  set<K extends keyof S & string>(key: K, raw: unknown): void {
    this.update({ [key]: raw } as Partial<Record<keyof S, unknown>>);
  }

  /** Adds a message of the widget's own (e.g. a URL value that was valid alone but had to be adjusted). */
  addProblem(message: string): void {
    this.problems = [...this.problems, message];
  }

  dismissProblems(): void {
    this.problems = [];
  }
}
