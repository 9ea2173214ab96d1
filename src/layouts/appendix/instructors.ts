/**
 * The instructor's guide's tables, generated from the sources rather than copied: for every widget
 * page (src/pages/widgets/*.astro) the component it mounts; from that component's source, the schema
 * it hands to `new WidgetSettings(…)` and its URL prefix (the `id` prop's default); from the schema,
 * every URL parameter with its label, kind, default and range or values; from the widget folder's
 * sources, the page-level parameters it reads (`?backend=`, `?worker=`) and whether it has an embed
 * mode (`?embed=1`). The page passes in the raw sources and the imported schema modules.
 */
import type { FieldSpec, Schema } from '../../lib/state/settings.ts';

export interface ParamRow {
  /** The URL key, `<prefix>.<key>`. */
  param: string;
  label: string;
  kind: FieldSpec['kind'];
  default: string;
  /** "0 … 1, step 0.01" or "a, b, c" or "true, false". */
  allowed: string;
}

export interface WidgetGuide {
  slug: string;
  title: string;
  description: string;
  /** Folder under src/widgets the page's component lives in. */
  folder: string;
  prefix: string | null;
  /** Module (relative to src/) and export name of the schema, or null when the widget has no URL settings. */
  schemaModule: string | null;
  schemaExport: string | null;
  params: ParamRow[];
  /** Page-level query parameters the widget's code reads. */
  pageParams: string[];
  embed: boolean;
}

/** The component a widget page mounts: its folder and file under src/widgets. */
export function pageComponent(pageSource: string): { folder: string; file: string } | null {
  const m = /import\s+\w+\s+from\s+['"]\.\.\/\.\.\/widgets\/([\w-]+)\/([\w-]+\.svelte)['"]/.exec(pageSource);
  return m ? { folder: m[1], file: m[2] } : null;
}

/** Script part of a Svelte component, comments removed. */
function script(src: string): string {
  const s = [...src.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n') || src;
  return s.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

/**
 * The schema a component passes to `new WidgetSettings(NAME, …)`: the module it imports NAME from
 * (resolved against its folder, relative to src/) and the exported name (through `X as NAME` and one
 * `const NAME = X;` alias). Null when the component has no WidgetSettings.
 */
export function schemaUse(componentSource: string, folder: string): { module: string; exportName: string; prefix: string | null } | null {
  const src = script(componentSource);
  const use = /new\s+WidgetSettings\(\s*([\w$]+)/.exec(src);
  if (!use) return null;
  let local = use[1];
  const alias = new RegExp(`const\\s+${local}\\s*=\\s*([\\w$]+)\\s*;`).exec(src);
  if (alias) local = alias[1];
  const prefix = /let\s*\{\s*id\s*=\s*['"]([\w-]+)['"]/.exec(src)?.[1] ?? null;
  for (const m of src.matchAll(/import\s*\{([^}]*)\}\s*from\s*['"]([^'"]+)['"]/g)) {
    for (const part of m[1].split(',').map((s) => s.trim().replace(/^type\s+/, ''))) {
      const [exported, as] = part.split(/\s+as\s+/).map((s) => s.trim());
      if ((as ?? exported) === local) return { module: resolveFrom(`widgets/${folder}`, m[2]), exportName: exported, prefix };
    }
  }
  throw new Error(`src/widgets/${folder}: the schema "${local}" passed to WidgetSettings is not imported by name`);
}

/** `from` is a folder relative to src/; returns the import target relative to src/. */
function resolveFrom(from: string, spec: string): string {
  const parts = from.split('/');
  for (const seg of spec.split('/')) {
    if (seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : String(+v.toPrecision(6));
}

/** One row per schema field, in the schema's order. */
export function paramRows(schema: Schema, prefix: string): ParamRow[] {
  return Object.entries(schema).map(([key, f]) => {
    let allowed: string;
    if (f.kind === 'enum') allowed = f.values.join(', ');
    else if (f.kind === 'bool') allowed = 'true, false';
    else allowed = `${fmt(f.min)} … ${fmt(f.max)}${f.step !== undefined ? `, step ${fmt(f.step)}` : ''}`;
    return { param: `${prefix}.${key}`, label: f.label ?? key, kind: f.kind, default: String(f.default), allowed };
  });
}

/** Page-level parameters read by a widget folder's sources, and whether one of them is an embed mode. */
export function pageParams(folderSources: string[]): { params: string[]; embed: boolean } {
  const found = new Set<string>();
  for (const s of folderSources) for (const m of s.matchAll(/\.get\(\s*['"]([\w-]+)['"]\s*\)/g)) found.add(m[1]);
  return { params: [...found].sort(), embed: found.has('embed') };
}

/** Assembles the guide from sources keyed by their path relative to src/ and the imported schema modules. */
export function buildGuide(
  pages: { slug: string; title: string; description: string; source: string }[],
  widgetSources: Record<string, string>,
  schemaModules: Record<string, Record<string, unknown>>,
): WidgetGuide[] {
  return pages.map((p) => {
    const comp = pageComponent(p.source);
    if (!comp) throw new Error(`src/pages/widgets/${p.slug}.astro mounts no component from src/widgets`);
    const componentSource = widgetSources[`widgets/${comp.folder}/${comp.file}`];
    if (componentSource === undefined) throw new Error(`widgets/${comp.folder}/${comp.file} not found`);
    const use = schemaUse(componentSource, comp.folder);
    let params: ParamRow[] = [];
    if (use) {
      const mod = schemaModules[use.module.replace(/\.ts$/, '') + '.ts'];
      const schema = mod?.[use.exportName] as Schema | undefined;
      if (!schema) throw new Error(`schema ${use.exportName} not found in src/${use.module}`);
      params = paramRows(schema, use.prefix ?? comp.folder);
    }
    const folderSources = Object.entries(widgetSources)
      .filter(([path]) => path.startsWith(`widgets/${comp.folder}/`))
      .map(([, s]) => s);
    const page = pageParams(folderSources);
    return {
      slug: p.slug,
      title: p.title,
      description: p.description,
      folder: comp.folder,
      prefix: use ? (use.prefix ?? comp.folder) : null,
      schemaModule: use?.module ?? null,
      schemaExport: use?.exportName ?? null,
      params,
      pageParams: page.params,
      embed: page.embed,
    };
  });
}

/** A link to a widget page with the given settings (values are validated by the tests against the schema). */
export function widgetLink(slug: string, prefix: string, settings: Record<string, string | number | boolean>): string {
  const q = Object.entries(settings)
    .map(([k, v]) => `${encodeURIComponent(`${prefix}.${k}`)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return `/widgets/${slug}/${q ? `?${q}` : ''}`;
}
