/// <reference types="astro/client" />

// Plain `tsc` (used by `npm run typecheck`) does not know Astro components; Astro's own tooling
// type-checks their props. This lets TypeScript files re-export them.
declare module '*.astro' {
  const Component: (props: Record<string, unknown>) => unknown;
  export default Component;
}

// src/plugins/book-sources.ts: the chapters' and widget pages' text, keyed by path from the root.
declare module 'virtual:book-sources' {
  export const chapterSources: Record<string, string>;
  export const widgetPageSources: Record<string, string>;
}
