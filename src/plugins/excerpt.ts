/**
 * Code listings that quote a named region of a real source file, checked at build time.
 *
 * In the source, a region is marked with line comments (the convention editors fold on):
 *
 *     // #region sample-path-batch
 *     export function samplePathBatch(…) { … }
 *     // #endregion sample-path-batch
 *
 * A chapter imports the region's text (the lines between the markers) with a query:
 *
 *     import samplePathBatchSource from '../../src/lib/core/paths.ts?excerpt=sample-path-batch';
 *
 * A missing, repeated, unclosed or empty region fails the build (and `npm run dev`) with the file
 * and the region's name; nothing falls back to the whole file. test/unit/content/excerpts.test.ts
 * also resolves every `?excerpt=` import of the chapters in the unit run.
 */
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';

export class ExcerptError extends Error {
  override name = 'ExcerptError';
}

/** The lines strictly between `// #region name` and `// #endregion name` in `source`. */
export function extractRegion(source: string, name: string, file = '(source)'): string {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new ExcerptError(`${file}: region name "${name}" must be lower-case words joined by "-"`);
  const lines = source.split('\n');
  const open = (l: string) => new RegExp(`^\\s*//\\s*#region\\s+${name}\\s*$`).test(l);
  const close = (l: string) => new RegExp(`^\\s*//\\s*#endregion\\s+${name}\\s*$`).test(l);
  const starts = lines.flatMap((l, i) => (open(l) ? [i] : []));
  const ends = lines.flatMap((l, i) => (close(l) ? [i] : []));
  if (starts.length === 0) throw new ExcerptError(`${file}: no "// #region ${name}" marker (a chapter quotes this region)`);
  if (starts.length > 1 || ends.length > 1) throw new ExcerptError(`${file}: region "${name}" is marked more than once`);
  if (ends.length === 0 || ends[0] < starts[0])
    throw new ExcerptError(`${file}: region "${name}" has no "// #endregion ${name}" after its start`);
  const body = lines.slice(starts[0] + 1, ends[0]).join('\n');
  if (body.trim() === '') throw new ExcerptError(`${file}: region "${name}" is empty`);
  return body;
}

const QUERY = /\?excerpt=([^&]+)$/;

/** Vite plugin: `<file>?excerpt=<region>` → `export default "<the region's text>"`. */
export function excerptPlugin(): Plugin {
  return {
    name: 'cfm-excerpt',
    enforce: 'pre',
    async resolveId(id, importer) {
      const m = QUERY.exec(id);
      if (!m) return null;
      const resolved = await this.resolve(id.slice(0, m.index), importer, { skipSelf: true });
      if (!resolved) throw new ExcerptError(`${importer ?? '?'}: cannot resolve ${id}`);
      return `${resolved.id}?excerpt=${m[1]}`;
    },
    load(id) {
      const m = QUERY.exec(id);
      if (!m) return null;
      const file = id.slice(0, m.index);
      this.addWatchFile(file);
      return `export default ${JSON.stringify(extractRegion(readFileSync(file, 'utf8'), decodeURIComponent(m[1]), file))};`;
    },
  };
}
