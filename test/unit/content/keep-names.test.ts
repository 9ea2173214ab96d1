/**
 * rehypeKeepNames (src/plugins/keep-names.ts): hyphenated names in prose and short hyphenated code
 * tokens go in a `span.nobr`, the text unchanged; math, listings and long tokens are left alone.
 */
import { describe, expect, it } from 'vitest';
import { MAX_CODE_TOKEN, keepNamesInHtml, rehypeKeepNames } from '../../../src/plugins/keep-names.ts';
import type { HNode } from '../../../src/plugins/rehype-book.ts';

const t = (value: string): HNode => ({ type: 'text', value });
const el = (tagName: string, children: HNode[], className?: string[]): HNode => ({
  type: 'element',
  tagName,
  properties: className ? { className } : {},
  children,
});
const run = (tree: HNode) => {
  rehypeKeepNames()(tree);
  return tree;
};
const kept = (n: HNode): string[] =>
  n.type === 'element' && (n.properties?.className as string[] | undefined)?.includes('nobr')
    ? [n.children?.[0].value ?? '']
    : (n.children ?? []).flatMap(kept);
const textOf = (n: HNode): string => (n.type === 'text' ? (n.value ?? '') : (n.children ?? []).map(textOf).join(''));

describe('rehypeKeepNames', () => {
  it('keeps the book\'s hyphenated names whole in prose, and ordinary hyphenated words breakable', () => {
    const p = el('p', [t('Compare I-CFM with OT-CFM and 2-RF on CIFAR-10, a well-known, closed-form case.')]);
    run(p);
    expect(kept(p)).toEqual(['I-CFM', 'OT-CFM', '2-RF', 'CIFAR-10']);
    expect(textOf(p)).toBe('Compare I-CFM with OT-CFM and 2-RF on CIFAR-10, a well-known, closed-form case.');
  });

  it('keeps short hyphenated tokens of inline code whole; spaces and long paths still break', () => {
    const long = 'src/lib/core/conditional-variance.ts';
    expect(long.length).toBeGreaterThan(MAX_CODE_TOKEN);
    const p = el('p', [t('Run '), el('code', [t('npm run experiment -- --protocol full')]), t(' or read '), el('code', [t(long)])]);
    run(p);
    expect(kept(p)).toEqual(['--', '--protocol']);
    expect(textOf(p)).toBe(`Run npm run experiment -- --protocol full or read ${long}`);
  });

  it('leaves a citation\'s text whole, for rehype-citation to parse after it', () => {
    const p = el('p', [t('as shown [@tong2024improving, pp. 10-12] for OT-CFM')]);
    run(p);
    expect(p.children).toEqual([t('as shown [@tong2024improving, pp. 10-12] for OT-CFM')]);
  });

  it('leaves math, listings and text already kept alone', () => {
    const math = el('span', [t('I-CFM')], ['katex']);
    const pre = el('pre', [el('code', [t('x = --y')])]);
    const done = el('span', [t('OT-CFM')], ['nobr']);
    const root = el('div', [math, pre, done]);
    run(root);
    expect(kept(root)).toEqual(['OT-CFM']);
    expect(math.children).toEqual([t('I-CFM')]);
    expect(pre.children?.[0].children).toEqual([t('x = --y')]);
  });

  it('leaves web addresses alone: a DOI may break at its hyphens', () => {
    const p = el('p', [t('Stoch. Proc. 13(3). https://doi.org/10.1016/0304-4149(82)90051-5 on U-Net')]);
    run(p);
    expect(kept(p)).toEqual(['U-Net']);
  });

  it('keeps names whole in HTML made outside the pipeline, tags and escapes untouched', () => {
    expect(keepNamesInHtml('<i>U-Net: A &amp; B</i> for I-CFM, <a href="https://x.org/a-B">https://x.org/a-B</a>')).toBe(
      '<i><span class="nobr">U-Net</span>: A &amp; B</i> for <span class="nobr">I-CFM</span>, <a href="https://x.org/a-B">https://x.org/a-B</a>',
    );
    expect(keepNamesInHtml('no names, well-known')).toBe('no names, well-known');
  });
});
