/**
 * Reads the widget pages' `<WidgetPage title="…" description="…">` props from their sources,
 * so /widgets/ lists every page without a separate registry to keep in sync.
 */
export interface WidgetPageInfo {
  slug: string;
  name: string;
  title: string;
  description: string;
}

function stringProp(tag: string, prop: string): string | undefined {
  const m = new RegExp(`\\b${prop}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|\\{\\s*["'\`]([^"'\`]*)["'\`]\\s*\\})`).exec(tag);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

export function widgetPagesFromSources(sources: Record<string, string>): WidgetPageInfo[] {
  const pages: WidgetPageInfo[] = [];
  for (const [path, source] of Object.entries(sources)) {
    const slug = path.replace(/^.*\//, '').replace(/\.astro$/, '');
    if (slug === 'index') continue;
    const tag = /<WidgetPage\b[^>]*>/s.exec(source)?.[0];
    if (!tag) throw new Error(`src/pages/widgets/${slug}.astro does not use <WidgetPage …>`);
    const title = stringProp(tag, 'title');
    const description = stringProp(tag, 'description');
    if (!title || !description)
      throw new Error(`src/pages/widgets/${slug}.astro: <WidgetPage> needs literal title="…" and description="…"`);
    pages.push({ slug, name: stringProp(tag, 'name') ?? slug, title, description });
  }
  return pages.sort((a, b) => a.title.localeCompare(b.title));
}
