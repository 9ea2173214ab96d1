/// <reference types="astro/client" />

// Plain `tsc` (used by `npm run typecheck`) does not know Astro components; Astro's own tooling
// type-checks their props. This lets TypeScript files re-export them.
declare module '*.astro' {
  const Component: (props: Record<string, unknown>) => unknown;
  export default Component;
}
