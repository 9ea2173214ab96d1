/**
 * Headless CFM experiment runner: trains the book's engine (src/lib/engine/train/session.ts) in Node on
 * TF.js's wasm backend (cpu if wasm cannot start) and reports exact W₂ between generated and
 * held-out target points, the normalised path energy of the generated flow, and wall time.
 *
 *   npm run experiment -- --source normal --target moons --coupling exact-ot --steps 20000
 *
 * Defaults reproduce the 2D setting of Tong et al. (2024): 3×64 SELU MLP on concat(x, t),
 * AdamW with learning rate 1e-3, batch 512, σ = 0.1, Euler with 100 steps at evaluation.
 * `--minutes M` stops training after M minutes of wall time (the run says how many steps it made).
 *
 * Besides W₂ it prints `w2Floor`, the exact W₂ between two independent held-out target samples of
 * the same size: what a perfect model would score with this many evaluation points (empirical W₂
 * in 2D shrinks only slowly with n), and `msPerStep`, where each training step's wall time went
 * (drawing x₀/x₁, the coupling, the path sample, the network step, the batched loss readbacks).
 * `--steps 0` evaluates the untrained network (and the floor) without training.
 */
import { parseArgs } from 'node:util';
import { Rng, w2Exact, normalisedPathEnergy } from '../src/lib/core/index.ts';
import { tf } from '../src/lib/nn/tf.ts';
import { activateAndCheck } from '../src/lib/nn/backend.ts';
import { TrainingSession } from '../src/lib/engine/train/session.ts';
import { COUPLING_NAMES, PATH_NAMES } from '../src/lib/core/index.ts';
import { cleanSettings } from '../src/lib/engine/train/settings.ts';

const { values: a } = parseArgs({
  options: {
    source: { type: 'string', default: 'normal' },
    target: { type: 'string', default: 'tong-moons' },
    coupling: { type: 'string', default: 'exact-ot' },
    path: { type: 'string', default: 'icfm' },
    sigma: { type: 'string', default: '0.1' },
    steps: { type: 'string', default: '20000' },
    minutes: { type: 'string', default: '0' },
    batch: { type: 'string', default: '512' },
    width: { type: 'string', default: '64' },
    depth: { type: 'string', default: '3' },
    activation: { type: 'string', default: 'selu' },
    'time-freqs': { type: 'string', default: '0' },
    optimizer: { type: 'string', default: 'adamw' },
    lr: { type: 'string', default: '0.001' },
    'weight-decay': { type: 'string', default: '0.01' },
    'eval-points': { type: 'string', default: '1000' },
    'euler-steps': { type: 'string', default: '100' },
    seed: { type: 'string', default: '1' },
    backend: { type: 'string', default: 'wasm' },
    'log-every': { type: 'string', default: '1000' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (a.help) {
  console.log(`npm run experiment -- [--option value …]   (the values shown are the defaults)
  --source normal   --target tong-moons   --coupling ${COUPLING_NAMES.join('|')}   --path ${PATH_NAMES.join('|')}
  --sigma 0.1 (path width: σ, or σ_min for ot and ve)   --steps 20000   --minutes 0 (wall-time budget, 0 = none)
  --batch 512   --width 64   --depth 3   --activation selu   --time-freqs 0   --optimizer adamw   --lr 0.001   --weight-decay 0.01
  --eval-points 1000 (exact W₂ is O(n³))   --euler-steps 100   --seed 1   --backend wasm|cpu   --log-every 1000   --json`);
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

const backend = (await activateAndCheck(a.backend === 'cpu' ? 'cpu' : 'wasm')) ? tf.getBackend() : (await activateAndCheck('cpu'), 'cpu');
const maxSteps = Math.max(0, Number(a.steps));
const budgetMs = Number(a.minutes) * 60_000;
const logEvery = Math.max(1, Number(a['log-every']));
const session = new TrainingSession(settings);

const t0 = performance.now();
const chunk = 50;
while (session.step < maxSteps && (budgetMs <= 0 || performance.now() - t0 < budgetMs)) {
  session.trainSteps(Math.min(chunk, maxSteps - session.step));
  const reason = await session.flush();
  if (reason) {
    console.error(`diverged: ${reason}`);
    break;
  }
  if (session.step % logEvery < chunk) {
    const h = session.lossHistory();
    const recent = h.subarray(Math.max(0, h.length - logEvery));
    const mean = recent.reduce((s, v) => s + v, 0) / recent.length;
    const el = (performance.now() - t0) / 1000;
    if (!a.json)
      console.log(`step ${session.step}  loss(mean last ${recent.length}) ${mean.toFixed(4)}  ${(session.step / el).toFixed(1)} steps/s`);
  }
}
const trainSeconds = (performance.now() - t0) / 1000;

// Evaluation: n fresh source points → Euler(100) → compare with n held-out target points.
const n = Number(a['eval-points']);
const evalRng = new Rng(settings.seed + 1_000_003);
const x0 = session.source(n, evalRng);
const heldOut = session.target(n, evalRng);
const heldOut2 = session.target(n, evalRng);
const te = performance.now();
const res = await session.generate(
  x0,
  { method: 'euler', steps: Number(a['euler-steps']), trajectory: true, t0: session.path.tMin, t1: session.path.tMax },
  false,
);
const sampleSeconds = (performance.now() - te) / 1000;
const w2 = w2Exact(res.x, heldOut, n, 2);
const npe = normalisedPathEnergy(res.trajectory!, x0, heldOut, n, 2);
const w2Floor = w2Exact(heldOut2, heldOut, n, 2);
const bt = session.batches.timing,
  nt = session.timing;
const per = (ms: number) => +(session.step > 0 ? ms / session.step : 0).toFixed(2);
const msPerStep = {
  total: per(trainSeconds * 1000),
  sample: per(bt.sampleMs),
  coupling: per(bt.couplingMs),
  path: per(bt.pathMs),
  network: per(nt.networkMs),
  readback: per(nt.flushMs),
};
const lastLoss = session.decimatedLoss(20).values.at(-1);
const out = {
  source: settings.source,
  target: settings.target,
  coupling: settings.coupling,
  path: settings.path,
  sigma: settings.sigma,
  model: `${settings.depth}x${settings.width} ${settings.activation}, time freqs ${settings.timeFreqs}`,
  optimiser: `${settings.optimizer} lr ${settings.lr}`,
  batch: settings.batch,
  steps: session.step,
  backend,
  trainSeconds: +trainSeconds.toFixed(1),
  stepsPerSecond: +(session.step / trainSeconds).toFixed(1),
  finalLoss: lastLoss === undefined ? null : +lastLoss.toFixed(4),
  w2: +w2.toFixed(4),
  w2Floor: +w2Floor.toFixed(4),
  normalisedPathEnergy: +npe.toFixed(4),
  evalPoints: n,
  eulerSteps: Number(a['euler-steps']),
  sampleSeconds: +sampleSeconds.toFixed(2),
  msPerStep,
};
console.log(a.json ? JSON.stringify(out) : out);
session.dispose();
