/**
 * The reflow schema extends the train schema: its network, optimiser and seed keys are the train
 * schema's fields (same labels), narrowed only, so every reflow setting reaches each round's train
 * session unchanged (roundTrainSettings clamps nothing).
 */
import { describe, expect, it } from 'vitest';
import { REFLOW_SCHEMA, roundTrainSettings, cleanReflowSettings } from '../../../src/lib/engine/reflow/settings.ts';
import { cleanSettings, TRAIN_SCHEMA } from '../../../src/lib/engine/train/settings.ts';

const SHARED = ['target', 'width', 'depth', 'activation', 'lr', 'batch', 'seed'] as const;

describe('REFLOW_SCHEMA', () => {
  it('takes its shared keys from TRAIN_SCHEMA: same kind and label, a range inside train’s', () => {
    for (const key of SHARED) {
      const r = REFLOW_SCHEMA[key];
      const t = TRAIN_SCHEMA[key];
      expect(r.kind, key).toBe(t.kind);
      expect(r.label, key).toBe(t.label);
      if ((r.kind === 'int' || r.kind === 'number') && (t.kind === 'int' || t.kind === 'number')) {
        expect(r.min, key).toBeGreaterThanOrEqual(t.min);
        expect(r.max, key).toBeLessThanOrEqual(t.max);
      }
      if (r.kind === 'enum' && t.kind === 'enum') for (const v of r.values) expect(t.values, key).toContain(v);
    }
    expect(REFLOW_SCHEMA.activation).toBe(TRAIN_SCHEMA.activation);
    expect(REFLOW_SCHEMA.seed).toBe(TRAIN_SCHEMA.seed);
  });

  it('every corner of the shared ranges reaches the round’s train settings unchanged', () => {
    const numeric = ['width', 'depth', 'lr', 'batch', 'seed'] as const;
    for (const key of numeric) {
      for (const value of [REFLOW_SCHEMA[key].min, REFLOW_SCHEMA[key].max]) {
        const { settings, problems } = cleanReflowSettings({ [key]: value });
        expect(problems).toEqual([]);
        const train = roundTrainSettings(settings, 1);
        if (key === 'seed') continue; // each round derives its own seed (roundSeed)
        expect(train[key], `${key} = ${value}`).toBe(value);
        expect(cleanSettings({ [key]: value }).problems, `${key} = ${value}`).toEqual([]);
      }
    }
    for (const target of REFLOW_SCHEMA.target.values)
      expect(roundTrainSettings(cleanReflowSettings({ target }).settings, 2).target).toBe(target);
  });

  it('keeps its own defaults where a reflow run differs from a train session', () => {
    const d = cleanReflowSettings({}).settings;
    expect(d).toMatchObject({ target: '8gaussians', batch: 256, width: 64, depth: 3, lr: 0.003, activation: 'selu', seed: 1 });
    expect(REFLOW_SCHEMA.lr).toMatchObject({ min: 1e-4, max: 0.03 });
    expect(REFLOW_SCHEMA.width).toMatchObject({ min: 16, max: 256, step: 16 });
  });
});
