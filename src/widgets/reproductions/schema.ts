/**
 * Settings of the reproductions widget (URL `?reproductions.<key>=…`): which rows and methods of
 * Tong et al.'s 2D table to run, the protocol (quick or full, engine/reproductions/protocols.ts),
 * the first seed, and optional smaller budgets (0 keeps the protocol's) for a try-out or a test.
 */
import { METHODS, ROWS } from '../../lib/engine/reproductions/table.ts';
import { PROTOCOL_IDS, PROTOCOLS, type ProtocolId } from '../../lib/engine/reproductions/protocols.ts';
import type { BoolField } from '../../lib/state/settings.ts';

const PROTOCOL_LABELS = Object.fromEntries(PROTOCOL_IDS.map((p) => [p, PROTOCOLS[p].label])) as Record<ProtocolId, string>;
const on = (label: string): BoolField => ({ kind: 'bool', default: true, label });

export const reproductionsSchema = {
  protocol: { kind: 'enum', default: 'quick', values: PROTOCOL_IDS, labels: PROTOCOL_LABELS, label: 'protocol' },
  'n-8gaussians': on(ROWS['n-8gaussians'].label),
  'moons-8gaussians': on(ROWS['moons-8gaussians'].label),
  'n-moons': on(ROWS['n-moons'].label),
  'n-scurve': on(ROWS['n-scurve'].label),
  'ot-cfm': on(METHODS['ot-cfm'].label),
  'i-cfm': on(METHODS['i-cfm'].label),
  fm: on(METHODS.fm.label),
  rf: on(METHODS.rf.label),
  'sb-cfm': on(METHODS['sb-cfm'].label),
  seed: { kind: 'int', default: 42, min: 0, max: 2 ** 31 - 6, label: 'first seed' },
  steps: { kind: 'int', default: 0, min: 0, max: 20_000, step: 50, label: 'steps per run (0: the protocol’s)' },
  points: { kind: 'int', default: 0, min: 0, max: 2000, step: 50, label: 'test points (0: the protocol’s)' },
} as const;
