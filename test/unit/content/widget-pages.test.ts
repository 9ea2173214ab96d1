import { describe, it, expect } from 'vitest';
import { widgetPagesFromSources } from '../../../src/layouts/widget-pages.ts';
import { renderInlineMath } from '../../../src/plugins/inline-math.ts';

describe('widget page listing', () => {
  it('reads title and description from each page and skips the index', () => {
    const pages = widgetPagesFromSources({
      './index.astro': '<Base title="Widgets">',
      './b-widget.astro': `---\nimport WidgetPage from '../../layouts/WidgetPage.astro';\n---\n<WidgetPage\n  name="b-widget"\n  title="Beta"\n  description='Second, with "quotes".'\n  chapter="x">\n</WidgetPage>`,
      './a-widget.astro': `<WidgetPage name="a-widget" title={"Alpha"} description="First." chapter="y"><W client:visible /></WidgetPage>`,
    });
    expect(pages).toEqual([
      { slug: 'a-widget', name: 'a-widget', title: 'Alpha', description: 'First.' },
      { slug: 'b-widget', name: 'b-widget', title: 'Beta', description: 'Second, with "quotes".' },
    ]);
  });

  it('refuses a page without literal title/description', () => {
    expect(() => widgetPagesFromSources({ './x.astro': '<WidgetPage name="x" title={t} description="d">' })).toThrow(/literal title/);
  });
});

describe('inline math in captions and titles', () => {
  it('renders $…$ with the macros and escapes the rest', () => {
    const html = renderInlineMath('a <b> & $\\Norm(0, I)$ and \\$5');
    expect(html.startsWith('a &lt;b&gt; &amp; <span class="katex" data-pagefind-ignore="all">')).toBe(true); // search skips formulas
    expect(html).toContain('<annotation encoding="application/x-tex">\\Norm(0, I)</annotation>');
    expect(html.endsWith(' and $5')).toBe(true);
  });

  it('keeps a formula and the punctuation touching it together', () => {
    const html = renderInlineMath('with ($x$, $y$) and $z$ end');
    expect(html.startsWith('with <span class="math-punct">(<span class="katex"')).toBe(true);
    expect(html).toMatch(/<\/span>,<\/span> <span class="math-punct"><span class="katex"/); // "$x$," then "$y$)"
    // The box next to the punctuation is held (math-punctuation.ts): "(" + edge … edge + ","
    expect(html).toMatch(/^with <span class="math-punct">\(<span class="katex"[^]*?<span class="katex-html" aria-hidden="true"><span class="math-edge"><span class="base">/);
    expect(html.match(/<span class="math-edge">/g)).toHaveLength(2); // one per formula: $x$ and $y$ are one box each
    expect(html).toMatch(/\)<\/span> and <span class="katex"/); // $z$ touches nothing: not wrapped
    expect(html.endsWith(' end')).toBe(true);
  });

  it('turns a straight apostrophe inside a word into the typographic one, outside formulas only', () => {
    expect(renderInlineMath("Itô's formula and the cloud's $f'(x)$")).toMatch(/^Itô’s formula and the cloud’s <span class="katex"/);
    expect(renderInlineMath("$f'$")).toContain('<annotation encoding="application/x-tex">f&#x27;</annotation>'); // the TeX keeps its prime
  });

  it('throws on a KaTeX error', () => {
    expect(() => renderInlineMath('bad $\\frac{1}{$ here')).toThrow();
  });
});
