/**
 * Finds every settings schema of the book by itself, so a new widget is fuzzed (and its page
 * attacked through the URL) the day it lands: every module named schema*.ts / settings*.ts under
 * src/widgets/<name>/ and src/lib/engine/<name>/, and every module a component imports the schema
 * of its `new WidgetSettings(…)` from, is imported, and each export that is a Schema
 * (an object whose every value is a number/int/enum/bool field) is collected. `widgetSchemaUses`
 * lists which schema each Widget.svelte hands to `new WidgetSettings(…)`, so a test can check that
 * nothing escaped discovery (a schema written inline in a component, say).
 */
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FieldSpec, Schema } from '../../../src/lib/state/settings.ts';

export const ROOT = resolve(import.meta.dirname, '../../..');
const SCHEMA_FILE = /^(schema|settings)[\w-]*\.ts$/;
/** Modules that hold the settings machinery rather than a schema (Svelte runes: not importable in Node). */
const NOT_SCHEMAS = /\.svelte\.ts$/;

export interface FoundSchema {
  /** `src/widgets/train-cfm/schema.ts#trainSchema`: where it lives, for messages and reports. */
  id: string;
  file: string;
  exportName: string;
  schema: Schema;
}

function isField(v: unknown): v is FieldSpec {
  if (typeof v !== 'object' || v === null) return false;
  const f = v as Record<string, unknown>;
  switch (f.kind) {
    case 'number':
    case 'int':
      return typeof f.default === 'number' && typeof f.min === 'number' && typeof f.max === 'number';
    case 'enum':
      return typeof f.default === 'string' && Array.isArray(f.values);
    case 'bool':
      return typeof f.default === 'boolean';
    default:
      return false;
  }
}

export function isSchema(v: unknown): v is Schema {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const values = Object.values(v);
  return values.length > 0 && values.every(isField);
}

/** Every schema*.ts / settings*.ts in a folder of src/widgets and src/lib/engine. */
export function schemaFiles(): string[] {
  const out: string[] = [];
  for (const base of ['src/widgets', 'src/lib/engine', 'src/lib/state']) {
    const dir = join(ROOT, base);
    const folders = [dir, ...readdirSync(dir).map((d) => join(dir, d))].filter((d) => statSync(d).isDirectory());
    for (const folder of folders)
      for (const f of readdirSync(folder)) if (SCHEMA_FILE.test(f) && !NOT_SCHEMAS.test(f)) out.push(join(folder, f));
  }
  return [...new Set(out)].sort();
}

/**
 * Imports every schema file, and every module a widget takes its `WidgetSettings` schema from, and
 * returns each exported Schema (deduplicated by identity).
 */
export async function discoverSchemas(): Promise<FoundSchema[]> {
  const found: FoundSchema[] = [];
  const seen = new Set<unknown>();
  const used = widgetSchemaUses().flatMap((u) => (u.file && u.file.endsWith('.ts') ? [join(ROOT, u.file)] : []));
  for (const file of [...new Set([...schemaFiles(), ...used])].sort()) {
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const [exportName, value] of Object.entries(mod)) {
      if (!isSchema(value) || seen.has(value)) continue;
      seen.add(value);
      const rel = relative(ROOT, file);
      found.push({ id: `${rel}#${exportName}`, file: rel, exportName, schema: value });
    }
  }
  return found;
}

export interface SchemaUse {
  widget: string;
  /** The module the schema passed to `new WidgetSettings` is imported from, or null when it is not imported. */
  file: string | null;
  exportName: string;
}

/** For every widget component that builds a `WidgetSettings`, where its schema comes from. */
export function widgetSchemaUses(): SchemaUse[] {
  const uses: SchemaUse[] = [];
  const widgets = join(ROOT, 'src/widgets');
  for (const name of readdirSync(widgets)) {
    const folder = join(widgets, name);
    if (!statSync(folder).isDirectory() || name === 'shared') continue;
    for (const f of readdirSync(folder).filter((x) => x.endsWith('.svelte'))) {
      const src = readFileSync(join(folder, f), 'utf8');
      for (const m of src.matchAll(/new WidgetSettings\(\s*([\w$]+)/g)) {
        let local = m[1];
        // `const schema = memorisationSchema;` before `new WidgetSettings(schema, id)`: follow the alias.
        const alias = new RegExp(`const\\s+${local.replace('$', '\\$')}\\s*=\\s*([\\w$]+)\\s*;`).exec(src);
        if (alias) local = alias[1];
        let file: string | null = null;
        let exportName = local;
        for (const imp of src.matchAll(/import\s*\{([^}]*)\}\s*from\s*'([^']+)'/g)) {
          for (const part of imp[1].split(',')) {
            const [orig, alias] = part.trim().split(/\s+as\s+/);
            if ((alias ?? orig) !== local) continue;
            const target = resolve(dirname(join(folder, f)), imp[2]);
            file = existsSync(target) ? relative(ROOT, target) : null;
            exportName = orig;
          }
        }
        uses.push({ widget: `${name}/${f}`, file, exportName });
      }
    }
  }
  return uses;
}

/** Every URL key any schema reads (union over schemas), for attacking a page through every parameter. */
export async function allSchemaKeys(): Promise<string[]> {
  const keys = new Set<string>();
  for (const s of await discoverSchemas()) for (const k of Object.keys(s.schema)) keys.add(k);
  return [...keys].sort();
}
