/**
 * Checks that a widget's controls take their bounds, step, label and options from its settings
 * schema (review defect 8: "no bound repeated in markup"): every range or number input and every
 * select whose id ends in `-<key>` of a schema field is compared with that field.
 */
import type { Page } from 'playwright-core';
import { fieldOptions, fieldStep, type Schema } from '../../src/lib/state/settings.ts';

interface ControlReport {
  checked: string[];
  mismatches: string[];
}

/** Compares the controls inside `[data-widget=<name>]` with `schema`; `skip` lists keys whose control is not the field itself (a log-scale slider, a bound that follows another setting). */
export async function compareControlsWithSchema(
  page: Page,
  name: string,
  schema: Schema,
  skip: readonly string[] = [],
): Promise<ControlReport> {
  const controls = await page.locator(`[data-widget="${name}"]`).evaluate((root) =>
    [...root.querySelectorAll('input[type=range], input[type=number], select')].map((el) => ({
      id: el.id,
      tag: el.tagName.toLowerCase(),
      min: el.getAttribute('min'),
      max: el.getAttribute('max'),
      step: el.getAttribute('step'),
      label: el.id ? (root.querySelector(`label[for="${CSS.escape(el.id)}"]`)?.textContent ?? el.closest('label')?.textContent ?? '') : '',
      options: el.tagName === 'SELECT' ? [...(el as HTMLSelectElement).options].map((o) => [o.value, o.textContent ?? '']) : [],
    })),
  );
  const report: ControlReport = { checked: [], mismatches: [] };
  for (const [key, field] of Object.entries(schema)) {
    if (skip.includes(key)) continue;
    const c = controls.find((x) => x.id.endsWith(`-${key}`));
    if (!c) continue;
    report.checked.push(key);
    const bad = (what: string, got: unknown, want: unknown) =>
      report.mismatches.push(`${name}.${key}: ${what} is ${String(got)}, schema says ${String(want)}`);
    if (field.label && !c.label.includes(field.label)) bad('label', JSON.stringify(c.label), JSON.stringify(field.label));
    if (field.kind === 'number' || field.kind === 'int') {
      if (Number(c.min) !== field.min) bad('min', c.min, field.min);
      if (Number(c.max) !== field.max) bad('max', c.max, field.max);
      if (Math.abs(Number(c.step) - fieldStep(field)) > 1e-12) bad('step', c.step, fieldStep(field));
    } else if (field.kind === 'enum') {
      const want = fieldOptions(field).map((o) => [o.value, o.label]);
      if (JSON.stringify(c.options) !== JSON.stringify(want)) bad('options', JSON.stringify(c.options), JSON.stringify(want));
    }
  }
  return report;
}
