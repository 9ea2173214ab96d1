/**
 * Reads the widget pages' `<WidgetPage title="…" description="…">` props from their sources,
 * so /widgets/ lists every page without a separate registry to keep in sync.
 */
export interface WidgetPageInfo {
  slug: string;
  name: string;
  title: string;
  description: string;
  /** The Svelte component the page shows, as `<folder>/<File>.svelte` under src/widgets/. */
  component: string | undefined;
}

/** The first `src/widgets/<folder>/<File>.svelte` a source imports (a page or a chapter). */
export function widgetComponentsOf(source: string): string[] {
  return [...source.matchAll(/from\s+['"][./]*(?:src\/)?widgets\/([a-z0-9-]+\/[A-Za-z0-9]+\.svelte)['"]/g)].map((m) => m[1]);
}

/**
 * Slugs of the chapters whose MDX embeds `component` (chapter sources keyed by path, file names
 * `NN-slug.mdx`), in reading order: a widget's page and the gallery say where it lives only when
 * it really does.
 */
export function chaptersEmbedding(component: string | undefined, chapterSources: Record<string, string>): string[] {
  if (!component) return [];
  return Object.entries(chapterSources)
    .filter(([, source]) => widgetComponentsOf(source).includes(component))
    .map(([path]) => path.replace(/^.*\//, '').replace(/\.mdx$/, ''))
    .sort()
    .map((file) => file.replace(/^\d+-/, ''));
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
    pages.push({ slug, name: stringProp(tag, 'name') ?? slug, title, description, component: widgetComponentsOf(source)[0] });
  }
  return pages.sort((a, b) => a.title.localeCompare(b.title));
}
