/**
 * Import boundaries the house rules state, checked on the source: a widget never imports another
 * widget's folder (shared widget code lives in src/widgets/shared, drawing in src/lib/viz, math in
 * src/lib/core); nothing in src/lib imports a widget; the core imports nothing outside the core.
 * Every static `import … from`, `export … from` and dynamic `import()` with a relative specifier is
 * resolved against its file.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const SRC = join(ROOT, 'src');

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (/\.(ts|svelte|js|mjs)$/.test(name)) out.push(p);
  }
  return out;
}

/** Relative import targets of a source file, resolved to paths relative to the repository root. */
function relativeImports(file: string, text: string): string[] {
  const specs = new Set<string>();
  const patterns = [
    /\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]/g,
    /\bimport\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g,
    /\bimport\s+['"](\.{1,2}\/[^'"]+)['"]/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) specs.add(m[1]);
  return [...specs].map((s) =>
    relative(ROOT, resolve(dirname(file), s))
      .split(sep)
      .join('/'),
  );
}

/** The widget folder a repository path belongs to ('shared' included), or null. */
function widgetOf(path: string): string | null {
  const m = /^src\/widgets\/([^/]+)\//.exec(path);
  return m ? m[1] : null;
}

/** Every (importer, imported) pair that breaks a rule, as readable lines. */
function boundaryViolations(sources: { path: string; text: string }[]): string[] {
  const bad: string[] = [];
  for (const { path, text } of sources) {
    const abs = join(ROOT, path);
    const from = widgetOf(path);
    for (const target of relativeImports(abs, text)) {
      const to = widgetOf(target);
      if (from && from !== 'shared' && to && to !== 'shared' && to !== from) bad.push(`${path} imports another widget's folder: ${target}`);
      if (path.startsWith('src/lib/') && target.startsWith('src/widgets/')) bad.push(`${path} (lib) imports a widget: ${target}`);
      if (path.startsWith('src/lib/core/') && !target.startsWith('src/lib/core/'))
        bad.push(`${path} (core) imports outside the core: ${target}`);
    }
  }
  return bad;
}

const sources = [...files(join(SRC, 'widgets')), ...files(join(SRC, 'lib'))].map((p) => ({
  path: relative(ROOT, p).split(sep).join('/'),
  text: readFileSync(p, 'utf8'),
}));

describe('import boundaries', () => {
  it('no widget imports another widget folder; lib never imports widgets; the core imports only the core', () => {
    expect(sources.length).toBeGreaterThan(50);
    expect(boundaryViolations(sources)).toEqual([]);
  });

  it('the scan sees each kind of violation (negative controls)', () => {
    const cases = [
      { path: 'src/widgets/path-explorer/Widget.svelte', text: "  import { drawPlane } from '../theorem1-explorer/render.ts';" },
      { path: 'src/widgets/path-explorer/render.ts', text: "const m = await import('../memorisation/thing.ts');" },
      { path: 'src/lib/viz/x.ts', text: "export { fmt } from '../../widgets/shared/format.ts';" },
      { path: 'src/lib/core/x.ts', text: "import type { Schema } from '../state/settings.ts';" },
    ];
    expect(boundaryViolations(cases)).toHaveLength(4);
    // Allowed: a widget's own files, the shared widget folder, lib/, and the core's own modules.
    const fine = [
      {
        path: 'src/widgets/path-explorer/Widget.svelte',
        text: "import { x } from './render.ts';\nimport S from '../shared/Slider.svelte';\nimport { y } from '../../lib/viz/canvas.ts';",
      },
      { path: 'src/lib/core/x.ts', text: "import { Rng } from './rng.ts';" },
    ];
    expect(boundaryViolations(fine)).toEqual([]);
  });
});
