/**
 * Widget settings: a schema with defaults and bounds in one place, defensive parsing from the URL,
 * and encoding of only the values that differ from the defaults (plus seed and version), so an
 * instructor can link a configuration. Pure TypeScript (URLSearchParams exists in Node and workers).
 *
 * Several widgets can share one page, so every key is namespaced: `?train-cfm.lr=0.003`.
 */

/**
 * A number with bounds. `step` is the granularity a control offers (a slider's step; default
 * (max − min)/100 for numbers, 1 for integers); values from the URL are only clamped, not rounded
 * to it. `label` names the setting in controls and problems.
 */
export interface NumberField {
  kind: 'number';
  default: number;
  min: number;
  max: number;
  step?: number;
  label?: string;
}
export interface IntField {
  kind: 'int';
  default: number;
  min: number;
  max: number;
  step?: number;
  label?: string;
}
/** One of a list of values; `labels` gives each value the text a control shows (default: the value). */
export interface EnumField<T extends string = string> {
  kind: 'enum';
  default: T;
  values: readonly T[];
  labels?: Readonly<Record<T, string>>;
  label?: string;
}
export interface BoolField {
  kind: 'bool';
  default: boolean;
  label?: string;
}
export type FieldSpec = NumberField | IntField | EnumField<string> | BoolField;
export type Schema = Record<string, FieldSpec>;

/**
 * The value type of a field. An enum's type is read from its `values` alone: in a schema written
 * `{ kind: 'enum', default: 'ot', values: PATH_NAMES } satisfies Schema` the default is widened to
 * `string`, and inferring from both would give `string` instead of the union of allowed values.
 */
export type ValueOf<F> = F extends NumberField | IntField
  ? number
  : F extends { kind: 'enum'; values: readonly (infer T extends string)[] }
    ? T
    : F extends BoolField
      ? boolean
      : never;
export type SettingsOf<S extends Schema> = { -readonly [K in keyof S]: ValueOf<S[K]> };

/** The step a control offers for a numeric field (see NumberField). */
export function fieldStep(spec: NumberField | IntField): number {
  if (spec.step !== undefined && spec.step > 0) return spec.step;
  return spec.kind === 'int' ? 1 : (spec.max - spec.min) / 100;
}

/** v clamped to a numeric field's bounds (for pointer input that may leave them; no problem message). */
export function clampToField(spec: NumberField | IntField, v: number): number {
  return Math.min(spec.max, Math.max(spec.min, v));
}

/** The options a control offers for an enum field: every value with its label. */
export function fieldOptions<T extends string>(spec: EnumField<T>): { value: T; label: string }[] {
  return spec.values.map((value) => ({ value, label: spec.labels?.[value] ?? value }));
}

/** Version of the URL encoding; bump when a key changes meaning. */
export const SETTINGS_VERSION = 1;

export interface Parsed<S extends Schema> {
  settings: SettingsOf<S>;
  /** Human-readable messages for every value that was rejected or clamped. */
  problems: string[];
}

export function defaultSettings<S extends Schema>(schema: S): SettingsOf<S> {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(schema)) out[key] = spec.default;
  return out as SettingsOf<S>;
}

/**
 * True when `a` and `b` hold the same value for every key of `schema`. Every setting is a number,
 * string or boolean, so this is equality of the views they describe (by Object.is, so a −0 read
 * from a URL counts as a change from 0: harmless, it only recomputes).
 */
export function sameSettings<S extends Schema>(schema: S, a: SettingsOf<S>, b: SettingsOf<S>): boolean {
  return Object.keys(schema).every((key) => Object.is(a[key], b[key]));
}

/**
 * A raw value as text for a problem message, also when it cannot be converted (a null-prototype
 * object, a throwing toString): found by the fuzzing in test/unit/state/fuzz-settings.test.ts.
 */
function shown(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  try {
    return String(raw);
  } catch {
    return `a value of type ${typeof raw}`;
  }
}

/** Validates one raw value (string from the URL or a value from a control) against its field. */
function coerceField(key: string, spec: FieldSpec, raw: unknown): { value: unknown; problem?: string } {
  switch (spec.kind) {
    case 'number':
    case 'int': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(n)) return { value: spec.default, problem: `${key}: "${shown(raw)}" is not a number; using ${spec.default}` };
      let v = spec.kind === 'int' ? Math.round(n) : n;
      if (v < spec.min || v > spec.max) {
        const c = Math.min(spec.max, Math.max(spec.min, v));
        const problem = `${key}: ${v} is outside [${spec.min}, ${spec.max}]; using ${c}`;
        v = c;
        return { value: v, problem };
      }
      return { value: v };
    }
    case 'enum': {
      const s = shown(raw);
      if (spec.values.includes(s)) return { value: s };
      return { value: spec.default, problem: `${key}: "${s}" is not one of ${spec.values.join(', ')}; using ${spec.default}` };
    }
    case 'bool': {
      if (raw === true || raw === 'true' || raw === '1') return { value: true };
      if (raw === false || raw === 'false' || raw === '0') return { value: false };
      return { value: spec.default, problem: `${key}: "${shown(raw)}" is not true/false; using ${spec.default}` };
    }
  }
}

/** Clamps/validates a partial settings object (e.g. from a control) into a full one. */
export function validateSettings<S extends Schema>(schema: S, partial: Partial<Record<keyof S, unknown>>, base?: SettingsOf<S>): Parsed<S> {
  const settings = { ...(base ?? defaultSettings(schema)) } as Record<string, unknown>;
  const problems: string[] = [];
  for (const [key, spec] of Object.entries(schema)) {
    if (!(key in partial) || partial[key as keyof S] === undefined) continue;
    const { value, problem } = coerceField(key, spec, partial[key as keyof S]);
    settings[key] = value;
    if (problem) problems.push(problem);
  }
  return { settings: settings as SettingsOf<S>, problems };
}

/** Reads `<prefix>.<key>` entries; unknown keys are ignored, bad values fall back with a message. */
export function parseSettings<S extends Schema>(schema: S, params: URLSearchParams, prefix: string): Parsed<S> {
  const partial: Record<string, string> = {};
  const problems: string[] = [];
  const version = params.get(`${prefix}.v`);
  if (version !== null && version !== String(SETTINGS_VERSION)) {
    problems.push(
      `link was made for settings version ${version}; this page uses version ${SETTINGS_VERSION}, values were read as best they could be`,
    );
  }
  for (const key of Object.keys(schema)) {
    const raw = params.get(`${prefix}.${key}`);
    if (raw !== null) partial[key] = raw.slice(0, 64);
  }
  const parsed = validateSettings(schema, partial as Partial<Record<keyof S, unknown>>);
  return { settings: parsed.settings, problems: [...problems, ...parsed.problems] };
}

/** Serialises only non-default values, plus `seed` (when the schema has one) and the version. */
export function encodeSettings<S extends Schema>(schema: S, settings: SettingsOf<S>, prefix: string): [string, string][] {
  const out: [string, string][] = [];
  let changed = false;
  for (const [key, spec] of Object.entries(schema)) {
    const value = (settings as Record<string, unknown>)[key];
    if (key === 'seed' || value !== spec.default) {
      if (key !== 'seed') changed = true;
      out.push([`${prefix}.${key}`, formatValue(value)]);
    }
  }
  if (!changed && !('seed' in schema && (settings as Record<string, unknown>).seed !== schema.seed.default)) return [];
  out.push([`${prefix}.v`, String(SETTINGS_VERSION)]);
  return out;
}

function formatValue(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
  return String(v);
}

/** Returns a new query string with this widget's keys replaced (other widgets' keys untouched). */
export function mergeIntoSearch<S extends Schema>(search: string, schema: S, settings: SettingsOf<S>, prefix: string): string {
  const params = new URLSearchParams(search);
  for (const key of [...params.keys()]) if (key.startsWith(`${prefix}.`)) params.delete(key);
  for (const [k, v] of encodeSettings(schema, settings, prefix)) params.set(k, v);
  const s = params.toString();
  return s ? `?${s}` : '';
}
