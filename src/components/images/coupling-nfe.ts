/**
 * Chapter 11's comparison of couplings on images: two unconditional checkpoints trained with the same
 * UNet, recipe and wall-clock budget, one with minibatch OT pairs (OT-CFM) and one with independent
 * pairs (I-CFM), scored by training/quality_split.py at several Euler NFE. The rows are read from the
 * two checkpoints' metadata.json at build time; nothing here is typed by hand.
 */
import { checkpointMetadata, qualityRuns, type CheckpointMetadata } from './checkpoint-facts.ts';

/** The pair the chapter compares (public/checkpoints/<name>/): minibatch-OT pairs, then independent pairs. */
export const OT_CHECKPOINT = 'cifar10-ot-gpu';
export const INDEPENDENT_CHECKPOINT = 'cifar10-icfm-gpu';

export interface CouplingNfeRow {
  nfe: number;
  /** Fréchet distance in the classifier's feature space (not Inception FID), OT-CFM and I-CFM. */
  ot: number;
  icfm: number;
}

function fdByNfe(meta: CheckpointMetadata): Map<number, number> {
  const out = new Map<number, number>();
  for (const r of qualityRuns(meta)) {
    if (r.solver === 'euler' && r.guidance === 1 && typeof r.fd === 'number' && Number.isFinite(r.fd)) out.set(r.nfe, r.fd);
  }
  return out;
}

/** Euler NFE at which both checkpoints were scored, ascending, with both distances. Throws when there are none. */
export function couplingNfeRows(ot: CheckpointMetadata, icfm: CheckpointMetadata): CouplingNfeRow[] {
  const a = fdByNfe(ot);
  const b = fdByNfe(icfm);
  const rows = [...a.keys()]
    .filter((nfe) => b.has(nfe))
    .sort((x, y) => x - y)
    .map((nfe) => ({ nfe, ot: a.get(nfe)!, icfm: b.get(nfe)! }));
  if (rows.length === 0) throw new Error(`${ot.name} and ${icfm.name} share no scored Euler NFE (metrics.quality.runs)`);
  return rows;
}

/** The two checkpoints' metadata and their rows. */
export function couplingComparison(): { ot: CheckpointMetadata; icfm: CheckpointMetadata; rows: CouplingNfeRow[] } {
  const ot = checkpointMetadata(OT_CHECKPOINT);
  const icfm = checkpointMetadata(INDEPENDENT_CHECKPOINT);
  return { ot, icfm, rows: couplingNfeRows(ot, icfm) };
}

/** The NFE at which each coupling has the lower distance. */
export function lowerDistanceAt(rows: readonly CouplingNfeRow[]): { ot: number[]; icfm: number[] } {
  return { ot: rows.filter((r) => r.ot < r.icfm).map((r) => r.nfe), icfm: rows.filter((r) => r.icfm < r.ot).map((r) => r.nfe) };
}
