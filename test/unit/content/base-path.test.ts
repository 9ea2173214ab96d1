/**
 * Deploying under a sub-path (BASE_PATH): site-root links get the base, everything else is left alone,
 * and a real chapter's Markdown links, `<Ref>`s and `<Proof of>`s come out of the pipeline under it.
 * (The built site under a base is crawled in Chromium by test/e2e/reproducible.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeBase, withBase } from '../../../src/plugins/base-path.ts';
import { attr, chaptersDirWith, compileChapter, findAll, GOOD, jsx } from './compile.ts';

describe('withBase', () => {
  it('normalizes the base path', () => {
    expect(['', '/', undefined].map(normalizeBase)).toEqual(['/', '/', '/']);
    expect(['cfm', '/cfm', '/cfm/', 'cfm/'].map(normalizeBase)).toEqual(['/cfm/', '/cfm/', '/cfm/', '/cfm/']);
    expect(normalizeBase('/a/b/')).toBe('/a/b/');
  });

  it('puts site-root paths under the base and leaves other links alone', () => {
    expect(withBase('/chapters/x/#eq-1', '/cfm/')).toBe('/cfm/chapters/x/#eq-1');
    expect(withBase('/', '/cfm/')).toBe('/cfm/');
    expect(withBase('/#contents', '/cfm')).toBe('/cfm/#contents');
    for (const keep of ['#eq-1', 'x/', '//cdn.example/x', 'https://example.org/', 'mailto:a@b', '/cfm/widgets/', '/cfm'])
      expect(withBase(keep, '/cfm/')).toBe(keep);
    expect(withBase('/widgets/', '/')).toBe('/widgets/');
    expect(withBase('/widgets/', undefined)).toBe('/widgets/');
  });
});

describe('the chapter pipeline with a base path', () => {
  const links = (tree: Parameters<typeof findAll>[0]) => [
    ...findAll(tree, (n) => n.type === 'element' && n.tagName === 'a').map((n) => n.properties?.href as string),
    ...jsx(tree, 'a').map((n) => attr(n, 'href') as string),
    ...jsx(tree, 'Ref').map((n) => attr(n, 'href') as string),
    ...jsx(tree, 'Proof').map((n) => attr(n, 'ofHref') as string),
  ];

  it('puts Markdown links, HTML links and cross-chapter <Ref>s under the base; the rest stay', async () => {
    // The fixture's second chapter refers into the first (<Ref>), plus links of every kind.
    const dir = chaptersDirWith({ '01-first-steps.mdx': join(GOOD, '01-first-steps.mdx') });
    const second = readFileSync(join(GOOD, '02-second-steps.mdx'), 'utf8');
    writeFileSync(
      join(dir, '02-second-steps.mdx'),
      `${second}\nSee [the notation](/appendix/notation/), <a href="/widgets/path-explorer/?p=1">a widget</a>, [a section](#back-references) and [a paper](https://arxiv.org/abs/2210.02747).\n`,
    );
    const file = join(dir, '02-second-steps.mdx');
    const plain = links((await compileChapter(file, dir)).tree);
    const based = links((await compileChapter(file, dir, '/cfm/')).tree);
    expect(plain).toEqual(expect.arrayContaining(['/appendix/notation/', '/widgets/path-explorer/?p=1', '#back-references', 'https://arxiv.org/abs/2210.02747']));
    expect(plain.some((h) => h.startsWith('/chapters/first-steps/#'))).toBe(true);
    expect(based).toEqual(plain.map((h) => (h.startsWith('/') ? `/cfm${h}` : h)));
  });
});
