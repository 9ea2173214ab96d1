import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileChapter, findAll, text } from './compile.ts';
import { citedKeys } from '../../../src/plugins/citation-registry.ts';

/** The printed text of every citation, in reading order. */
async function citations(body: string): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cfm-cites-'));
  const file = join(dir, '01-cites.mdx');
  writeFileSync(file, `---\ntitle: "Cites"\norder: 1\npart: 1\nsummary: "Citations."\n---\n\n${body}\n`);
  const { tree } = await compileChapter(file, dir);
  return findAll(tree, (n) => typeof n.properties?.id === 'string' && String(n.properties.id).startsWith('citation--')).map(text);
}

describe('citations are disambiguated from the first one on', () => {
  it('prints X. Liu before Q. Liu is first cited, as after', async () => {
    // Chapter 8's order: the 2023 paper three times, then Q. Liu (2022), then the 2023 paper again.
    const printed = await citations(
      'Rectified flow [@liu2023flow]. As @liu2023flow show [@liu2023flow, p. 3]. Alone [@liu2022rectified]. Again [@liu2023flow].',
    );
    expect(printed).toEqual([
      '(X. Liu et al., 2023)',
      'X. Liu et al. (2023)',
      '(X. Liu et al., 2023, p. 3)',
      '(Q. Liu, 2022)',
      '(X. Liu et al., 2023)',
    ]);
  });

  it('registers a key cited only inside an inline component (a sidenote)', async () => {
    const printed = await citations('Rectified flow [@liu2023flow]. <Sidenote>Also [@liu2022rectified].</Sidenote>');
    expect(printed).toEqual(['(X. Liu et al., 2023)', '(Q. Liu, 2022)']);
  });

  it('leaves a chapter that cites one Liu paper as it was', async () => {
    expect(await citations('Rectified flow [@liu2023flow]; flow matching [@lipman2023flow].')).toEqual(['(Liu et al., 2023)', '(Lipman et al., 2023)']);
  });

  it('finds the keys a chapter cites, and only those the bibliography has', () => {
    const known = new Set(['a1', 'b_2', 'c3']);
    expect(citedKeys(['see [@a1; -@b_2, p. 4] and @c3.', 'mail x@a1 and [@zz]', '@a1 again'], known)).toEqual(['a1', 'b_2', 'c3']);
  });
});
