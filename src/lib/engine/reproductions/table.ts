/**
 * What chapter 14 reproduces, TF-free: the 2D table of Tong et al. (TMLR 2024, "Improving and
 * generalizing flow-based generative models with minibatch optimal transport", arXiv:2302.00482):
 * five methods (OT-CFM, I-CFM, FM, RF, SB-CFM) on four source → target rows, scored by the exact W₂
 * between generated points and held-out target points. The widget, the worker, the Node runner
 * (scripts/experiment.ts) and the chapter's claims tests all read these lists.
 *
 * Where each setting comes from (read in the TorchCFM repository, atong01/conditional-flow-matching,
 * directory runner/; facts only):
 * - methods: `configs/model/{cfm,otcfm,fm,sbcfm}.yaml` and `scripts/two-dim-cfm.sh`. I-CFM is the
 *   `cfm` model (independent pairs, constant width σ); OT-CFM adds the exact minibatch OT sampler;
 *   FM is Lipman et al.'s one-sided OT path (so it needs a Gaussian source: the script leaves it out
 *   of the row with a non-Gaussian source); the script passes `model.sigma_min=0.1` to all three.
 *   SB-CFM (`sbcfm.yaml`) uses the Brownian-bridge width σ√(t(1 − t)) with σ = 1 and the Sinkhorn
 *   sampler; we take the entropic ε = 2σ² of TorchCFM's Schrödinger-bridge matcher. RF is the σ = 0
 *   straight interpolation (Liu et al. 2023), one round (no reflow).
 * - data: see src/lib/core/datasets.ts ('tong-gaussians', 'tong-moons', 'scurve': the runner's
 *   generators with their published parameters).
 */
import type { CouplingName, DatasetName, PathName } from '../../core/index.ts';

export const ROWS = {
  'n-8gaussians': { label: '𝒩 → 8 Gaussians', source: 'normal', target: 'tong-gaussians' },
  'moons-8gaussians': { label: 'moons → 8 Gaussians', source: 'tong-moons', target: 'tong-gaussians' },
  'n-moons': { label: '𝒩 → moons', source: 'normal', target: 'tong-moons' },
  'n-scurve': { label: '𝒩 → S-curve', source: 'normal', target: 'scurve' },
} as const satisfies Record<string, { label: string; source: DatasetName; target: DatasetName }>;

export type RowId = keyof typeof ROWS;
export const ROW_IDS = Object.keys(ROWS) as RowId[];

export interface MethodSpec {
  label: string;
  coupling: CouplingName;
  path: PathName;
  /** The path's width (σ for I-CFM and SB, σ_min for the OT path, 0 for RF). */
  sigma: number;
  /** Entropic regularisation of the Sinkhorn coupling (SB-CFM only): ε = 2σ². */
  epsilon?: number;
}

export const METHODS = {
  'ot-cfm': { label: 'OT-CFM', coupling: 'exact-ot', path: 'icfm', sigma: 0.1 },
  'i-cfm': { label: 'I-CFM', coupling: 'independent', path: 'icfm', sigma: 0.1 },
  fm: { label: 'FM', coupling: 'independent', path: 'ot', sigma: 0.1 },
  rf: { label: 'RF', coupling: 'independent', path: 'rectified', sigma: 0 },
  'sb-cfm': { label: 'SB-CFM', coupling: 'sinkhorn', path: 'sb', sigma: 1, epsilon: 2 },
} as const satisfies Record<string, MethodSpec>;

export type MethodId = keyof typeof METHODS;
export const METHOD_IDS = Object.keys(METHODS) as MethodId[];

/**
 * Whether a method applies to a row: FM's conditional path starts from 𝒩(0, I) whatever the source,
 * so it has no moons → 8 Gaussians entry (as in the published table).
 */
export function applies(method: MethodId, row: RowId): boolean {
  return !(method === 'fm' && ROWS[row].source !== 'normal');
}

/** A published W₂ (mean ± standard deviation over seeds) and where we read it. */
export interface Published {
  mean: number;
  std: number;
  source: keyof typeof PUBLISHED_SOURCES;
}

/**
 * Where the published numbers were read. The TMLR paper's own table text was not available to us
 * (see scripts/EXPERIMENTS.md); the numbers we have come from the same group's follow-up, whose
 * Table 2 repeats the 2D benchmark with the TMLR methods (rows labelled with the TMLR citation).
 */
export const PUBLISHED_SOURCES = {
  'sf2m-table2': {
    cite: 'tong2024simulation',
    text: 'Tong, Malkin, Fatras et al., "Simulation-free Schrödinger bridges via score and flow matching" (AISTATS 2024, arXiv:2307.03672v3), Table 2: 2D benchmark, W₂ mean ± std over 5 seeds; its ODE rows are labelled OT-CFM / I-CFM (Tong et al., 2024), FM (Lipman et al., 2023) and RF (Liu, 2022). Read from a text extraction of the PDF on 2026-11-23 (scripts/EXPERIMENTS.md).',
    testPoints: 10_000,
  },
} as const;

/**
 * Published W₂ per row and method; a missing cell is one we could not read in an available source
 * (never a guess). The FM row's σ_min is not stated in the source.
 */
export const PUBLISHED: Partial<Record<RowId, Partial<Record<MethodId, Published>>>> = {
  'n-8gaussians': {
    'ot-cfm': { mean: 0.303, std: 0.043, source: 'sf2m-table2' },
    'i-cfm': { mean: 0.373, std: 0.103, source: 'sf2m-table2' },
  },
  'n-moons': {
    'ot-cfm': { mean: 0.13, std: 0.016, source: 'sf2m-table2' },
    'i-cfm': { mean: 0.178, std: 0.014, source: 'sf2m-table2' },
    fm: { mean: 0.209, std: 0.055, source: 'sf2m-table2' },
    rf: { mean: 0.283, std: 0.045, source: 'sf2m-table2' },
  },
};

/** The published cell of a row and method, or null. */
export function published(row: RowId, method: MethodId): Published | null {
  return PUBLISHED[row]?.[method] ?? null;
}

/** What a published cell of "none" means, under every table that shows one. */
export const PUBLISHED_MISSING_NOTE =
  '“none”: the published table we read (Table 2 of the follow-up paper, which repeats the 2D benchmark) has no number for that data set and method.';

/**
 * Items grouped by their source → target pair, the pairs in order of first appearance: the tables
 * show each pair as a heading row over its methods, so the columns of numbers fit a phone.
 */
export function groupByRow<T>(items: readonly T[], rowOf: (item: T) => RowId): { row: RowId; items: T[] }[] {
  const groups = new Map<RowId, T[]>();
  for (const item of items) {
    const row = rowOf(item);
    const group = groups.get(row);
    if (group) group.push(item);
    else groups.set(row, [item]);
  }
  return [...groups].map(([row, grouped]) => ({ row, items: grouped }));
}
