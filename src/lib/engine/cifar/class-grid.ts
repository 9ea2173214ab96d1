/**
 * The images chapter's class grid: a row per CIFAR-10 class, sampled from the shipped default
 * checkpoint by our own engine (scripts/cifar-class-grid.ts: TF.js wasm in Node, the sampler's default
 * solver, NFE, seed and guidance) and committed with its manifest under
 * src/components/images/class-grid/. This module holds what the script, the figure and the test share,
 * without TF.js: the layout (row r is class r, `perClass` columns), the labels in sampling order, and
 * the manifest's shape.
 */
import type { FirstPaintManifest } from './first-paint.ts';

/** Images per row (one row per class). */
export const CLASS_GRID_PER_CLASS = 10;

/** The grid's settings: the sampler's defaults except `count` (classes × perClass) and `label` (row-wise). */
export interface ClassGridSettings {
  solver: string;
  nfe: number;
  seed: number;
  guidance: number;
  perClass: number;
  classes: number;
}

export type ClassGridManifest = Omit<FirstPaintManifest, 'settings'> & { settings: ClassGridSettings };

/** The class of each image in sampling order: image i lies in row ⌊i / perClass⌋, which is that class. */
export function rowLabels(perClass: number, classes: number): Int32Array {
  if (!Number.isInteger(perClass) || perClass < 1) throw new Error(`perClass must be a positive integer (got ${perClass})`);
  if (!Number.isInteger(classes) || classes < 1) throw new Error(`classes must be a positive integer (got ${classes})`);
  return Int32Array.from({ length: perClass * classes }, (_, i) => Math.floor(i / perClass));
}
