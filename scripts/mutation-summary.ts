/**
 * Mutation score per file from StrykerJS's reports (run: npx node scripts/mutation-summary.ts
 * [report.json …] [--survivors]; by default the committed incremental files that `npm run mutate`
 * keeps and resumes from: reports/stryker-incremental.json (the core) and, when it exists,
 * reports/stryker-incremental-engine.json (the engines)). Prints a Markdown table for
 * reports/mutation-summary.md, then the core's modules that have no result yet.
 *
 * Score = detected / (detected + undetected), Stryker's definition: detected = killed + timed out,
 * undetected = survived + no coverage. Ignored mutants (static ones under "ignoreStatic", see
 * stryker.config.json) and compile/runtime errors count in neither.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

interface Mutant {
  status: string;
  mutatorName: string;
  replacement?: string;
  location: { start: { line: number; column: number } };
}
interface Report {
  files: Record<string, { mutants: Mutant[] }>;
}

const given = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const files = given.length
  ? given
  : ['reports/stryker-incremental.json', 'reports/stryker-incremental-engine.json'].filter((f) => existsSync(f));
const report: Report = { files: {} };
for (const f of files) Object.assign(report.files, (JSON.parse(readFileSync(f, 'utf8')) as Report).files);

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

// A module counts as measured when at least one of its mutants has a result (Ignored: static code only).
const measured = new Set(rows.filter(([, c]) => COLUMNS.some((k) => k !== 'Ignored' && c[k] > 0)).map(([name]) => name));
const coreModules = readdirSync('src/lib/core')
  .filter((f) => f.endsWith('.ts'))
  .map((f) => `src/lib/core/${f}`);
const unmeasured = coreModules.filter((f) => !measured.has(f));
console.log(`\nCore modules measured: ${coreModules.length - unmeasured.length} of ${coreModules.length}.`);
console.log(`Not measured: ${unmeasured.length ? unmeasured.map((f) => f.replace('src/lib/core/', '')).join(', ') : 'none'}.`);

if (process.argv.includes('--survivors')) {
  console.log('\nSurvivors and mutants without coverage:');
  for (const [name, { mutants }] of Object.entries(report.files))
    for (const m of mutants)
      if (m.status === 'Survived' || m.status === 'NoCoverage')
        console.log(
          `${name}:${m.location.start.line}:${m.location.start.column} ${m.status} ${m.mutatorName} → ${JSON.stringify(m.replacement ?? '')}`,
        );
}
