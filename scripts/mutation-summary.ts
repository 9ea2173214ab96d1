/**
 * Mutation score per file from StrykerJS's report (run: npx node scripts/mutation-summary.ts
 * [report.json], default reports/stryker-incremental.json, the committed incremental file that
 * `npm run mutate` keeps and resumes from). Prints a Markdown table for reports/mutation-summary.md.
 *
 * Score = detected / (detected + undetected), Stryker's definition: detected = killed + timed out,
 * undetected = survived + no coverage. Ignored mutants (static ones under "ignoreStatic", see
 * stryker.config.json) and compile/runtime errors count in neither.
 */
import { readFileSync } from 'node:fs';

interface Mutant {
  status: string;
  mutatorName: string;
  replacement?: string;
  location: { start: { line: number; column: number } };
}
interface Report {
  files: Record<string, { mutants: Mutant[] }>;
}

const file = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'reports/stryker-incremental.json';
const report = JSON.parse(readFileSync(file, 'utf8')) as Report;

const COLUMNS = ['Killed', 'Timeout', 'Survived', 'NoCoverage', 'Ignored', 'RuntimeError', 'CompileError'] as const;
type Counts = Record<(typeof COLUMNS)[number], number>;
const zero = (): Counts => ({ Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, Ignored: 0, RuntimeError: 0, CompileError: 0 });
const score = (c: Counts): number => {
  const detected = c.Killed + c.Timeout;
  const total = detected + c.Survived + c.NoCoverage;
  return total ? (100 * detected) / total : NaN;
};
const pct = (x: number): string => (Number.isFinite(x) ? `${x.toFixed(1)} %` : '—');

const rows: [string, Counts][] = [];
const byFolder = new Map<string, Counts>();
const total = zero();
for (const [name, { mutants }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
  const c = zero();
  for (const m of mutants) if (m.status in c) c[m.status as keyof Counts]++;
  rows.push([name, c]);
  const folder = name.split('/').slice(0, 3).join('/');
  const f = byFolder.get(folder) ?? zero();
  for (const k of COLUMNS) {
    f[k] += c[k];
    total[k] += c[k];
  }
  byFolder.set(folder, f);
}

const line = (name: string, c: Counts): string => `| ${name} | ${pct(score(c))} | ${COLUMNS.map((k) => c[k]).join(' | ')} |`;
console.log(`| file | score | ${COLUMNS.join(' | ')} |`);
console.log(`|---|---:|${COLUMNS.map(() => '---:').join('|')}|`);
for (const [name, c] of rows) console.log(line(name, c));
for (const [folder, c] of byFolder) console.log(line(`**${folder} (all measured)**`, c));
console.log(line('**total**', total));

if (process.argv.includes('--survivors')) {
  console.log('\nSurvivors and mutants without coverage:');
  for (const [name, { mutants }] of Object.entries(report.files))
    for (const m of mutants)
      if (m.status === 'Survived' || m.status === 'NoCoverage')
        console.log(
          `${name}:${m.location.start.line}:${m.location.start.column} ${m.status} ${m.mutatorName} → ${JSON.stringify(m.replacement ?? '')}`,
        );
}
