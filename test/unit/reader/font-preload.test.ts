/**
 * The KaTeX faces a page's first screen uses, found from KaTeX's own output (so a change in KaTeX's
 * class names fails here), and the preload links written into the head.
 */
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { facesUsed, firstScreen, withPreloads } from '../../../src/plugins/font-preload.ts';

const tex = (s: string, displayMode = false) => katex.renderToString(s, { displayMode, output: 'htmlAndMathml' });

describe('facesUsed', () => {
  it('finds Main and Math-Italic for plain math, Caligraphic for \\mathcal', () => {
    expect(facesUsed(tex('x + 1'))).toEqual(['KaTeX_Main-Regular', 'KaTeX_Math-Italic']);
    expect(facesUsed(tex('\\mathcal N(0, I)'))).toContain('KaTeX_Caligraphic-Regular');
    expect(facesUsed(tex('\\mathbb R^d'))).toContain('KaTeX_AMS-Regular');
    expect(facesUsed(tex('\\mathbf{x}'))).toContain('KaTeX_Main-Bold');
  });
  it('does not take a superscript size (sizing reset-size6 size3) for the Size3 face', () => {
    const html = tex('\\sigma_t^2');
    expect(html).toMatch(/\bsize3\b/);
    expect(facesUsed(html)).not.toContain('KaTeX_Size3-Regular');
  });
  it('finds the delimiter and operator faces', () => {
    expect(facesUsed(tex('\\big( x \\big)'))).toContain('KaTeX_Size1-Regular');
    expect(facesUsed(tex('\\sum_i x_i', true))).toContain('KaTeX_Size2-Regular');
    expect(facesUsed(tex('\\sum_i x_i'))).toContain('KaTeX_Size1-Regular');
  });
  it('finds nothing on a page without math', () => {
    expect(facesUsed('<p class="lead">No math here.</p>')).toEqual([]);
  });
});

describe('firstScreen and withPreloads', () => {
  const page = (summary: string, later: string) =>
    `<html><head><meta charset="utf-8"><title>t</title></head><body><nav>toc</nav><article><p>${summary}</p><h2 id="a">A</h2><p>${later}</p></article></body></html>`;
  it('takes a chapter up to its first section heading', () => {
    const html = page(tex('x'), tex('\\mathcal N'));
    expect(facesUsed(firstScreen(html))).not.toContain('KaTeX_Caligraphic-Regular');
    expect(facesUsed(firstScreen(page(tex('\\mathcal N'), '')))).toContain('KaTeX_Caligraphic-Regular');
  });
  it('writes one crossorigin font preload per face right after the charset, once', () => {
    const html = page('', '');
    const once = withPreloads(html, ['/_astro/A.woff2', '/_astro/B.woff2']);
    expect(once).toContain(
      '<meta charset="utf-8"><link rel="preload" href="/_astro/A.woff2" as="font" type="font/woff2" crossorigin data-katex-preload><link rel="preload" href="/_astro/B.woff2"',
    );
    expect(withPreloads(once, ['/_astro/A.woff2'])).toBe(once);
    expect(withPreloads(html, [])).toBe(html);
  });
});
