import { describe, expect, it } from 'vitest';
import { modelJson, parseModelFile } from '../../../src/widgets/playground/model-file.ts';

const config = { dim: 2, width: 16, depth: 3, activation: 'selu' as const, timeFrequencies: 3 };
const shapes = [[9, 16], [16], [16, 16], [16], [16, 16], [16], [16, 2], [2]];
const count = shapes.reduce((s, sh) => s + sh.reduce((p, k) => p * k, 1), 0);

describe('saved model files', () => {
  it('round-trips what the Model button saves', () => {
    const data = Float32Array.from({ length: count }, (_, i) => Math.fround(Math.sin(i)));
    const got = parseModelFile(modelJson(42, { config, shapes, data }));
    if ('problem' in got) throw new Error(got.problem);
    expect(got.step).toBe(42);
    expect(got.weights.config).toEqual(config);
    expect(Array.from(got.weights.data)).toEqual(Array.from(data));
  });

  it('explains every way a file can be wrong, and never throws', () => {
    const ok = JSON.parse(modelJson(1, { config, shapes, data: new Float32Array(count) })) as Record<string, unknown>;
    const problem = (o: unknown) => {
      const r = parseModelFile(typeof o === 'string' ? o : JSON.stringify(o));
      return 'problem' in r ? r.problem : '';
    };
    expect(problem('{not json')).toBe('the file is not JSON');
    expect(problem(null)).toMatch(/not a saved model/);
    expect(problem({ ...ok, format: 'x' })).toMatch(/not a saved model/);
    expect(problem({ ...ok, config: { ...config, depth: 4 } })).toBe('the model has depth = 4; the playground trains depth = 3');
    expect(problem({ ...ok, config: { ...config, width: 20 } })).toMatch(/width 20 is not one the playground offers/);
    expect(problem({ ...ok, shapes: [[0]] })).toMatch(/shapes/);
    expect(problem({ ...ok, data: [1, 2] })).toMatch(new RegExp(`${count} finite parameters`));
    expect(problem({ ...ok, data: new Array(count).fill('a') })).toMatch(/finite parameters/);
  });
});
