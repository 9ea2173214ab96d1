import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  SETTINGS_VERSION,
  clampToField,
  defaultSettings,
  encodeSettings,
  fieldOptions,
  fieldStep,
  mergeIntoSearch,
  parseSettings,
  sameSettings,
  validateSettings,
  type Schema,
  type SettingsOf,
} from '../../../src/lib/state/settings.ts';

const schema = {
  lr: { kind: 'number', default: 0.001, min: 1e-5, max: 0.1 },
  batch: { kind: 'int', default: 256, min: 16, max: 2048 },
  coupling: { kind: 'enum', default: 'independent', values: ['independent', 'exact-ot', 'sinkhorn'] },
  showField: { kind: 'bool', default: true },
  seed: { kind: 'int', default: 1, min: 0, max: 2 ** 31 - 1 },
} as const;

describe('URL settings', () => {
  it('types an enum value by its allowed values, also where `satisfies Schema` widens the default to string (checked by tsc)', () => {
    const families = ['ot', 'vp'] as const;
    const widened = { path: { kind: 'enum', default: 'vp', values: families } } satisfies Schema;
    expectTypeOf<SettingsOf<typeof widened>['path']>().toEqualTypeOf<'ot' | 'vp'>();
    expectTypeOf<SettingsOf<typeof schema>['coupling']>().toEqualTypeOf<'independent' | 'exact-ot' | 'sinkhorn'>();
    expect(defaultSettings(widened).path).toBe('vp');
  });

  it('defaults produce an empty URL', () => {
    expect(encodeSettings(schema, defaultSettings(schema), 'w')).toEqual([]);
    expect(mergeIntoSearch('', schema, defaultSettings(schema), 'w')).toBe('');
  });

  it('encodes only non-defaults, plus seed and version, and round-trips', () => {
    const s = { ...defaultSettings(schema), lr: 0.003, coupling: 'exact-ot' as const };
    const entries = encodeSettings(schema, s, 'w');
    expect(Object.fromEntries(entries)).toEqual({
      'w.lr': '0.003',
      'w.coupling': 'exact-ot',
      'w.seed': '1',
      'w.v': String(SETTINGS_VERSION),
    });
    const back = parseSettings(schema, new URLSearchParams(entries), 'w');
    expect(back.problems).toEqual([]);
    expect(back.settings).toEqual(s);
  });

  it('a changed seed alone is written', () => {
    const s = { ...defaultSettings(schema), seed: 42 };
    expect(Object.fromEntries(encodeSettings(schema, s, 'w'))).toEqual({ 'w.seed': '42', 'w.v': String(SETTINGS_VERSION) });
  });

  it('clamps out-of-range numbers, rounds ints and reports each problem', () => {
    const p = parseSettings(schema, new URLSearchParams('w.lr=5&w.batch=17.6&w.seed=-3'), 'w');
    expect(p.settings.lr).toBe(0.1);
    expect(p.settings.batch).toBe(18);
    expect(p.settings.seed).toBe(0);
    expect(p.problems).toHaveLength(2);
    expect(p.problems[0]).toMatch(/lr: 5 is outside/);
  });

  it('rejects garbage with a message and keeps the default', () => {
    const p = parseSettings(schema, new URLSearchParams('w.lr=abc&w.coupling=<script>&w.showField=maybe&w.batch='), 'w');
    expect(p.settings).toEqual(defaultSettings(schema));
    expect(p.problems.length).toBe(4); // lr, coupling, showField and the empty batch
    expect(p.problems.join('\n')).toMatch(/not a number/);
    expect(p.problems.join('\n')).toMatch(/not one of independent, exact-ot, sinkhorn/);
  });

  it("ignores other widgets' keys and unknown keys, and keeps them when merging", () => {
    const search = '?other.lr=0.5&w.unknown=1&x=2';
    const p = parseSettings(schema, new URLSearchParams(search), 'w');
    expect(p.settings).toEqual(defaultSettings(schema));
    const merged = mergeIntoSearch(search, schema, { ...defaultSettings(schema), batch: 512 }, 'w');
    const params = new URLSearchParams(merged);
    expect(params.get('other.lr')).toBe('0.5');
    expect(params.get('x')).toBe('2');
    expect(params.get('w.unknown')).toBeNull();
    expect(params.get('w.batch')).toBe('512');
  });

  it('warns about links from another settings version', () => {
    const p = parseSettings(schema, new URLSearchParams('w.v=99&w.lr=0.002'), 'w');
    expect(p.settings.lr).toBe(0.002);
    expect(p.problems[0]).toMatch(/version 99/);
  });

  it('validates values coming from controls', () => {
    const v = validateSettings(schema, { lr: Infinity, batch: 4096 });
    expect(v.settings.lr).toBe(0.001);
    expect(v.settings.batch).toBe(2048);
    expect(v.problems).toHaveLength(2);
  });

  it('truncates absurdly long values before parsing', () => {
    const p = parseSettings(schema, new URLSearchParams(`w.coupling=${'a'.repeat(10_000)}`), 'w');
    expect(p.problems[0].length).toBeLessThan(200);
  });

  it('a control takes its step and options from the field: explicit step, else 1 for integers and 1/100 of the range for numbers', () => {
    expect(fieldStep({ kind: 'number', default: 0.5, min: 0, max: 2, step: 0.05 })).toBe(0.05);
    expect(fieldStep({ kind: 'number', default: 0.5, min: 0, max: 2 })).toBe(0.02);
    expect(fieldStep({ kind: 'int', default: 5, min: 1, max: 100 })).toBe(1);
    expect(fieldStep({ kind: 'int', default: 500, min: 100, max: 20000, step: 100 })).toBe(100);
    expect(fieldStep({ kind: 'number', default: 0.5, min: 0, max: 2, step: 0 })).toBe(0.02);
    const labelled = { kind: 'enum', default: 'b', values: ['a', 'b'], labels: { a: 'Alpha', b: 'Beta' } } as const;
    expect(fieldOptions(labelled)).toEqual([
      { value: 'a', label: 'Alpha' },
      { value: 'b', label: 'Beta' },
    ]);
    expect(fieldOptions({ kind: 'enum', default: 'x', values: ['x', 'y'] })).toEqual([
      { value: 'x', label: 'x' },
      { value: 'y', label: 'y' },
    ]);
    const px = { kind: 'number', default: 0, min: -12, max: 12 } as const;
    expect([clampToField(px, 20), clampToField(px, -20), clampToField(px, 3.5)]).toEqual([12, -12, 3.5]);
  });
});

describe('sameSettings (what a widget compares before replacing its values at mount)', () => {
  it('is true for a URL with nothing for the widget, or only its defaults, and false for any one key changed', () => {
    const defaults = defaultSettings(schema);
    for (const search of ['', '?other.batch=32', '?w.batch=256&w.seed=1&w.showField=1'])
      expect(sameSettings(schema, defaults, parseSettings(schema, new URLSearchParams(search), 'w').settings), search).toBe(true);
    const changed: Partial<SettingsOf<typeof schema>>[] = [
      { lr: 0.002 },
      { batch: 32 },
      { coupling: 'sinkhorn' },
      { showField: false },
      { seed: 2 },
    ];
    for (const change of changed) expect(sameSettings(schema, defaults, { ...defaults, ...change }), JSON.stringify(change)).toBe(false);
    expect(sameSettings(schema, defaults, parseSettings(schema, new URLSearchParams('?w.batch=99999'), 'w').settings)).toBe(false);
  });
});
