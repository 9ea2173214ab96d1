/**
 * Property-based tests (fast-check) of every widget's settings schema and of the URL parsers
 * (src/lib/state/settings.ts, src/widgets/shared/url-sync.ts, the `?backend=` reader). Schemas are
 * discovered (discover-schemas.ts), so a new widget is covered when it lands. For each schema:
 *
 * - any query string, and any value in any of its keys, parses without throwing into settings that
 *   are in bounds: finite numbers within [min, max], integers for int fields, a listed enum value,
 *   a boolean;
 * - any object handed to validateSettings (what a control passes) does the same, whatever it holds
 *   (null-prototype objects, bigints, symbols, values whose toString throws…);
 * - valid settings round-trip through the URL exactly (parse(serialise(s)) = s, no problem reported)
 *   when their numbers are what the URL can say (6 significant digits), and to 6 significant digits
 *   otherwise, still without a problem; other widgets' keys on the page are left as they were.
 *
 * The number of runs per parser and schema is printed at the end.
 */
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  encodeSettings,
  mergeIntoSearch,
  parseSettings,
  validateSettings,
  type FieldSpec,
  type Schema,
  type SettingsOf,
} from '../../../src/lib/state/settings.ts';
import { readSettingsFromLocation } from '../../../src/widgets/shared/url-sync.ts';
import { isBackendName } from '../../../src/lib/nn/backend-names.ts';
import { discoverSchemas, widgetSchemaUses } from './discover-schemas.ts';

const schemas = await discoverSchemas();
const PREFIX = 'w';

/** Runs per property; `FUZZ_RUNS` scales them (e.g. FUZZ_RUNS=20000 for a long local hunt). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 500);
const counts = new Map<string, number>();
function check<T>(parser: string, arb: fc.Arbitrary<T>, predicate: (v: T) => void, runs = RUNS): void {
  fc.assert(
    fc.property(arb, (v) => {
      predicate(v);
    }),
    { numRuns: runs },
  );
  counts.set(parser, (counts.get(parser) ?? 0) + runs);
}

/** Strings a reader, a typo or an attacker may put in a URL value. */
const HOSTILE = [
  '',
  ' ',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-1e309',
  '1e-400',
  '0x1f',
  '0b11',
  '1_000',
  '-0',
  '+5',
  '.5',
  '5.',
  ' 7 ',
  'true',
  'false',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  'toString',
  '<script>alert(1)</script>',
  '"onerror=alert(1)',
  '"><img src=x onerror=alert(1)>',
  '\u0000',
  '%00',
  '\uD800',
  '9'.repeat(400),
];

function urlValue(field?: FieldSpec): fc.Arbitrary<string> {
  const options: fc.Arbitrary<string>[] = [
    fc.string(),
    fc.string({ unit: 'grapheme' }),
    fc.string({ unit: 'binary' }),
    fc.constantFrom(...HOSTILE),
    fc.double().map(String),
    fc.integer().map(String),
    fc.bigInt().map(String),
  ];
  if (field?.kind === 'enum') options.push(fc.constantFrom(...field.values));
  if (field?.kind === 'number' || field?.kind === 'int')
    options.push(fc.double({ min: field.min - 1, max: field.max + 1, noNaN: true }).map(String));
  return fc.oneof(...options);
}

/** A query string: any of the schema's keys (with and without the prefix, repeated) plus junk keys. */
function queryFor(schema: Schema): fc.Arbitrary<string> {
  const entries = Object.entries(schema).map(([key, field]) =>
    fc.tuple(fc.constantFrom(`${PREFIX}.${key}`, key, `${PREFIX}.${key}`), urlValue(field)),
  );
  const junk = fc.tuple(
    fc.oneof(fc.string(), fc.constantFrom(`${PREFIX}.v`, `${PREFIX}.`, '__proto__', `${PREFIX}.__proto__`)),
    urlValue(),
  );
  return fc.oneof(
    fc.array(fc.oneof(...entries, junk), { maxLength: 40 }).map((kv) => new URLSearchParams(kv).toString()),
    fc.string({ unit: 'binary' }),
    fc.string().map((s) => `${PREFIX}.${Object.keys(schema)[0]}=${s}`),
  );
}

/** Objects a control (or a bug) may hand to validateSettings: anything at all in any key. */
const throwing = fc.constant({
  toString(): string {
    throw new Error('toString');
  },
  valueOf(): number {
    throw new Error('valueOf');
  },
});
function objectFor(schema: Schema): fc.Arbitrary<Record<string, unknown>> {
  const anything = fc.oneof(
    fc.anything({
      withNullPrototype: true,
      withBigInt: true,
      withBoxedValues: true,
      withObjectString: true,
      withTypedArray: true,
      withSparseArray: true,
    }),
    fc.double(),
    fc.constantFrom<unknown>(Infinity, -Infinity, NaN, -0, Symbol('s'), null, undefined, () => 1, new Date(NaN)),
    throwing,
    urlValue(),
  );
  return fc.dictionary(fc.oneof(fc.constantFrom(...Object.keys(schema)), fc.string()), anything, { maxKeys: 30 });
}

/** The value the URL can state exactly: 6 significant digits (what encodeSettings writes). */
const sixDigits = (v: number) => Number(v.toPrecision(6));

function validField(field: FieldSpec, exact: boolean): fc.Arbitrary<unknown> {
  switch (field.kind) {
    case 'int':
      return fc.oneof(fc.integer({ min: field.min, max: field.max }), fc.constantFrom(field.min, field.max, field.default));
    case 'number': {
      const any = fc
        .double({ min: field.min, max: field.max, noNaN: true, noDefaultInfinity: true })
        .map((v) => (Object.is(v, -0) ? 0 : v));
      const inRange = (v: number) => v >= field.min && v <= field.max;
      return fc.oneof(exact ? any.map(sixDigits).filter(inRange) : any, fc.constantFrom(field.min, field.max, field.default));
    }
    case 'enum':
      return fc.constantFrom(...field.values);
    case 'bool':
      return fc.boolean();
  }
}

function validSettings<S extends Schema>(schema: S, exact: boolean): fc.Arbitrary<SettingsOf<S>> {
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, field] of Object.entries(schema)) record[key] = validField(field, exact);
  return fc.record(record) as unknown as fc.Arbitrary<SettingsOf<S>>;
}

/** Every key present, and each value of its field's type, finite and in bounds. */
function expectInBounds(schema: Schema, settings: Record<string, unknown>, problems: unknown): void {
  expect(Object.keys(settings).sort()).toEqual(Object.keys(schema).sort());
  for (const [key, field] of Object.entries(schema)) {
    const v = settings[key];
    const where = `${key} = ${typeof v === 'symbol' ? 'symbol' : String(v)}`;
    switch (field.kind) {
      case 'number':
      case 'int':
        expect(typeof v, where).toBe('number');
        expect(Number.isFinite(v), where).toBe(true);
        expect(v as number, where).toBeGreaterThanOrEqual(field.min);
        expect(v as number, where).toBeLessThanOrEqual(field.max);
        if (field.kind === 'int') expect(Number.isInteger(v), where).toBe(true);
        break;
      case 'enum':
        expect(field.values, where).toContain(v);
        break;
      case 'bool':
        expect(typeof v, where).toBe('boolean');
        break;
    }
  }
  expect(Array.isArray(problems)).toBe(true);
  for (const p of problems as unknown[]) expect(typeof p).toBe('string');
}

describe('settings schemas are discovered', () => {
  it('finds the schemas of the widgets and engines', () => {
    expect(schemas.length).toBeGreaterThanOrEqual(15);
    for (const s of schemas)
      for (const [key, field] of Object.entries(s.schema)) {
        if (field.kind === 'number' || field.kind === 'int') {
          expect(Number.isFinite(field.min) && Number.isFinite(field.max), `${s.id}.${key}`).toBe(true);
          expect(field.min <= field.default && field.default <= field.max, `${s.id}.${key} default in bounds`).toBe(true);
        }
        if (field.kind === 'enum') expect(field.values, `${s.id}.${key} default`).toContain(field.default);
      }
  });

  it('covers the schema of every widget that keeps settings in the URL', () => {
    const found = new Set(schemas.map((s) => `${s.file}#${s.exportName}`));
    const uses = widgetSchemaUses();
    expect(uses.length).toBeGreaterThanOrEqual(14);
    const missed = uses.filter((u) => u.file === null || !found.has(`${u.file}#${u.exportName}`));
    // A schema written inline in a component escapes the fuzzing: move it to the widget's schema.ts.
    expect(missed).toEqual([]);
  });
});

describe.each(schemas.map((s) => [s.id, s.schema] as const))('%s', (_id, schema) => {
  it('parses any query string without throwing, into settings in bounds', () => {
    check('parseSettings (query string)', queryFor(schema), (query) => {
      const parsed = parseSettings(schema, new URLSearchParams(query), PREFIX);
      expectInBounds(schema, parsed.settings, parsed.problems);
    });
  });

  it('reads any location through url-sync without throwing, into settings in bounds', () => {
    const g = globalThis as { location?: unknown };
    check('readSettingsFromLocation (url-sync)', queryFor(schema), (query) => {
      g.location = { search: `?${query}`, pathname: '/', hash: '' };
      const parsed = readSettingsFromLocation(schema, PREFIX);
      expectInBounds(schema, parsed.settings, parsed.problems);
    });
    delete g.location;
  });

  it('validates any object without throwing, into settings in bounds', () => {
    check('validateSettings (any object)', objectFor(schema), (partial) => {
      const parsed = validateSettings(schema, partial);
      expectInBounds(schema, parsed.settings, parsed.problems);
    });
  });

  it('round-trips valid settings through the URL exactly', () => {
    check('round trip (exact)', fc.tuple(validSettings(schema, true), fc.string()), ([s, other]) => {
      const search = mergeIntoSearch(`?other.key=${encodeURIComponent(other)}`, schema, s, PREFIX);
      const params = new URLSearchParams(search);
      expect(params.get('other.key')).toBe(other);
      const back = parseSettings(schema, params, PREFIX);
      expect(back.problems).toEqual([]);
      expect(back.settings).toEqual(s);
    });
  });

  it('round-trips any in-bounds settings to 6 significant digits, without a problem, and stably', () => {
    check('round trip (6 digits)', validSettings(schema, false), (s) => {
      const once = parseSettings(schema, new URLSearchParams(encodeSettings(schema, s, PREFIX)), PREFIX);
      expect(once.problems).toEqual([]);
      for (const [key, field] of Object.entries(schema)) {
        const a = (s as Record<string, unknown>)[key];
        const b = (once.settings as Record<string, unknown>)[key];
        if (field.kind === 'number') expect(Math.abs((b as number) - (a as number))).toBeLessThanOrEqual(Math.abs(a as number) * 5e-6);
        else expect(b).toBe(a);
      }
      const twice = parseSettings(schema, new URLSearchParams(encodeSettings(schema, once.settings, PREFIX)), PREFIX);
      expect(twice.settings).toEqual(once.settings);
    });
  });
});

describe('?backend= and ?worker=', () => {
  it('accepts only the four backend names', () => {
    check('isBackendName (?backend=)', fc.oneof(urlValue(), fc.anything()), (v) => {
      expect(isBackendName(v)).toBe(['webgpu', 'webgl', 'wasm', 'cpu'].includes(v as string));
    });
  });
});

afterEach(() => {
  delete (globalThis as { location?: unknown }).location;
});

afterAll(() => {
  // The fuzzing counts (runs per parser, summed over the discovered schemas) for the report.
  const lines = [...counts].map(([parser, n]) => `  ${parser}: ${n} runs`);
  console.log(`fuzzed ${schemas.length} schemas (${RUNS} runs per property and schema):\n${lines.join('\n')}`);
});
