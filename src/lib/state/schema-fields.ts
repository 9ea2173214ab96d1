/**
 * Constructors for schema fields (src/lib/state/settings.ts), and narrowing of a field for a schema
 * that extends another: the reflow engine trains each round with the train engine's settings, so
 * its network and optimiser keys are the train schema's own fields — same label, same kind — with a
 * range that may only shrink (a value valid for reflow is then valid for train, and nothing is
 * clamped on the way). A narrowing that would widen a range or move a default outside it throws
 * when the schema module loads, so a bad bound cannot ship.
 */
import type { BoolField, EnumField, IntField, NumberField } from './settings.ts';

export const numberField = (def: number, min: number, max: number, label: string, step?: number): NumberField => ({
  kind: 'number',
  default: def,
  min,
  max,
  label,
  step,
});

export const intField = (def: number, min: number, max: number, label: string, step?: number): IntField => ({
  kind: 'int',
  default: def,
  min,
  max,
  label,
  step,
});

export const enumField = <T extends string>(
  def: NoInfer<T>,
  values: readonly T[],
  labels: Readonly<Record<T, string>>,
  label: string,
): EnumField<T> => ({ kind: 'enum', default: def, values, labels, label });

export const boolField = (def: boolean, label: string): BoolField => ({ kind: 'bool', default: def, label });

/** `field` with a range inside its own (and/or another default or step); label and kind are kept. */
export function narrowed<F extends NumberField | IntField>(
  field: F,
  change: { default?: number; min?: number; max?: number; step?: number },
): F {
  const out: F = { ...field, ...change };
  const where = `narrowed(${field.label ?? field.kind})`;
  if (out.min < field.min || out.max > field.max || out.min > out.max)
    throw new RangeError(`${where}: [${out.min}, ${out.max}] is not inside [${field.min}, ${field.max}]`);
  if (!(out.default >= out.min && out.default <= out.max))
    throw new RangeError(`${where}: default ${out.default} is outside [${out.min}, ${out.max}]`);
  if (out.kind === 'int' && ![out.default, out.min, out.max].every(Number.isInteger))
    throw new RangeError(`${where}: an integer field needs integer bounds`);
  return out;
}

/** An enum field restricted to some of its values (labels and label kept), with a default among them. */
export function narrowedEnum<T extends string, U extends T>(field: EnumField<T>, values: readonly U[], def: NoInfer<U>): EnumField<U> {
  const where = `narrowedEnum(${field.label ?? 'enum'})`;
  const outside = values.filter((v) => !field.values.includes(v));
  if (outside.length) throw new RangeError(`${where}: ${outside.join(', ')} not among ${field.values.join(', ')}`);
  if (!values.includes(def)) throw new RangeError(`${where}: default ${def} is not among ${values.join(', ')}`);
  return { kind: 'enum', default: def, values, labels: field.labels, label: field.label };
}
