/**
 * Two instances of one widget on a page never share a DOM id. Astro renders each island with its
 * own `idPrefix` (s0, s1, … in page order) and Svelte's `$props.id()` derives every id from it, the
 * same on the server, after hydration and in every build; a fixed id (the widget's name plus a key)
 * would be written twice. Each widget is rendered here on the server twice, as two islands of one
 * page are, and the ids (and radio-group names) of both renders must be distinct, and every
 * `for`/`aria-*` reference must name an id of its own render.
 */
import { readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createServer, type ViteDevServer } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const WIDGETS = readdirSync(join(ROOT, 'src/widgets')).filter((w) => existsSync(join(ROOT, 'src/widgets', w, 'Widget.svelte')));

let server: ViteDevServer;
let render: (c: unknown, o: { props: Record<string, unknown>; idPrefix: string }) => { body: string };

beforeAll(async () => {
  server = await createServer({
    configFile: false,
    root: ROOT,
    plugins: [svelte()],
    server: { middlewareMode: true, hmr: false, watch: null },
    appType: 'custom',
    logLevel: 'error',
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  ({ render } = (await server.ssrLoadModule('svelte/server')) as { render: typeof render });
}, 60_000);

afterAll(async () => {
  await server?.close();
});

/** Ids, radio-group names and id references written in a rendered island. */
function scan(html: string): { ids: string[]; radios: string[]; refs: string[] } {
  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
  const radios = [...html.matchAll(/<input[^>]*type="radio"[^>]*>/g)].flatMap((m) =>
    [...m[0].matchAll(/\sname="([^"]+)"/g)].map((n) => n[1]),
  );
  const refs = [...html.matchAll(/\s(?:for|aria-labelledby|aria-describedby|aria-controls)="([^"]+)"/g)].flatMap((m) => m[1].split(/\s+/));
  return { ids, radios, refs };
}

describe('two instances of a widget on one page', () => {
  it('finds the widgets', () => {
    expect(WIDGETS.length).toBeGreaterThanOrEqual(15);
  });

  for (const name of WIDGETS) {
    it(`${name}: no shared ids, every reference inside its own island`, async () => {
      const mod = (await server.ssrLoadModule(`/src/widgets/${name}/Widget.svelte`)) as { default: unknown };
      const a = scan(render(mod.default, { props: {}, idPrefix: 's0' }).body);
      const b = scan(render(mod.default, { props: {}, idPrefix: 's1' }).body);
      const shared = a.ids.filter((id) => b.ids.includes(id));
      expect(shared, 'ids written by both instances').toEqual([]);
      expect(
        a.radios.filter((n) => b.radios.includes(n)),
        'radio groups shared by both instances',
      ).toEqual([]);
      expect(new Set(a.ids).size, 'an id written twice in one instance').toBe(a.ids.length);
      expect(
        a.refs.filter((r) => !a.ids.includes(r)),
        'for/aria references to ids outside the island',
      ).toEqual([]);
    });
  }
});
