/**
 * Reproducible builds: a second `astro build` of the same tree, into a temporary folder under .cache/, gives
 * byte-identical HTML to dist/ (the build `npm test` made just before). Random ids in server-rendered
 * markup (Math.random() instead of Svelte's $props.id()), timestamps or unordered iteration show up
 * here as the first differing file and the bytes around the difference.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DIST, shellEnv } from './harness.ts';
import { htmlPages } from '../build/islands.ts';

const ROOT = resolve(import.meta.dirname, '../..');
mkdirSync(join(ROOT, '.cache'), { recursive: true });
// Inside the repository (git-ignored .cache/): the build's prerender step imports packages from the
// output folder, so it must sit below node_modules' parent.
const second = mkdtempSync(join(ROOT, '.cache', 'second-build-'));
afterAll(() => rmSync(second, { recursive: true, force: true }));

/** The first difference between two texts, with some context on each side. */
function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return `at character ${i}:\n  first:  …${a.slice(Math.max(0, i - 80), i + 80)}…\n  second: …${b.slice(Math.max(0, i - 80), i + 80)}…`;
}

describe('reproducible build', () => {
  it('two builds of the same tree give byte-identical HTML', () => {
    expect(existsSync(join(DIST, 'index.html')), 'run `npm run build` first').toBe(true);
    const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', second], {
      cwd: ROOT,
      env: { ...shellEnv(), ASTRO_TELEMETRY_DISABLED: '1' },
      encoding: 'utf8',
      timeout: 600_000,
    });
    expect(run.status, `second build failed:\n${run.stdout.slice(-2000)}\n${run.stderr.slice(-2000)}`).toBe(0);
    const first = htmlPages(DIST);
    const again = htmlPages(second);
    expect(
      again.map(([p]) => p),
      'the same pages',
    ).toEqual(first.map(([p]) => p));
    const differing: string[] = [];
    for (const [i, [path, file]] of first.entries()) {
      const a = readFileSync(file, 'utf8');
      const b = readFileSync(again[i][1], 'utf8');
      if (a !== b) differing.push(`${path} ${firstDifference(a, b)}`);
    }
    expect(differing.length, `pages whose HTML differs between two builds:\n${differing.slice(0, 3).join('\n')}`).toBe(0);
  }, 600_000);
});
