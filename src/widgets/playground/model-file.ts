/**
 * Saved networks read back and checked against what the playground trains, with a message for
 * anything that does not fit. Never throws. Two formats:
 * - the TF.js export the Model button saves (tfjs-model.ts: `…model.json` plus a `.weights.bin`
 *   shard, loadable with tf.loadGraphModel), chosen together in the file dialog;
 * - the single JSON file of earlier versions (format `cfm-live-mlp-v1`: configuration, parameter
 *   shapes and all parameters), still read so files already saved keep working.
 */
import type { ExportedWeights } from '../../lib/nn/mlp.ts';
import { PLAYGROUND_SCHEMA } from '../../lib/engine/playground/settings.ts';
import { TRAIN_SCHEMA } from '../../lib/engine/train/settings.ts';
import { fromTfjsModel, toTfjsModel, type ReadModel } from '../../lib/engine/playground/tfjs-model.ts';

export const MODEL_FORMAT = 'cfm-live-mlp-v1';

/** The old single-file format (still read; the Model button now saves the TF.js export). */
export function modelJson(step: number, w: ExportedWeights): string {
  return JSON.stringify({ format: MODEL_FORMAT, step, config: w.config, shapes: w.shapes, data: Array.from(w.data) });
}

export type LoadedModel = { weights: ExportedWeights; step: number } | { problem: string };

/** The two files of the TF.js export for saved weights: `<base>.json` and `<base>.weights.bin`. */
export function modelFiles(step: number, w: ExportedWeights): { name: string; blob: Blob }[] {
  const base = `playground-model-step${step}`;
  const { json, bin } = toTfjsModel(w, step, `${base}.weights.bin`);
  return [
    { name: `${base}.json`, blob: new Blob([json], { type: 'application/json' }) },
    { name: `${base}.weights.bin`, blob: new Blob([bin], { type: 'application/octet-stream' }) },
  ];
}

/** A file the reader chose: its name and bytes. */
export interface ChosenFile {
  name: string;
  bytes: ArrayBuffer;
}

/** The model in the chosen files: a TF.js export (its .json and .bin chosen together) or an old single JSON file. */
export function readModelFiles(files: readonly ChosenFile[]): LoadedModel {
  const jsons = files.filter((f) => !f.name.endsWith('.bin'));
  if (jsons.length !== 1) return { problem: 'choose one model .json file (and, for a TF.js export, its .weights.bin file with it)' };
  const text = new TextDecoder().decode(jsons[0].bytes);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { problem: 'the file is not JSON' };
  }
  if ((raw as { format?: unknown } | null)?.format === 'graph-model') {
    const shards = new Map(files.filter((f) => f.name.endsWith('.bin')).map((f) => [f.name, f.bytes] as const));
    const got = fromTfjsModel(raw, shards);
    return 'problem' in got ? got : checkModel(got);
  }
  return parseModelFile(text);
}

/** An old single-file JSON model (format cfm-live-mlp-v1). */
export function parseModelFile(text: string): LoadedModel {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { problem: 'the file is not JSON' };
  }
  const o = raw as Partial<{ format: unknown; step: unknown; config: Record<string, unknown>; shapes: unknown; data: unknown }>;
  if (!o || typeof o !== 'object' || o.format !== MODEL_FORMAT)
    return { problem: `the file is not a saved model (a TF.js model.json or format ${MODEL_FORMAT})` };
  return checkModel({ config: o.config ?? {}, shapes: o.shapes, data: o.data, step: o.step });
}

/** Checks a model's configuration, shapes and parameters against what the playground trains. */
function checkModel(o: { config: Record<string, unknown>; shapes: unknown; data: unknown; step: unknown } | ReadModel): LoadedModel {
  const c = o.config;
  const want = {
    dim: 2,
    depth: TRAIN_SCHEMA.depth.default,
    activation: TRAIN_SCHEMA.activation.default,
    timeFrequencies: TRAIN_SCHEMA.timeFreqs.default,
  } as const;
  for (const [key, value] of Object.entries(want)) {
    if (c[key] !== value) return { problem: `the model has ${key} = ${String(c[key])}; the playground trains ${key} = ${value}` };
  }
  const width = c.width;
  const W = PLAYGROUND_SCHEMA.width;
  if (typeof width !== 'number' || !Number.isInteger(width) || width < W.min || width > W.max || width % W.step !== 0) {
    return { problem: `the model's width ${String(width)} is not one the playground offers (${W.min}–${W.max} in steps of ${W.step})` };
  }
  const shapes = o.shapes;
  const data = o.data;
  if (!Array.isArray(shapes) || !shapes.every((s) => Array.isArray(s) && s.every((k) => Number.isInteger(k) && k > 0))) {
    return { problem: 'the model has no valid parameter shapes' };
  }
  const F = want.timeFrequencies;
  const sizes = [want.dim + 1 + 2 * F, ...Array.from({ length: want.depth }, () => width), want.dim];
  const expected = sizes.slice(1).flatMap((out, l) => [[sizes[l], out], [out]]);
  if (JSON.stringify(shapes) !== JSON.stringify(expected)) {
    return {
      problem: `the model's parameter shapes ${JSON.stringify(shapes)} are not those of its configuration (${JSON.stringify(expected)})`,
    };
  }
  const count = (shapes as number[][]).reduce((sum, s) => sum + s.reduce((p, k) => p * k, 1), 0);
  if (!Array.isArray(data) || data.length !== count || !data.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    return { problem: `the model should have ${count} finite parameters` };
  }
  const step = typeof o.step === 'number' && Number.isFinite(o.step) ? o.step : 0;
  return {
    step,
    weights: {
      config: { dim: 2, width, depth: want.depth, activation: want.activation, timeFrequencies: want.timeFrequencies },
      shapes: shapes as number[][],
      data: Float32Array.from(data as number[]),
    },
  };
}
