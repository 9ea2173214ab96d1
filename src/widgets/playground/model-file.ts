/**
 * A saved network (the JSON the Model button downloads, format `cfm-live-mlp-v1`: the MLP's
 * configuration, parameter shapes and all parameters) read back and checked against what the
 * playground trains, with a message for anything that does not fit. Never throws.
 */
import type { ExportedWeights } from '../../lib/nn/mlp.ts';
import { PLAYGROUND_SCHEMA } from '../../lib/engine/playground/settings.ts';
import { TRAIN_SCHEMA } from '../../lib/engine/train/settings.ts';

export const MODEL_FORMAT = 'cfm-live-mlp-v1';

export function modelJson(step: number, w: ExportedWeights): string {
  return JSON.stringify({ format: MODEL_FORMAT, step, config: w.config, shapes: w.shapes, data: Array.from(w.data) });
}

export function parseModelFile(text: string): { weights: ExportedWeights; step: number } | { problem: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { problem: 'the file is not JSON' };
  }
  const o = raw as Partial<{ format: unknown; step: unknown; config: Record<string, unknown>; shapes: unknown; data: unknown }>;
  if (!o || typeof o !== 'object' || o.format !== MODEL_FORMAT)
    return { problem: `the file is not a saved model (format ${MODEL_FORMAT})` };
  const c = o.config ?? {};
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
