/**
 * Headless CFM experiments in Node on TF.js's wasm backend (cpu if wasm cannot start), through the
 * same runner as the chapter 14 widget (src/lib/engine/reproductions/): training, Euler sampling,
 * exact W₂ to held-out target points and its floor.
 *
 * Reproduction protocols (Tong et al.'s 2D table, chapter 14):
 *
 *   npm run experiment -- --protocol quick --out content/data/reproductions-quick.json
 *   npm run experiment -- --protocol full  --out results-full.json      (hours: see the chapter)
 *   … --rows n-moons,n-scurve --methods ot-cfm,i-cfm --seeds 42 --steps 200   (a subset)
 *
 * The full protocol (95 runs) is meant to be split and resumed:
 *
 *   npm run experiment -- --protocol full --shard 2/8 --out full-2.json --resume   (runs 2, 10, 18, …)
 *   npm run experiment -- --protocol full --merge full-1.json,…,full-8.json --out content/data/reproductions-full.json
 *
 * `--resume` reads the `--out` file an interrupted run left and does only the runs it lacks, keeping
 * the file's first start date; shards can run at the same time (one per core or machine). `--merge`
 * joins the files, each run once, and recomputes the summary; its wall time is the sum of the files'
 * (machine time, not elapsed time), and its dates run from the first start to the last finish.
 *
 * The JSON holds every run, the per-cell summary next to the published values, the machine (CPU,
 * cores, load average at start and end, Node, backend), the wall time, and the estimated time of the
 * full protocol from this run's per-step timings. With `--out` the file is rewritten after every run,
 * so an interrupted run keeps what it finished.
 *
 * A single configuration (any source, target, coupling, path; the runner's defaults reproduce the
 * published 2D setting):
 *
 *   npm run experiment -- --source normal --target tong-moons --coupling exact-ot --steps 20000
 *
 * `--minutes M` stops training after M minutes; `--steps 0` evaluates the untrained network and the
 * floor. Besides W₂ it prints `w2Floor` (exact W₂ between two independent held-out samples: what a
 * perfect model scores with this many points) and `msPerStep`, where each step's time went.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { cpus, loadavg, hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { COUPLING_NAMES, PATH_NAMES } from '../src/lib/core/index.ts';
import { tf } from '../src/lib/nn/tf.ts';
import { activateAndCheck } from '../src/lib/nn/backend.ts';
import { TrainingSession } from '../src/lib/engine/train/session.ts';
import { cleanSettings } from '../src/lib/engine/train/settings.ts';
import { runOne, trainAndEvaluate } from '../src/lib/engine/reproductions/run-one.ts';
import { planRuns, PROTOCOL_IDS, PROTOCOLS, type ProtocolId } from '../src/lib/engine/reproductions/protocols.ts';
import { estimateProtocolMs, runLabel, summarise, type RunResult } from '../src/lib/engine/reproductions/results.ts';
import { mergeRuns, parseShard, remaining, runKey, shardOf, spanOf } from '../src/lib/engine/reproductions/shards.ts';
import { METHOD_IDS, ROW_IDS, type MethodId, type RowId } from '../src/lib/engine/reproductions/table.ts';

const { values: a } = parseArgs({
  options: {
    protocol: { type: 'string' },
    out: { type: 'string' },
    rows: { type: 'string' },
    methods: { type: 'string' },
    seeds: { type: 'string' },
    source: { type: 'string', default: 'normal' },
    target: { type: 'string', default: 'tong-moons' },
    coupling: { type: 'string', default: 'exact-ot' },
    path: { type: 'string', default: 'icfm' },
    sigma: { type: 'string', default: '0.1' },
    steps: { type: 'string' },
    minutes: { type: 'string', default: '0' },
    batch: { type: 'string', default: '512' },
    width: { type: 'string', default: '64' },
    depth: { type: 'string', default: '3' },
    activation: { type: 'string', default: 'selu' },
    'time-freqs': { type: 'string', default: '0' },
    optimizer: { type: 'string', default: 'adamw' },
    lr: { type: 'string', default: '0.001' },
    'weight-decay': { type: 'string', default: '0.00001' },
    'eval-points': { type: 'string' },
    'euler-steps': { type: 'string', default: '100' },
    seed: { type: 'string', default: '1' },
    backend: { type: 'string', default: 'wasm' },
    json: { type: 'boolean', default: false },
    shard: { type: 'string' },
    resume: { type: 'boolean', default: false },
    merge: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (a.help) {
  console.log(`Reproduction protocols (chapter 14):
  npm run experiment -- --protocol ${PROTOCOL_IDS.join('|')} [--out file.json] [--rows ${ROW_IDS.join(',')}]
      [--methods ${METHOD_IDS.join(',')}] [--seeds 42,43] [--steps N] [--eval-points N] [--backend wasm|cpu]
      [--shard i/N] [--resume]   (every N-th run from the i-th; skip the runs already in --out)
  npm run experiment -- --protocol full --merge a.json,b.json --out merged.json   (join shard files)
One configuration (the values shown are the defaults):
  npm run experiment -- --source normal --target tong-moons --coupling ${COUPLING_NAMES.join('|')} --path ${PATH_NAMES.join('|')}
  --sigma 0.1 (σ, or σ_min for ot and ve)  --steps 20000  --minutes 0 (wall-time budget, 0 = none)  --batch 512  --width 64
  --depth 3  --activation selu  --time-freqs 0  --optimizer adamw  --lr 0.001  --weight-decay 0.00001
  --eval-points 1000 (exact W₂ is O(n³))  --euler-steps 100  --seed 1  --backend wasm|cpu  --json`);
  process.exit(0);
}

const backend = (await activateAndCheck(a.backend === 'cpu' ? 'cpu' : 'wasm')) ? tf.getBackend() : (await activateAndCheck('cpu'), 'cpu');
const list = <T extends string>(raw: string | undefined, allowed: readonly T[], what: string): T[] | undefined => {
  if (!raw) return undefined;
  const items = raw.split(',').map((s) => s.trim());
  const bad = items.filter((s) => !(allowed as readonly string[]).includes(s));
  if (bad.length) {
    console.error(`unknown ${what}: ${bad.join(', ')} (choose from ${allowed.join(', ')})`);
    process.exit(2);
  }
  return items as T[];
};

if (a.protocol !== undefined) {
  if (!(PROTOCOL_IDS as string[]).includes(a.protocol)) {
    console.error(`unknown protocol "${a.protocol}" (choose from ${PROTOCOL_IDS.join(', ')})`);
    process.exit(2);
  }
  const protocol = a.protocol as ProtocolId;
  const seeds = a.seeds?.split(',').map(Number);
  if (seeds?.some((s) => !Number.isInteger(s) || s < 0)) {
    console.error('--seeds takes non-negative integers, comma-separated');
    process.exit(2);
  }
  const plan = planRuns(protocol, {
    rows: list<RowId>(a.rows, ROW_IDS, 'rows'),
    methods: list<MethodId>(a.methods, METHOD_IDS, 'methods'),
    seeds,
    steps: a.steps === undefined ? undefined : Math.max(0, Math.floor(Number(a.steps))),
    evalPoints: a['eval-points'] === undefined ? undefined : Math.max(10, Math.floor(Number(a['eval-points']))),
  });
  type Report = { wallSeconds: number; machine: unknown; results: RunResult[]; machines?: unknown[]; started?: string; finished?: string };
  const readReport = (file: string): Report => JSON.parse(readFileSync(file, 'utf8')) as Report;
  let runs = plan;
  if (a.shard !== undefined) {
    const sh = parseShard(a.shard);
    if ('problem' in sh) {
      console.error(sh.problem);
      process.exit(2);
    }
    runs = shardOf(plan, sh.index, sh.count);
  }
  const results: RunResult[] = [];
  let priorSeconds = 0;
  const machines: unknown[] = [];
  /** When the runs took place: a resumed shard keeps its first start, a merge spans its files. */
  let span: { started?: string; finished?: string } = {};
  if (a.merge !== undefined) {
    const files = a.merge.split(',').map((f) => readReport(f.trim()));
    results.push(
      ...mergeRuns(
        files.map((f) => f.results),
        plan,
      ),
    );
    priorSeconds = files.reduce((s, f) => s + f.wallSeconds, 0);
    for (const f of files) machines.push(...(f.machines ?? [f.machine]));
    span = spanOf(files);
    runs = [];
  } else if (a.resume && a.out && existsSync(a.out)) {
    const prior = readReport(a.out);
    const keep = new Set(runs.map(runKey));
    results.push(...prior.results.filter((r) => keep.has(runKey(r))));
    priorSeconds = prior.wallSeconds;
    machines.push(...(prior.machines ?? [prior.machine]));
    span = { started: prior.started };
    console.log(`resuming ${a.out}: ${results.length} of ${runs.length} runs done`);
  }
  const todo = remaining(runs, results);
  const started = new Date();
  const loadStart = loadavg();
  const t0 = performance.now();
  const report = () => {
    const wallMs = performance.now() - t0 + 1000 * priorSeconds;
    const machine = {
      host: hostname(),
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      loadAverageStart: loadStart.map((v) => +v.toFixed(2)),
      loadAverageEnd: loadavg().map((v) => +v.toFixed(2)),
      node: process.version,
      backend,
    };
    return {
      protocol,
      protocolSettings: PROTOCOLS[protocol],
      command: `npm run experiment -- ${process.argv.slice(2).join(' ')}`,
      started: span.started ?? started.toISOString(),
      finished: span.finished ?? new Date().toISOString(),
      wallSeconds: +(wallMs / 1000).toFixed(1),
      shard: a.shard ?? null,
      runsPlanned: a.merge !== undefined ? plan.length : runs.length,
      runsDone: results.length,
      machine,
      /** Every machine (and session) that contributed runs, this one last. */
      machines: [...machines, machine],
      estimatedFullProtocolSeconds: results.length ? Math.round(estimateProtocolMs(results, 'full') / 1000) : null,
      summary: summarise(results),
      results,
    };
  };
  const save = () => {
    if (!a.out) return;
    mkdirSync(dirname(a.out), { recursive: true });
    writeFileSync(a.out, JSON.stringify(report(), null, 1) + '\n');
  };
  if (a.merge !== undefined) save();
  for (const run of todo) {
    const res = await runOne(run);
    if (!res) break;
    results.push(res);
    console.log(
      `[${results.length}/${runs.length}] ${runLabel(run)} seed ${run.seed}: W₂ ${res.w2.toFixed(4)} (floor ${res.w2Floor.toFixed(4)}, n = ${run.evalPoints}), ` +
        `${res.stepsRun} steps in ${(res.trainMs / 1000).toFixed(1)} s, eval ${(res.evalMs / 1000).toFixed(1)} s${res.diverged ? `, ${res.diverged}` : ''}`,
    );
    save();
  }
  const r = report();
  console.log(
    `done: ${r.runsDone} runs in ${r.wallSeconds} s; estimated full protocol ≈ ${((r.estimatedFullProtocolSeconds ?? 0) / 3600).toFixed(1)} h`,
  );
  if (!a.out) console.log(JSON.stringify(r.summary, null, 1));
  process.exit(0);
}

const { settings, problems } = cleanSettings({
  source: a.source,
  target: a.target,
  coupling: a.coupling,
  path: a.path,
  sigma: a.sigma,
  batch: a.batch,
  width: a.width,
  depth: a.depth,
  activation: a.activation,
  timeFreqs: a['time-freqs'],
  optimizer: a.optimizer,
  lr: a.lr,
  weightDecay: a['weight-decay'],
  seed: a.seed,
});
if (problems.length) {
  console.error(`bad options:\n  ${problems.join('\n  ')}`);
  process.exit(2);
}
const session = new TrainingSession(settings);
const budget = {
  steps: Math.max(0, Number(a.steps ?? 20000)),
  evalPoints: Number(a['eval-points'] ?? 1000),
  eulerSteps: Number(a['euler-steps']),
  seed: settings.seed,
};
let lastLog = 0;
const ev = await trainAndEvaluate(session, budget, {
  maxTrainMs: Number(a.minutes) > 0 ? Number(a.minutes) * 60_000 : undefined,
  progress: (step, sps, loss) => {
    if (!a.json && step - lastLog >= 1000) {
      lastLog = step;
      console.log(`step ${step}  loss ${loss.toFixed(4)}  ${sps.toFixed(1)} steps/s`);
    }
  },
});
if (!ev) process.exit(1);
const out = {
  source: settings.source,
  target: settings.target,
  coupling: settings.coupling,
  path: settings.path,
  sigma: settings.sigma,
  model: `${settings.depth}x${settings.width} ${settings.activation}, time freqs ${settings.timeFreqs}`,
  optimiser: `${settings.optimizer} lr ${settings.lr} weight decay ${settings.weightDecay}`,
  batch: settings.batch,
  steps: ev.stepsRun,
  backend,
  trainSeconds: +(ev.trainMs / 1000).toFixed(1),
  stepsPerSecond: +(ev.stepsRun / Math.max(1e-9, ev.trainMs / 1000)).toFixed(1),
  finalLoss: +ev.finalLoss.toFixed(4),
  w2: +ev.w2.toFixed(4),
  w2Floor: +ev.w2Floor.toFixed(4),
  normalisedPathEnergy: +ev.npe.toFixed(4),
  evalPoints: budget.evalPoints,
  eulerSteps: budget.eulerSteps,
  evalSeconds: +(ev.evalMs / 1000).toFixed(2),
  msPerStep: { coupling: +ev.couplingMsPerStep.toFixed(2), network: +ev.networkMsPerStep.toFixed(2) },
  diverged: ev.diverged,
};
console.log(a.json ? JSON.stringify(out) : out);
session.dispose();
