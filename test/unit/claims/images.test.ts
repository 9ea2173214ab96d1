/**
 * Claims of chapter 11 (images). Each block quotes the sentence it backs (and checks that the chapter
 * still contains it), then computes the number: with the core (the UNet layout, classifier-free
 * guidance on closed-form fields, Gaussian posteriors), from the shipped checkpoint's metadata read
 * independently with fs, or from the sampler widget's settings schema.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { getPath, integrate, marginalVelocity, marginalLogDensity } from '../../../src/lib/core/index.ts';
import { conversionCoefficients } from '../../../src/lib/core/parametrisations.ts';
import { gaussianPosteriorMeanX1 } from '../../../src/lib/core/gaussian-marginal.ts';
import { guidedField, guidanceWeightFromHoSalimans } from '../../../src/lib/core/guidance.ts';
import { DATA, EXAMPLE, GUIDANCE_WEIGHTS, guidedSamples, meanStd, tiltedLaw } from '../../../src/components/images/guidance-example.ts';
import { unetLayout, resBlockParams, type UNetArchitectureConfig } from '../../../src/lib/core/unet-architecture.ts';
import { samplerSchema } from '../../../src/widgets/cifar-sampler/settings.ts';
import {
  CHECKPOINT_FACTS,
  DEFAULT_CHECKPOINT_NAME,
  NOT_MEASURED,
  QUALITY_FACTS,
  checkpointFact,
  checkpointMetadata,
  formatDuration,
  formatFixed,
  formatMillions,
  formatPercent,
  gridMatchesCheckpoint,
  lossCurve,
  qualityFact,
  qualityRunAt,
  qualityRuns,
  trainingSessions,
  type CheckpointMetadata,
} from '../../../src/components/images/checkpoint-facts.ts';
import { fmtCount } from '../../../src/lib/core/count-format.ts';

const ROOT = join(__dirname, '../../..');
const CHAPTER = readFileSync(join(ROOT, 'content/chapters/11-images.mdx'), 'utf8');
const CHECKPOINTS = join(ROOT, 'public/checkpoints');
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
const INDEX = readJson(join(CHECKPOINTS, 'index.json')) as { default: string };
const rawMeta = (name: string): any => readJson(join(CHECKPOINTS, name, 'metadata.json'));
const NNBSP = '\u202f';

/** The chapter must still say what the test checks (whitespace-insensitive). */
function quotes(sentence: string): void {
  const squash = (s: string) => s.replace(/\s+/g, ' ');
  expect(squash(CHAPTER).includes(squash(sentence)), `chapter 11 no longer contains: ${sentence}`).toBe(true);
}

describe('chapter 11: the shipped checkpoint, read at build time', () => {
  it('the components read the default checkpoint named in index.json', () => {
    expect(DEFAULT_CHECKPOINT_NAME).toBe(INDEX.default);
    expect(checkpointMetadata().name).toBe(INDEX.default);
    expect(() => checkpointMetadata('no-such-checkpoint')).toThrow(/no-such-checkpoint.*not found/);
  });

  it('formats numbers as the chapter prints them', () => {
    expect(fmtCount(1048291)).toBe(`1${NNBSP}048${NNBSP}291`);
    expect(fmtCount(4070)).toBe('4070');
    expect(fmtCount(50000)).toBe(`50${NNBSP}000`);
    expect(fmtCount(-12345)).toBe(`−12${NNBSP}345`);
    expect(formatFixed(5.21, 1)).toBe('5.2');
    expect(formatFixed(-0.044, 2)).toBe('−0.04');
    expect(formatFixed(-0.001, 2)).toBe('0.00');
    expect(formatPercent(0.858)).toBe('85.8%');
    expect(formatDuration(9027.8)).toBe('2 h 30 min');
    expect(formatDuration(1805)).toBe('30 min');
    expect(formatDuration(3600 + 5 * 60)).toBe('1 h 05 min');
    expect(formatMillions(1048291)).toBe('1.05 M');
  });

  // Backs every <CheckpointFact field="…"/> of the chapter: each field reads the right entry of the
  // default checkpoint's metadata.json (read here with fs, independently of the component's import).
  const meta = rawMeta(INDEX.default);
  const expected: Record<string, string> = {
    parameters: fmtCount(meta.architecture.parameters),
    parametersMillions: formatMillions(meta.architecture.parameters),
    baseChannels: fmtCount(meta.architecture.config.base_channels),
    timeScale: fmtCount(meta.architecture.config.time_scale),
    numClasses: fmtCount(meta.architecture.config.num_classes),
    weightsMiB: `${(meta.weights.bytes / 2 ** 20).toFixed(2)} MiB`,
    steps: fmtCount(meta.training.steps),
    imagesSeen: fmtCount(meta.training.images_seen),
    epochs: meta.training.epochs.toFixed(1),
    wallTime: formatDuration(meta.training.wall_seconds),
    imagesPerSecond: meta.metrics.images_per_s_median.toFixed(0),
    batchSize: fmtCount(meta.training.recipe.batch_size),
    learningRate: String(meta.training.recipe.lr),
    warmupSteps: fmtCount(meta.training.recipe.warmup_steps),
    emaDecay: String(meta.training.recipe.ema_decay),
    pUncond: String(meta.training.recipe.p_uncond),
    gradClip: String(meta.training.recipe.grad_clip),
    sigma: String(meta.training.recipe.sigma),
    firstLoss: meta.metrics.first_loss.toFixed(3),
    finalLoss: meta.metrics.final_loss_mean_last_10_logs.toFixed(3),
    trainingImages: fmtCount(meta.data.n),
    sessions: meta.training.sessions.length === 1 ? 'one working session' : `${fmtCount(meta.training.sessions.length)} working sessions`,
    method: { ot: 'OT-CFM', icfm: 'I-CFM' }[meta.training.recipe.method as string] ?? '?',
  };
  it('every field of <CheckpointFact> reads the right metadata entry', () => {
    expect(Object.keys(CHECKPOINT_FACTS).sort()).toEqual(Object.keys(expected).sort());
    const m = checkpointMetadata();
    for (const [field, value] of Object.entries(expected)) expect(checkpointFact(m, field), field).toBe(value);
  });

  it('every <CheckpointFact> and <QualityFact> the chapter uses is a known field', () => {
    const used = [...CHAPTER.matchAll(/<CheckpointFact field="([^"]+)"/g)].map((m) => m[1]);
    const usedQuality = [...CHAPTER.matchAll(/<QualityFact field="([^"]+)"/g)].map((m) => m[1]);
    expect(used.length).toBeGreaterThan(15);
    for (const f of used) expect(Object.keys(CHECKPOINT_FACTS), f).toContain(f);
    for (const f of usedQuality) expect(Object.keys(QUALITY_FACTS), f).toContain(f);
  });

  it('a missing training figure fails loudly, naming the field', () => {
    const m = structuredClone(checkpointMetadata());
    delete m.training!.steps;
    expect(() => checkpointFact(m, 'steps')).toThrow(/training\.steps/);
    const noRecipe = structuredClone(checkpointMetadata());
    delete noRecipe.training!.recipe;
    expect(() => checkpointFact(noRecipe, 'pUncond')).toThrow(/training\.recipe\.p_uncond/);
    expect(() => checkpointFact(noRecipe, 'method')).toThrow(/training\.recipe\.method/);
    expect(() => checkpointFact(m, 'stepz')).toThrow(/unknown field/);
    const noCurve = structuredClone(checkpointMetadata());
    delete noCurve.metrics!.loss_curve;
    expect(() => lossCurve(noCurve)).toThrow(/loss_curve/);
    const badCurve = structuredClone(checkpointMetadata());
    badCurve.metrics!.loss_curve = [
      [1, 2],
      [3, Number.NaN],
    ];
    expect(() => lossCurve(badCurve)).toThrow(/malformed/);
    const noSessions = structuredClone(checkpointMetadata());
    delete noSessions.training!.sessions;
    expect(() => trainingSessions(noSessions)).toThrow(/training\.sessions/);
    const badSession = structuredClone(checkpointMetadata());
    delete (badSession.training!.sessions![0] as Record<string, unknown>).wall_seconds;
    expect(() => trainingSessions(badSession)).toThrow(/sessions\[0\]\.wall_seconds/);
  });

  // Backs: "The path has $\sigma$ = <CheckpointFact field="sigma"/>, the straight path of <Ref id="eq-ot-path"/>
  // with $\sigma_{\min}=0$", and the x̂₁ strip's formula, which needs σ = 0 (README: no guess otherwise).
  it('the shipped path is the straight path with σ = 0', () => {
    quotes('the straight path of <Ref id="eq-ot-path"/> with $\\sigma_{\\min}=0$');
    expect(meta.training.recipe.sigma).toBe(0);
    expect(meta.training.recipe.method).toBe('ot');
  });

  // Backs the caption of figure-sample-grid: "the grid is shown only if it was rendered from the
  // weights the site ships".
  it('the sample grid is shown only for the shipped weights', () => {
    quotes('the grid is shown only if it was rendered from the weights the site ships');
    const m = checkpointMetadata();
    const shas = (meta.weights.shards as { sha256: string }[]).map((x) => x.sha256);
    expect(gridMatchesCheckpoint({ checkpoint: meta.name, weightsSha256: shas }, m)).toBe(true);
    expect(gridMatchesCheckpoint({ checkpoint: meta.name, weightsSha256: shas.map((x) => x.replace(/^./, '0')) }, m)).toBe(false);
    expect(gridMatchesCheckpoint({ checkpoint: 'other', weightsSha256: shas }, m)).toBe(false);
    expect(gridMatchesCheckpoint({ checkpoint: meta.name, weightsSha256: [...shas, shas[0]] }, m)).toBe(false);
    const manifestPath = join(ROOT, 'src/components/images/class-grid/manifest.json');
    if (existsSync(manifestPath)) {
      const manifest = readJson(manifestPath) as { checkpoint: string; weightsSha256: string[] };
      // Whichever way it goes, the component decides with the same test (here: report it).
      const matches = gridMatchesCheckpoint(manifest, m);
      expect(matches).toBe(manifest.checkpoint === meta.name && manifest.weightsSha256.join() === shas.join());
    }
  });

  it('the loss curve and the sessions are those of the metadata', () => {
    expect(lossCurve(checkpointMetadata())).toEqual(meta.metrics.loss_curve);
    const s = trainingSessions(checkpointMetadata());
    expect(s.map((r) => r.steps)).toEqual(meta.training.sessions.map((r: any) => r.steps));
    expect(s.map((r) => r.imagesPerSecond)).toEqual(meta.training.sessions.map((r: any) => r.images_per_s));
  });

  // Backs: "where absent, the component must say 'not yet measured for this checkpoint'".
  it('quality figures: "not yet measured" when absent, formatted when present', () => {
    const bare: CheckpointMetadata = structuredClone(checkpointMetadata());
    delete bare.metrics!.quality;
    for (const f of Object.keys(QUALITY_FACTS)) expect(qualityFact(bare, f)).toBe(NOT_MEASURED);
    expect(qualityRuns(bare)).toEqual([]);
    expect(() => qualityFact(bare, 'nope')).toThrow(/unknown field/);
    const scored: CheckpointMetadata = structuredClone(bare);
    scored.metrics!.quality = {
      classifier_test_accuracy: 0.858,
      floor_train_vs_test: 0.0341,
      ceiling_test_images: { overall: 0.8581, per_class: { airplane: 0.9 } },
      runs: [
        { solver: 'euler', nfe: 50, guidance: 1, fd: 30.1 },
        { solver: 'euler', nfe: 20, guidance: 2, fd: 25.2, agreement: { overall: 0.71, per_class: { airplane: 0.8 } } },
        { solver: 'euler', nfe: 20, guidance: 1, fd: 33.3 },
      ],
    };
    expect(qualityFact(scored, 'classifierAccuracy')).toBe('85.8%');
    expect(qualityFact(scored, 'ceiling')).toBe('85.8%');
    expect(qualityFact(scored, 'floor')).toBe('0.034');
    expect(qualityRuns(scored).map((r) => [r.guidance, r.nfe])).toEqual([
      [1, 20],
      [1, 50],
      [2, 20],
    ]);
    expect(qualityRunAt(scored, 'euler', 20, 2)?.agreement?.overall).toBe(0.71);
    expect(qualityRunAt(scored, 'heun', 20, 2)).toBeUndefined();
    // The shipped checkpoint: whatever it has is read through, never invented.
    const q = rawMeta(INDEX.default).metrics?.quality;
    const acc = qualityFact(checkpointMetadata(), 'classifierAccuracy');
    expect(acc).toBe(typeof q?.classifier_test_accuracy === 'number' ? formatPercent(q.classifier_test_accuracy) : NOT_MEASURED);
  });
});

describe('chapter 11: the UNet', () => {
  const configs: [string, UNetArchitectureConfig, number][] = [];
  for (const name of readdirSync(CHECKPOINTS)) {
    const p = join(CHECKPOINTS, name, 'metadata.json');
    if (existsSync(p)) {
      const m = rawMeta(name);
      configs.push([name, m.architecture.config, m.architecture.parameters]);
    }
  }
  for (const variant of ['weights-fp32', 'weights-fp16']) {
    const p = join(ROOT, 'test/fixtures/cifar', variant, 'tiny-cond/metadata.json');
    if (existsSync(p)) {
      const m = readJson(p) as any;
      configs.push([`${variant}/tiny-cond (attention at 16×16)`, m.architecture.config, m.architecture.parameters]);
    }
  }
  // Backs the caption of figure-unet: "the build fails if their total differs from the count PyTorch
  // recorded when the checkpoint was exported".
  it.each(configs)('%s: the layout counts the parameters PyTorch recorded', (_name, config, recorded) => {
    expect(unetLayout(config).totalParams).toBe(recorded);
  });
  it('covers at least the two shipped checkpoints and the attention fixture', () => {
    expect(configs.length).toBeGreaterThanOrEqual(3);
    expect(configs.some(([, c]) => c.attn_resolutions.length > 0)).toBe(true);
  });

  const layout = unetLayout(rawMeta(INDEX.default).architecture.config);
  it('"In the middle, two more ResBlocks work at the coarsest resolution"; E = 4c₀; K + 1 rows', () => {
    quotes('In the middle, two more ResBlocks work at the coarsest resolution.');
    quotes('maps $\\gamma(t)$ to a vector $e_t$ of width $E = 4c_0$');
    quotes('a table of $K+1$ learned vectors of width $E$');
    const coarsest = Math.min(...layout.levels.map((l) => l.resolution));
    expect(layout.mid.filter((b) => b.kind === 'mid-res').map((b) => b.resolution)).toEqual([coarsest, coarsest]);
    expect(layout.embeddingWidth).toBe(4 * layout.baseChannels);
    expect(layout.classEmbeddingRows).toBe(layout.config.num_classes + 1);
    // "the channel count never shrinks as the resolution does"
    const ch = layout.levels.map((l) => l.channels);
    expect(ch.every((c, i) => i === 0 || c >= ch[i - 1])).toBe(true);
    quotes('the channel count never shrinks as the resolution does');
  });

  it('"The dimension is $d = 32\\cdot32\\cdot3 = 3072$" and CIFAR-10 has 50 000 training images, 10 classes', () => {
    quotes('The dimension is $d = 32\\cdot32\\cdot3 = 3072$.');
    quotes('a useful model needs many passes (epochs) over the $50\\,000$ training images');
    quotes('CIFAR-10 has $K = 10$ classes');
    const c = layout.config;
    expect(c.image_size * c.image_size * c.in_channels).toBe(32 * 32 * 3);
    expect(32 * 32 * 3).toBe(3072);
    expect(rawMeta(INDEX.default).data.n).toBe(50000);
    expect(c.num_classes).toBe(10);
  });

  it('the time embedding: "the fast ones distinguish $t=0.500$ from $t=0.501$"', () => {
    quotes('the fast ones distinguish $t=0.500$ from $t=0.501$');
    const h = layout.baseChannels / 2;
    const T = layout.config.time_scale ?? 1000;
    const gamma = (t: number) => {
      const f = Array.from({ length: h }, (_, k) => T * 10000 ** (-k / h));
      return [...f.map((fk) => Math.sin(t * fk)), ...f.map((fk) => Math.cos(t * fk))];
    };
    const a = gamma(0.5);
    const b = gamma(0.501);
    expect(Math.max(...a.map((v, i) => Math.abs(v - b[i])))).toBeGreaterThan(0.5);
  });

  // Backs exercise-resblock-count: "= 65\,984", and "In the shipped checkpoint this is the first block
  // of the second level".
  it('exercise: a ResBlock 32 → 64 with E = 128 has 65 984 parameters, and the checkpoint has it', () => {
    quotes('2\\,112 = 65\\,984$');
    const p = 2 * 32 + (9 * 32 * 64 + 64) + (128 * 64 + 64) + 2 * 64 + (9 * 64 * 64 + 64) + (32 * 64 + 64);
    expect(resBlockParams(32, 64, 128)).toBe(p);
    expect(p).toBe(65984);
    const first = layout.levels[1].down[0];
    expect([first.kind, first.cin, first.cout, layout.embeddingWidth, first.params]).toEqual(['res', 32, 64, 128, 65984]);
  });
});

describe('chapter 11: classifier-free guidance', () => {
  // The one-dimensional two-class example of the chapter (src/components/images/guidance-example.ts).
  const K = EXAMPLE.perClass;
  const { class1, all } = DATA;
  const path = getPath('ot', { sigmaMin: EXAMPLE.sigmaMin });

  // Backs the table: "push $600$ draws of $\Norm(0,1)$ with the guided field towards class $1$ (RK4,
  // $50$ steps)" with rows w = 0, 1, 2, 4 of samples and of the tilted law. The figure draws the same
  // samples (guidance-example.ts).
  it('the table of guided samples and of the tilted law', () => {
    quotes('Take a one-dimensional data set of two classes with $100$ points each');
    quotes('push $600$ draws of $\\Norm(0,1)$ with the guided field towards class $1$ (RK4, $50$ steps)');
    expect([EXAMPLE.perClass, EXAMPLE.particles, EXAMPLE.steps, EXAMPLE.sigmaMin]).toEqual([100, 600, 50, 0.01]);
    expect([...GUIDANCE_WEIGHTS]).toEqual([0, 1, 2, 4]);
    quotes('a histogram of the $600$ guided samples (filled) over a histogram of the class-$1$ training points');
    expect(EXAMPLE.means).toEqual([-1, 1]);
    quotes('away from class $0$ (centred at $-1$)');
    const f2 = (v: number) => formatFixed(v, 2);
    for (const w of GUIDANCE_WEIGHTS) {
      const [m, s] = meanStd(guidedSamples(w));
      const { grid, weights } = tiltedLaw(w);
      const [tm, ts] = meanStd(grid, weights);
      const row = `| \${${w}}$ | \${${f2(m)}}$ | \${${f2(s)}}$ | \${${f2(tm)}}$ | \${${f2(ts)}}$ |`;
      quotes(row.replaceAll('−', '-'));
    }
    // The data: class 1 has mean and spread close to 1 and 0.5, and w = 1 reproduces them.
    const [cm, cs] = meanStd(DATA.class1);
    const [m1, s1] = meanStd(guidedSamples(1));
    expect(Math.abs(m1 - cm)).toBeLessThan(0.05);
    expect(Math.abs(s1 - cs)).toBeLessThan(0.02);
  }, 120_000);

  // Backs: "The measured samples at $w=4$ end with mean about $1.67$" (same run as the table) and the
  // first-guess exercise: "the guided guess is $(1-w)\cdot0 + w\cdot1 = 4$".
  it('exercise: the guided first guess for class means −1 and 1 at w = 4 is 4', () => {
    quotes('the guided guess is $(1-w)\\cdot0 + w\\cdot1 = 4$');
    quotes('The measured samples at $w=4$ end with mean about $1.67$');
    const overall = 0.5 * -1 + 0.5 * 1;
    expect(guidedField([overall], [1], 4)[0]).toBe(4);
  });

  // Backs theorem-cfg-velocity (and exercise-cfg-vp): the velocity of the guided score, with the score
  // of p_t(y | x) from finite differences of closed-form log-densities (Bayes' rule), equals
  // (1 − w) u_t + w u_t^y computed from the closed-form velocities.
  for (const [name, p] of [
    ['OT path', path],
    ['VP path', getPath('vp')],
  ] as const) {
    it(`${name}: velocity of the guided score = (1 − w) u + w u^y`, () => {
      const xs = Float64Array.from([-2.1, -0.7, 0.05, 0.6, 1.3, 2.4]);
      const n = xs.length;
      for (const t of [0.2, 0.5, 0.8]) {
        const h = 1e-5;
        const plus = xs.map((v) => v + h);
        const minus = xs.map((v) => v - h);
        const lAll = [marginalLogDensity(p, plus, n, t, all, 2 * K, 1), marginalLogDensity(p, minus, n, t, all, 2 * K, 1)];
        const lCls = [marginalLogDensity(p, plus, n, t, class1, K, 1), marginalLogDensity(p, minus, n, t, class1, K, 1)];
        const { alpha, beta } = conversionCoefficients(p, t, 'score', 'velocity');
        for (const w of [0, 1, 2.5, 4]) {
          const expected = guidedField(marginalVelocity(p, xs, n, t, all, 2 * K, 1), marginalVelocity(p, xs, n, t, class1, K, 1), w);
          for (let i = 0; i < n; i++) {
            const scoreAll = (lAll[0][i] - lAll[1][i]) / (2 * h);
            // ∇log p_t(y | x) = ∇log p_t(x | y) − ∇log p_t(x): Bayes, with the prior ½ constant.
            const scoreClassPosterior = (lCls[0][i] - lCls[1][i]) / (2 * h) - scoreAll;
            const guidedScore = scoreAll + w * scoreClassPosterior;
            const v = alpha * xs[i] + beta * guidedScore;
            expect(Math.abs(v - expected[i]), `t = ${t}, w = ${w}, x = ${xs[i]}`).toBeLessThan(1e-5 * (1 + Math.abs(expected[i])));
          }
        }
      }
    });
  }

  // Backs: "With $w=1$ the guided field is $u_t^y$" and "With $w=0$ it samples $p_1$" (the fields).
  it('w = 1 is the class field and w = 0 the unconditional one, exactly', () => {
    const xs = Float64Array.from([-1, 0, 1]);
    const uAll = marginalVelocity(path, xs, 3, 0.4, all, 2 * K, 1);
    const uCls = marginalVelocity(path, xs, 3, 0.4, class1, K, 1);
    expect(Array.from(guidedField(uAll, uCls, 1))).toEqual(Array.from(uCls));
    expect(Array.from(guidedField(uAll, uCls, 0))).toEqual(Array.from(uAll));
  });

  // Backs exercise-cfg-endpoints: "Ho and Salimans' scale $w' = 3$ is this book's $w = 4$".
  it("exercise: Ho and Salimans' w′ = 3 is w = 4", () => {
    quotes("Ho and Salimans' scale $w' = 3$ is this book's $w = 4$");
    expect(guidanceWeightFromHoSalimans(3)).toBe(4);
    // Their form (1 + w′) ε_y − w′ ε_∅ equals guidedField with w = 1 + w′ for any predictions.
    const eY = [0.3, -1.2];
    const eNull = [1.1, 0.4];
    const theirs = eY.map((v, i) => (1 + 3) * v - 3 * eNull[i]);
    const ours = guidedField(eNull, eY, guidanceWeightFromHoSalimans(3));
    ours.forEach((v, i) => expect(v).toBeCloseTo(theirs[i], 12));
  });

  // Backs exercise-classifier-guidance-velocity: on the straight path κ_t = 1 − t and the score enters
  // the velocity with the factor (1 − t)/t.
  it('exercise: on the straight path the score enters the velocity with (1 − t)/t', () => {
    quotes('so $\\kappa_t = (1-t)^2 + t(1-t) = 1-t$');
    const straight = getPath('ot', { sigmaMin: 0 });
    for (const t of [0.1, 0.5, 0.9]) {
      const { a, b, da, db } = straight.coefficients(t);
      expect(da * b * b - a * b * db).toBeCloseTo(1 - t, 12);
      const { alpha, beta } = conversionCoefficients(straight, t, 'score', 'velocity');
      expect(beta).toBeCloseTo((1 - t) / t, 10);
      expect(alpha).toBeCloseTo(1 / t, 10);
    }
  });

  // Backs exercise-widget-sweep: "so $20$ steps cost $2\cdot20 = 40$ evaluations": Euler evaluates the
  // field once per step (the core's integrator counts it), and a guided field is two network calls.
  it('exercise: 20 guided Euler steps cost 40 network evaluations', () => {
    quotes('so $20$ steps cost $2\\cdot20 = 40$ evaluations');
    let calls = 0;
    const net = (x: Float64Array, out: Float64Array) => {
      calls++;
      out.set(x);
    };
    const guidedNet = (x: Float64Array, _t: number, out: Float64Array) => {
      const uNull = new Float64Array(x.length);
      const uClass = new Float64Array(x.length);
      net(x, uNull);
      net(x, uClass);
      guidedField(uNull, uClass, 2, out);
    };
    const r = integrate(guidedNet, [1], { method: 'euler', steps: 20 });
    expect(r.nfe).toBe(20);
    expect(calls).toBe(40);
  });

  it('the sampler widget\'s defaults: "The sampler\'s default is $w = 2$", Euler, 20 NFE', () => {
    quotes("The sampler's default is $w = 2$.");
    expect(samplerSchema.guidance.default).toBe(2);
    // The quality table picks the row at the widget's defaults; it must be a solver the scorer knows.
    expect(['euler', 'midpoint', 'heun']).toContain(samplerSchema.solver.default);
  });
});

describe('chapter 11: coarse to fine, and the published recipe', () => {
  // Backs exercise-gaussian-posterior: x̂₁ = Σ t λ_k/(t² λ_k + (1 − t)²) ⟨v_k, x⟩ v_k, resolved at
  // t_k = 1/(1 + √λ_k), earlier for larger λ_k.
  it('exercise: the Gaussian posterior mean along the straight path', () => {
    quotes('that is at $t_k = 1/(1+\\sqrt{\\lambda_k})$');
    const straight = getPath('ot', { sigmaMin: 0 });
    const lambdas = [9, 1, 0.25];
    const law = { mean: [0, 0, 0], cov: [9, 0, 0, 0, 1, 0, 0, 0, 0.25], d: 3 };
    const x = [1, 1, 1];
    for (const t of [0.2, 0.5, 0.7]) {
      const xhat = gaussianPosteriorMeanX1(straight, x, 1, t, law);
      lambdas.forEach((l, k) => expect(xhat[k]).toBeCloseTo((t * l) / (t * t * l + (1 - t) ** 2), 10));
    }
    const tk = lambdas.map((l) => 1 / (1 + Math.sqrt(l)));
    lambdas.forEach((l, k) => {
      const coef = gaussianPosteriorMeanX1(straight, x, 1, tk[k], law)[k];
      expect(coef).toBeCloseTo(0.5 / tk[k], 10);
    });
    expect(tk[0]).toBeLessThan(tk[1]);
    expect(tk[1]).toBeLessThan(tk[2]);
  });

  // Backs: "That run sees $400\,001\times128 \approx 5.1\cdot10^{7}$ images, about $1024$ epochs." The
  // recipe's figures (base width 128, multipliers 1, 2, 2, 2, two ResBlocks per level, attention at 16×16,
  // dropout 0.1, 400 001 steps, batch 128, lr 2·10⁻⁴, 5000 warm-up steps, clipping at 1, EMA 0.9999) are
  // those of examples/images/cifar10/train_cifar10.py in atong01/conditional-flow-matching, and
  // "FID of 3.5" is its README's; they are cited, not computed.
  it('TorchCFM: 400 001 steps × 128 images ≈ 5.1·10⁷ images ≈ 1024 epochs of 50 000', () => {
    quotes('That run sees $400\\,001\\times128 \\approx 5.1\\cdot10^{7}$ images, about $1024$ epochs.');
    const images = 400001 * 128;
    expect(Number((images / 1e7).toFixed(1))).toBe(5.1);
    expect(Math.round(images / 50000)).toBe(1024);
  });

  it('the quality scorer uses 10 000 samples and the 10 000 test images by default', () => {
    quotes('pooled last-layer features of $10\\,000$ samples and of the $10\\,000$ test images');
    const src = readFileSync(join(ROOT, 'training/quality.py'), 'utf8');
    expect(src).toMatch(/add_argument\('--n', type=int, default=10000/);
    expect(src).toMatch(/'reference': 'CIFAR-10 test set \(10 000\)'/);
  });
});
