/**
 * Deploying under a sub-path (a GitHub Pages project site, `https://user.github.io/cfm/`): the build
 * reads `BASE_PATH` (astro.config.mjs passes it to Astro's `base`), and every site-root link the book
 * writes goes through `withBase`. Pages and components call it with `import.meta.env.BASE_URL`;
 * chapters get theirs from `rehypeBasePath`, which rewrites the links Markdown and `<Ref>` produce.
 */
import { visit } from 'unist-util-visit';

/** `'/'`, `'cfm'`, `'/cfm'` or `'/cfm/'` → `'/'` or `'/cfm/'`. */
export function normalizeBase(base: string | undefined): string {
  const trimmed = (base ?? '').replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

/**
 * A site-root path (`/chapters/x/#id`, `/`) under the base (`/cfm/chapters/x/#id`). Fragments
 * (`#id`), relative paths, protocol-relative (`//host`) and absolute URLs are returned as they are,
 * as is a path already under the base.
 */
export function withBase(path: string, base: string | undefined): string {
  const b = normalizeBase(base);
  if (b === '/' || !path.startsWith('/') || path.startsWith('//')) return path;
  if (path === b.slice(0, -1) || path.startsWith(b)) return path;
  return b + path.slice(1);
}

interface HNode {
  type: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  attributes?: { type: string; name?: string; value?: unknown }[];
  children?: HNode[];
}

/** The attributes of content that hold a link: HTML `href`/`src`, and `<Proof>`'s `ofHref`. */
const LINK_ATTRIBUTES = new Set(['href', 'src', 'ofHref']);

/**
 * rehype plugin: puts the base in front of every site-root link of a chapter: Markdown links
 * (`[…](/chapters/x/)`), `<a href>`/`<img src>` written in MDX, and the `href`/`ofHref` that
 * remark-book gave `<Ref>` and `<Proof>`.
 */
export function rehypeBasePath(options: { base?: string } = {}) {
  const base = normalizeBase(options.base);
  return (tree: HNode) => {
    if (base === '/') return;
    visit(tree, (node: HNode) => {
      if (node.type === 'element' && node.properties) {
        for (const name of LINK_ATTRIBUTES) {
          const v = node.properties[name];
          if (typeof v === 'string') node.properties[name] = withBase(v, base);
        }
      } else if ((node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.attributes) {
        for (const a of node.attributes)
          if (a.type === 'mdxJsxAttribute' && a.name && LINK_ATTRIBUTES.has(a.name) && typeof a.value === 'string')
            a.value = withBase(a.value, base);
      }
    });
  };
}
