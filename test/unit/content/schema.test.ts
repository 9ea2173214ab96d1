import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { chapterSchema, slugFromFileName } from '../../../src/plugins/chapter-schema.ts';
import { buildBookIndex } from '../../../src/plugins/book-index.ts';
import { chaptersDirWith, FIXTURES, GOOD } from './compile.ts';

const good = { title: 'Flow matching', order: 4, part: 2, summary: 'One paragraph.', assumes: ['continuous-flows'] };

describe('chapter frontmatter schema', () => {
  it('accepts a complete frontmatter, assumes optional', () => {
    expect(chapterSchema.parse(good)).toEqual(good);
    const { assumes: _, ...noAssumes } = good;
    expect(chapterSchema.parse(noAssumes)).toEqual(noAssumes);
  });

  it.each([
    ['missing title', { ...good, title: undefined }, /title/],
    ['empty title', { ...good, title: '  ' }, /title/],
    ['order as a string', { ...good, order: '4' }, /order/],
    ['fractional order', { ...good, order: 4.5 }, /order/],
    ['part out of range', { ...good, part: 6 }, /part/],
    ['missing summary', { ...good, summary: undefined }, /summary/],
    ['assumes not slugs', { ...good, assumes: ['Continuous Flows'] }, /assumes/],
    ['unknown key', { ...good, subtitle: 'x' }, /subtitle|unrecognized/i],
  ])('rejects %s', (_name, data, pattern) => {
    const r = chapterSchema.safeParse(data);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toMatch(pattern);
  });

  it('the build-time index rejects a bad frontmatter, naming the file and the fields', () => {
    const dir = chaptersDirWith({ '03-bad.mdx': join(FIXTURES, 'bad/bad-frontmatter.mdx') });
    expect(() => buildBookIndex(dir)).toThrow(/03-bad\.mdx: invalid chapter frontmatter: .*order.*part.*summary/s);
  });

  it('ids are slugs without the number prefix', () => {
    expect(slugFromFileName('04-flow-matching.mdx')).toBe('flow-matching');
    expect(slugFromFileName('12-generalization.mdx')).toBe('generalization');
  });

  it('indexes the fixture chapters in order', () => {
    const index = buildBookIndex(GOOD);
    expect(index.chapters.map((c) => [c.slug, c.frontmatter.order])).toEqual([['first-steps', 1], ['second-steps', 2]]);
    expect(index.targets.get('eq-continuity')).toMatchObject({ label: '(1.2)', chapterSlug: 'first-steps', kind: 'equation' });
  });
});
