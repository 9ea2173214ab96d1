/**
 * Field constructors and narrowing (src/lib/state/schema-fields.ts): a schema that extends another
 * may only shrink a range, and a narrowing that would widen it, move the default outside, or give an
 * integer field fractional bounds throws at once.
 */
import { describe, expect, it } from 'vitest';
import { enumField, intField, narrowed, narrowedEnum, numberField } from '../../../src/lib/state/schema-fields.ts';

describe('narrowed', () => {
  const lr = numberField(0.003, 1e-5, 10, 'learning rate');
  const width = intField(64, 8, 256, 'network width', 8);

  it('keeps kind and label, takes the new bounds, default and step', () => {
    expect(narrowed(lr, { min: 1e-4, max: 0.03 })).toEqual({
      kind: 'number',
      default: 0.003,
      min: 1e-4,
      max: 0.03,
      label: 'learning rate',
      step: undefined,
    });
    expect(narrowed(width, { default: 128, min: 16, step: 16 })).toEqual({
      kind: 'int',
      default: 128,
      min: 16,
      max: 256,
      label: 'network width',
      step: 16,
    });
    expect(narrowed(width, { min: 8, max: 256 })).toEqual(width); // the same range is allowed
  });

  it('refuses a wider range, a default outside it, an empty range and fractional integer bounds', () => {
    expect(() => narrowed(lr, { max: 20 })).toThrow('narrowed(learning rate): [0.00001, 20] is not inside [0.00001, 10]');
    expect(() => narrowed(lr, { min: 1e-6 })).toThrow(/not inside/);
    expect(() => narrowed(width, { min: 100, max: 50 })).toThrow(/not inside/);
    expect(() => narrowed(width, { max: 32 })).toThrow(/default 64 is outside \[8, 32\]/);
    expect(() => narrowed(width, { default: 4 })).toThrow(/default 4 is outside/);
    expect(() => narrowed(width, { min: 8.5 })).toThrow(/integer bounds/);
    expect(() => narrowed(lr, { min: 0.5 })).toThrow('narrowed(learning rate): default 0.003 is outside [0.5, 10]');
  });
});

describe('narrowedEnum', () => {
  const target = enumField<'a' | 'b' | 'c'>('a', ['a', 'b', 'c'], { a: 'A', b: 'B', c: 'C' }, 'target');

  it('keeps labels and label, with a subset of the values', () => {
    expect(narrowedEnum(target, ['b', 'c'] as const, 'c')).toEqual({
      kind: 'enum',
      default: 'c',
      values: ['b', 'c'],
      labels: target.labels,
      label: 'target',
    });
  });

  it('refuses a value the field does not have and a default outside the subset', () => {
    expect(() => narrowedEnum(target as never, ['a', 'z'] as const, 'a')).toThrow(/z not among a, b, c/);
    expect(() => narrowedEnum(target, ['b'] as const, 'a' as 'b')).toThrow(/default a is not among b/);
  });
});
