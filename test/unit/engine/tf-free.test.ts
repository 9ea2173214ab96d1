/**
 * TF.js stays out of the widgets' static import graphs: starting from each TF.js widget's component,
 * follow every static value import (not `import type`, not dynamic `import()`) through the source
 * tree and fail when a module that loads TF.js (@tensorflow/*, or src/lib/nn/tf.ts) is reachable.
 * The built-site check of the same thing (island chunks in dist/) is in the bundle tests; this one
 * names the source file that broke it, in a second.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const TF_MODULE = resolve(ROOT, 'src/lib/nn/tf.ts');

/** Static value imports of a module (type-only imports and dynamic import() are skipped). */
export function staticImports(file: string): string[] {
  let src = readFileSync(file, 'utf8');
  if (file.endsWith('.svelte')) src = [...src.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
  src = src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out: string[] = [];
  for (const m of src.matchAll(/^\s*(import|export)\s+([^'";]*?)\s*from\s*['"]([^'"]+)['"]/gm)) {
    const clause = m[2];
    if (/^type\s/.test(clause)) continue;
    // `import { type A, type B }` is type-only too
    const named = /^\{([^}]*)\}$/.exec(clause.trim());
    if (
      named &&
      named[1]
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .every((s) => s.startsWith('type '))
    )
      continue;
    out.push(m[3]);
  }
  for (const m of src.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) out.push(m[1]);
  return out;
}

/** The chain of files from `entry` to a TF.js module, or null when none is reachable. */
export function pathToTf(entry: string): string[] | null {
  const seen = new Set<string>();
  const walk = (file: string, chain: string[]): string[] | null => {
    if (seen.has(file)) return null;
    seen.add(file);
    for (const spec of staticImports(file)) {
      if (spec.startsWith('@tensorflow/')) return [...chain, file, spec];
      if (!spec.startsWith('.')) continue;
      const target = resolve(dirname(file), spec.replace(/\?.*$/, ''));
      if (target === TF_MODULE) return [...chain, file, target];
      if (!existsSync(target) || !/\.(ts|svelte)$/.test(target)) continue;
      const hit = walk(target, [...chain, file]);
      if (hit) return hit;
    }
    return null;
  };
  return walk(entry, []);
}

const WIDGETS = [
  'train-cfm/Widget.svelte',
  'cifar-sampler/Widget.svelte',
  'memorisation/Widget.svelte',
  'train-cfm/Bench.svelte',
  'solver-lab/Widget.svelte',
];

describe('TF.js only through dynamic import()', () => {
  for (const w of WIDGETS) {
    it(`${w} reaches no TF.js module statically`, () => {
      const chain = pathToTf(resolve(ROOT, 'src/widgets', w));
      expect(chain?.map((f) => (f.startsWith('/') ? relative(ROOT, f) : f)).join(' → ') ?? null).toBeNull();
    });
  }

  for (const worker of ['solver-lab/closed-form-worker.ts', 'sde-vs-ode/paired-worker.ts', 'cifar/memorisation-worker.ts']) {
    it(`the closed-form worker ${worker} loads no TF.js at all (it starts in a moment, with the page)`, () => {
      expect(pathToTf(resolve(ROOT, 'src/lib/engine', worker))).toBeNull();
    });
  }

  it('the walker finds TF.js where it is (negative control: the session module)', () => {
    expect(pathToTf(resolve(ROOT, 'src/lib/engine/train/session.ts'))).not.toBeNull();
  });
});
