/**
 * From the widget's settings to the list of runs (engine/reproductions/protocols.ts), and the
 * downloads (JSON with the protocol and every run; CSV, one line per run). TF-free.
 */
import { METHOD_IDS, ROW_IDS, PUBLISHED_SOURCES } from '../../lib/engine/reproductions/table.ts';
import { planRuns, PROTOCOLS, type RunSpec } from '../../lib/engine/reproductions/protocols.ts';
import { summarise, toCsv, type RunResult } from '../../lib/engine/reproductions/results.ts';
import type { SettingsOf } from '../../lib/state/settings.ts';
import type { reproductionsSchema } from './schema.ts';

export type ReproSettings = SettingsOf<typeof reproductionsSchema>;

/** The runs the settings select: chosen rows × methods (where a method applies) × the protocol's seeds from `seed` on. */
export function runsFor(s: ReproSettings): RunSpec[] {
  const p = PROTOCOLS[s.protocol];
  return planRuns(s.protocol, {
    rows: ROW_IDS.filter((r) => s[r]),
    methods: METHOD_IDS.filter((m) => s[m]),
    seeds: p.seeds.map((_, i) => s.seed + i),
    steps: s.steps > 0 ? s.steps : undefined,
    evalPoints: s.points > 0 ? s.points : undefined,
  });
}

/** The JSON a reader downloads: the settings, the protocol, the runs and the per-cell summary. */
export function resultsJson(
  s: ReproSettings,
  results: readonly RunResult[],
  meta: { backend: string; userAgent: string; totalMs: number },
): string {
  return (
    JSON.stringify(
      {
        book: 'Conditional Flow Matching, live — chapter 14',
        settings: s,
        protocol: PROTOCOLS[s.protocol],
        publishedSources: PUBLISHED_SOURCES,
        ...meta,
        summary: summarise(results),
        results,
      },
      null,
      1,
    ) + '\n'
  );
}

export { toCsv };

/** Saves text as a file through a temporary link (no server round trip). */
export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** "1 h 5 min", "4 min 10 s", "12 s". */
export function durationText(ms: number): string {
  if (!Number.isFinite(ms)) return '…';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
