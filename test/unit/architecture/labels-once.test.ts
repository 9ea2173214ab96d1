/**
 * One source of truth for the book's enumerations (couplings, path families, ODE solvers, data
 * sets, 1D distributions, activations): each label is written once, in its catalogue under
 * src/lib/, and every select, legend or widget list takes it from there. Checked on the source:
 * - every label of a catalogue occurs as a string literal exactly once in src/ (a second copy, even
 *   an identical one, is a second definition that can drift);
 * - no other file writes a label list of its own for a catalogue's names (an object literal that
 *   maps two or more of them to string literals), except the few listed with their reason;
 * - the playground's couplings are the catalogues' couplings plus reflow, labelled by them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CLUSTER_PLAN_LABELS,
  COUPLING_LABELS,
  COUPLING_NAMES,
  COUPLING_SHORT_LABELS,
  DATASET_LABELS,
  DISTRIBUTIONS_1D,
  ODE_METHOD_LABELS,
  ODE_METHOD_SHORT_LABELS,
  PATH_LABELS,
} from '../../../src/lib/core/index.ts';
import { CLUSTER_COUPLINGS, CLUSTER_COUPLING_LABELS, CLUSTER_COUPLING_NAMES } from '../../../src/lib/core/cluster-coupling.ts';
import { MIXTURE_1D_LABELS } from '../../../src/lib/core/mixture-path-1d.ts';
import { ACTIVATION_LABELS } from '../../../src/lib/nn/activation-names.ts';
import { PLAYGROUND_COUPLINGS, PLAYGROUND_SCHEMA } from '../../../src/lib/engine/playground/settings.ts';

const ROOT = resolve(import.meta.dirname, '../../..');

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (/\.(ts|svelte|astro|js|mjs)$/.test(name)) out.push(p);
  }
  return out;
}

const SOURCES = files(join(ROOT, 'src')).map((p) => ({
  path: relative(ROOT, p).split(sep).join('/'),
  text: readFileSync(p, 'utf8'),
}));

/** Each catalogue: its labels by name, and the file that defines them. */
const CATALOGUES: { name: string; home: string; labels: Readonly<Record<string, string>> }[] = [
  { name: 'couplings', home: 'src/lib/core/couplings.ts', labels: COUPLING_LABELS },
  { name: 'coupling short names', home: 'src/lib/core/couplings.ts', labels: COUPLING_SHORT_LABELS },
  { name: 'cluster couplings', home: 'src/lib/core/cluster-coupling.ts', labels: CLUSTER_COUPLING_LABELS },
  {
    name: 'cluster plans (short)',
    home: 'src/lib/core/cluster-coupling.ts',
    labels: Object.fromEntries(CLUSTER_COUPLING_NAMES.map((k) => [k, CLUSTER_COUPLINGS[k].short])),
  },
  { name: 'two-blob plans', home: 'src/lib/core/two-blobs.ts', labels: CLUSTER_PLAN_LABELS },
  { name: 'path families', home: 'src/lib/core/paths.ts', labels: PATH_LABELS },
  { name: 'ODE solvers', home: 'src/lib/core/ode.ts', labels: ODE_METHOD_LABELS },
  { name: 'ODE solvers (short)', home: 'src/lib/core/ode.ts', labels: ODE_METHOD_SHORT_LABELS },
  { name: 'data sets', home: 'src/lib/core/datasets.ts', labels: DATASET_LABELS },
  {
    name: '1D distributions',
    home: 'src/lib/core/distributions.ts',
    labels: Object.fromEntries(Object.entries(DISTRIBUTIONS_1D).map(([k, v]) => [k, v.label])),
  },
  { name: '1D mixtures', home: 'src/lib/core/mixture-path-1d.ts', labels: MIXTURE_1D_LABELS },
  { name: 'activations', home: 'src/lib/nn/activation-names.ts', labels: ACTIVATION_LABELS },
];

/**
 * Files that map a catalogue's names to strings that are not labels of that catalogue, with why.
 * Keyed `file|catalogue`.
 */
const NOT_LABEL_LISTS: Record<string, string> = {
  // TF.js op names of the activations, for the exported graph model, not what a reader sees.
  'src/lib/engine/playground/tfjs-model.ts|activations': 'TF.js op names',
  // The CIFAR checkpoints' training methods ('ot' = OT-CFM, 'icfm' = I-CFM), not path families.
  'src/components/images/checkpoint-facts.ts|path families': 'CIFAR training methods',
};

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('every catalogue label is written once in src/', () => {
  for (const cat of CATALOGUES) {
    it(cat.name, () => {
      const problems: string[] = [];
      for (const label of new Set(Object.values(cat.labels))) {
        const re = new RegExp(`(['"\`])${escapeRe(label)}\\1`, 'g');
        const hits = SOURCES.flatMap((f) => Array.from(f.text.matchAll(re), () => f.path));
        if (hits.length !== 1) problems.push(`${JSON.stringify(label)} written ${hits.length}×: ${hits.join(', ')}`);
      }
      expect(problems).toEqual([]);
    });
  }
});

describe('no second label list for a catalogue', () => {
  it('no file outside a catalogue maps two or more of its names to string literals', () => {
    const problems: string[] = [];
    const homes = new Set(CATALOGUES.map((c) => c.home));
    for (const cat of CATALOGUES) {
      for (const f of SOURCES) {
        if (homes.has(f.path) || NOT_LABEL_LISTS[`${f.path}|${cat.name}`]) continue;
        const keyed = Object.keys(cat.labels).filter((id) =>
          new RegExp(`(^|[{,\\s])(${escapeRe(id)}|'${escapeRe(id)}'|"${escapeRe(id)}")\\s*:\\s*['"\`]`, 'm').test(f.text),
        );
        if (keyed.length >= 2) problems.push(`${f.path}: labels ${keyed.join(', ')} of the ${cat.name} again`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the exceptions still exist (a stale exception would hide nothing)', () => {
    for (const key of Object.keys(NOT_LABEL_LISTS)) {
      const [path] = key.split('|');
      expect(SOURCES.some((f) => f.path === path)).toBe(true);
    }
  });
});

describe('the playground couplings', () => {
  it('are the minibatch couplings, the cluster couplings and reflow, in that order', () => {
    expect([...PLAYGROUND_COUPLINGS]).toEqual([...COUPLING_NAMES, ...CLUSTER_COUPLING_NAMES, 'reflow']);
  });

  it("carry the catalogues' labels", () => {
    const labels: Readonly<Record<string, string>> = PLAYGROUND_SCHEMA.coupling.labels;
    for (const name of COUPLING_NAMES) expect(labels[name]).toBe(COUPLING_LABELS[name]);
    for (const name of CLUSTER_COUPLING_NAMES) expect(labels[name]).toBe(CLUSTER_COUPLING_LABELS[name]);
    expect(Object.keys(labels).sort()).toEqual([...PLAYGROUND_COUPLINGS].sort());
  });
});
