/**
 * Boxes of a widget's elements, to compare the server's HTML (scripts off) with the hydrated widget:
 * a widget whose elements change size as it hydrates shifts the chapter around it. Shared by
 * test/e2e/hydration-shape.test.ts and scripts/hydration-shape.ts.
 */
import type { Page } from 'playwright-core';

export interface Box {
  /** Place in the tree: tag and classes among siblings, from the widget's root. */
  key: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Boxes of the first widget on the page and its descendants down to `depth` levels, relative to the
 * widget's root. Inline elements (text runs, whose boxes follow the words in them) and hidden ones are
 * skipped. Children are keyed by tag and class among their siblings, so an element added before
 * them (a banner, a note) does not change every later key.
 */
export async function widgetBoxes(page: Page, depth: number): Promise<Box[]> {
  return page.evaluate((depth) => {
    const root = document.querySelector('astro-island > [data-widget]');
    if (!root) return [];
    const origin = root.getBoundingClientRect();
    const out: { key: string; x: number; y: number; w: number; h: number }[] = [];
    const walk = (el: Element, key: string, level: number) => {
      const r = el.getBoundingClientRect();
      out.push({ key, x: r.left - origin.left, y: r.top - origin.top, w: r.width, h: r.height });
      if (level >= depth) return;
      const seen = new Map<string, number>();
      for (const child of el.children) {
        const display = getComputedStyle(child).display;
        if (display === 'none' || display === 'inline' || display === 'contents') continue;
        const classes = [...child.classList].filter((c) => !c.startsWith('svelte-'));
        const base = `${child.tagName.toLowerCase()}${classes.length ? '.' + classes.join('.') : ''}`;
        const n = seen.get(base) ?? 0;
        seen.set(base, n + 1);
        walk(child, `${key} > ${base}${n ? `:${n}` : ''}`, level + 1);
      }
    };
    walk(root, root.getAttribute('data-widget') ?? 'root', 0);
    return out;
  }, depth);
}

/** Elements of `before` whose width or height differs in `after` by more than `tolerance` px, described. */
export function sizeChanges(before: Box[], after: Box[], tolerance: number): string[] {
  const byKey = new Map(after.map((b) => [b.key, b]));
  const out: string[] = [];
  for (const b of before) {
    const a = byKey.get(b.key);
    if (!a || Math.max(Math.abs(a.h - b.h), Math.abs(a.w - b.w)) <= tolerance) continue;
    out.push(`${b.key}: ${Math.round(b.w)}×${Math.round(b.h)} → ${Math.round(a.w)}×${Math.round(a.h)}`);
  }
  return out;
}
