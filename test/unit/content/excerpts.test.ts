/**
 * Code listings quote named regions of real source files (src/plugins/excerpt.ts): every
 * `?excerpt=` import of a chapter resolves to a non-empty region, and a missing, repeated, unclosed
 * or empty region is an error (the build fails with it; nothing falls back to the whole file).
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ExcerptError, extractRegion } from '../../../src/plugins/excerpt.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const CHAPTERS = join(ROOT, 'content/chapters');

describe('extractRegion', () => {
  const src = ['a', '// #region two', 'b', 'c', '// #endregion two', 'd'].join('\n');
  it('returns the lines between the markers', () => expect(extractRegion(src, 'two')).toBe('b\nc'));
  it('fails on a missing region', () => expect(() => extractRegion(src, 'three')).toThrow(ExcerptError));
  it('fails on an unclosed region', () => expect(() => extractRegion('// #region x\ny', 'x')).toThrow(/no "\/\/ #endregion x"/));
  it('fails on a repeated region', () => expect(() => extractRegion(`${src}\n${src}`, 'two')).toThrow(/more than once/));
  it('fails on an empty region', () => expect(() => extractRegion('// #region e\n\n// #endregion e', 'e')).toThrow(/empty/));
});

describe('chapter listings', () => {
  const imports = readdirSync(CHAPTERS)
    .filter((f) => f.endsWith('.mdx'))
    .flatMap((f) => [...readFileSync(join(CHAPTERS, f), 'utf8').matchAll(/from\s+'([^']+)\?excerpt=([^']+)'/g)].map((m) => ({ chapter: f, file: m[1], region: m[2] })));

  it('chapter 5 quotes samplePathBatch through a region', () => {
    expect(imports.some((i) => i.chapter === '05-gaussian-paths.mdx' && i.region === 'sample-path-batch')).toBe(true);
  });

  for (const { chapter, file, region } of imports) {
    it(`${chapter}: ${file}#${region} exists`, () => {
      const path = resolve(dirname(join(CHAPTERS, chapter)), file);
      const body = extractRegion(readFileSync(path, 'utf8'), region, path);
      expect(body).toMatch(/\S/);
    });
  }

  it('chapter 5 quotes the whole of samplePathBatch and nothing after it', () => {
    const body = extractRegion(readFileSync(join(ROOT, 'src/lib/core/paths.ts'), 'utf8'), 'sample-path-batch');
    expect(body).toMatch(/^\/\*\*\n \* One CFM training batch/);
    expect(body).toMatch(/return \{ xt, ut \};\n\}$/);
    expect(body).not.toMatch(/export function (?!samplePathBatch)/);
  });
});
