/**
 * What the URL says about the page around the settings (TF Playground style): `embed=1` hides the
 * page chrome on the widget's own page, `_hide=a,b,…` hides controls by name (a setting's key, or a
 * group: draw, csv, export, transport, layers, network). Parsed defensively; unknown names are
 * reported, never fatal.
 */
export const HIDE_GROUPS = ['draw', 'csv', 'export', 'transport', 'layers', 'network', 'help'] as const;

export interface ViewOptions {
  embed: boolean;
  hidden: Set<string>;
  unknown: string[];
}

export function readViewOptions(search: string, knownKeys: readonly string[]): ViewOptions {
  const params = new URLSearchParams(search);
  const embed = params.get('embed') === '1';
  const hidden = new Set<string>();
  const unknown: string[] = [];
  for (const raw of (params.get('_hide') ?? '').slice(0, 500).split(',')) {
    const name = raw.trim();
    if (!name) continue;
    if (knownKeys.includes(name) || (HIDE_GROUPS as readonly string[]).includes(name)) hidden.add(name);
    else unknown.push(name.slice(0, 30));
  }
  return { embed, hidden, unknown };
}

/** One query parameter of `search` (e.g. `backend`, `worker`), or null. */
export function searchParam(search: string, key: string): string | null {
  return new URLSearchParams(search).get(key);
}
