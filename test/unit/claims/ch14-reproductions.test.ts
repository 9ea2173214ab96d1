/**
 * Claims of chapter 14 (content/chapters/14-reproductions.mdx). The numbers about the reference
 * tables are computed from the committed runs (content/data/reproductions-quick.json, and the merged
 * shards of the full protocol, content/data/reproductions-full.json) with the engine's
 * own summarise() and estimateProtocolMs(); the protocol numbers from the engine's PROTOCOLS, NETWORK,
 * METHODS and PUBLISHED; the exercise answers from their formulas. Nothing is typed twice.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NETWORK, PROTOCOLS, planRuns } from '../../../src/lib/engine/reproductions/protocols.ts';
import { estimateProtocolMs, summarise, type RunResult } from '../../../src/lib/engine/reproductions/results.ts';
import { METHODS, PUBLISHED, PUBLISHED_SOURCES, ROW_IDS, published } from '../../../src/lib/engine/reproductions/table.ts';

const ROOT = join(import.meta.dirname, '../../..');
const quick = JSON.parse(readFileSync(join(ROOT, 'content/data/reproductions-quick.json'), 'utf8')) as {
  wallSeconds: number;
  runsDone: number;
  protocol: string;
  machine: { cores: number; loadAverageStart: number[]; loadAverageEnd: number[]; backend: string };
  results: RunResult[];
};
const full = JSON.parse(readFileSync(join(ROOT, 'content/data/reproductions-full.json'), 'utf8')) as {
  protocol: string;
  started: string;
  finished: string;
  wallSeconds: number;
  machines: { loadAverageStart: number[]; loadAverageEnd: number[] }[];
  results: RunResult[];
};
const chapter = readFileSync(join(ROOT, 'content/chapters/14-reproductions.mdx'), 'utf8');
const says = (sentence: string) => expect(chapter.replace(/\s+/g, ' ')).toContain(sentence);
const cells = summarise(quick.results);

describe('chapter 14: the protocols', () => {
  it('full protocol as read in the runner, quick budget, seeds and test points', () => {
    says(
      'It uses AdamW [@loshchilov2019decoupled] with learning rate $10^{-3}$ and weight decay $10^{-5}$, batches of 512, 1000 epochs of 10 000 training points (about 20 000 steps), and five seeds.',
    );
    expect([
      NETWORK.optimizer,
      NETWORK.lr,
      NETWORK.weightDecay,
      PROTOCOLS.full.batch,
      PROTOCOLS.full.steps,
      PROTOCOLS.full.seeds.length,
    ]).toEqual(['adamw', 1e-3, 1e-5, 512, 20_000, 5]);
    says('We use seeds 42 to 46 of our own generator');
    expect([PROTOCOLS.full.seeds[0], PROTOCOLS.full.seeds.at(-1)]).toEqual([42, 46]);
    says('we evaluate on 1000 test points');
    expect(PROTOCOLS.full.evalPoints).toBe(1000);
    says('10 000 points would take a thousand times longer');
    expect((10_000 / PROTOCOLS.full.evalPoints) ** 3).toBe(1000);
    says('1000 steps of batch 256, one seed, 500 test points');
    expect([PROTOCOLS.quick.steps, PROTOCOLS.quick.batch, PROTOCOLS.quick.seeds.length, PROTOCOLS.quick.evalPoints]).toEqual([
      1000, 256, 1, 500,
    ]);
    says('generates by integrating its learned field $u_t^\\theta$ from $t=0$ to $t=1$ with 100 Euler steps');
    expect([PROTOCOLS.quick.eulerSteps, PROTOCOLS.full.eulerSteps]).toEqual([100, 100]);
    says('three hidden layers of 64 SELU units');
    expect([NETWORK.depth, NETWORK.width, NETWORK.activation]).toEqual([3, 64, 'selu']);
  });

  it('the methods’ widths and the Sinkhorn regularisation', () => {
    says('constant width $\\sigma = 0.1$');
    expect([METHODS['i-cfm'].sigma, METHODS['ot-cfm'].sigma]).toEqual([0.1, 0.1]);
    says('with $\\sigma_{\\min} = 0.1$');
    expect(METHODS.fm.sigma).toBe(0.1);
    says('$\\sigma = 1$, and pairs drawn from the entropic optimal-transport plan with regularisation $\\eta = 2\\sigma^2$');
    expect(METHODS['sb-cfm'].epsilon).toBe(2 * METHODS['sb-cfm'].sigma ** 2);
    expect(METHODS.rf.sigma).toBe(0);
  });

  it('the published cells we could read, and their test points', () => {
    says('the published column shows the six cells we could read');
    const count = ROW_IDS.reduce((k, r) => k + Object.keys(PUBLISHED[r] ?? {}).length, 0);
    expect(count).toBe(6);
    says('The published numbers use 10 000 test points and ours 500 or 1000');
    expect(PUBLISHED_SOURCES['sf2m-table2'].testPoints).toBe(10_000);
  });

  it('the full protocol has 95 runs', () => {
    says('Its 95 runs (19 cells, five seeds, 20 000 steps of batch 512)');
    const runs = planRuns('full');
    expect(runs.length).toBe(95);
    expect(new Set(runs.map((r) => `${r.row}|${r.method}`)).size).toBe(19);
  });
});

describe('chapter 14: the reference table (the committed quick run)', () => {
  it('time, runs, machine and load', () => {
    says(
      'The quick run took 15 minutes for all 19 runs on a shared two-core machine whose load average was about 11 at the start and 13 at the end',
    );
    expect(quick.protocol).toBe('quick');
    expect(Math.round(quick.wallSeconds / 60)).toBe(15);
    expect(quick.runsDone).toBe(19);
    expect(quick.machine.cores).toBe(2);
    expect([Math.round(quick.machine.loadAverageStart[0]), Math.round(quick.machine.loadAverageEnd[0])]).toEqual([11, 13]);
  });

  it('every method is at least twice the floor on 𝒩 → moons', () => {
    says('on 𝒩 → moons every method scores at least twice the floor');
    const moons = cells.filter((c) => c.row === 'n-moons');
    expect(moons).toHaveLength(5);
    for (const c of moons) expect(c.w2Mean, c.method).toBeGreaterThanOrEqual(2 * c.floorMean);
  });

  it('OT-CFM is lowest on three of the four rows', () => {
    says('OT-CFM has the lowest W₂ on three of the four rows');
    const lowest = ROW_IDS.filter((r) => {
      const row = cells.filter((c) => c.row === r);
      return row.reduce((a, b) => (b.w2Mean < a.w2Mean ? b : a)).method === 'ot-cfm';
    });
    expect(lowest).toHaveLength(3);
  });

  it('OT-CFM from the Gaussian to the eight Gaussians scores under its floor', () => {
    says('OT-CFM from $\\Norm(0,I)$ to the eight Gaussians scores under its floor');
    const c = cells.find((x) => x.row === 'n-8gaussians' && x.method === 'ot-cfm')!;
    expect(c.w2Mean).toBeLessThan(c.floorMean);
  });

  it('the estimate of the full protocol, and where its time goes', () => {
    says('we estimated that it would take about 89 hours on that loaded machine');
    expect(Math.round(estimateProtocolMs(quick.results, 'full') / 3_600_000)).toBe(89);
    says('exact OT and Sinkhorn take most of each OT-CFM and SB-CFM step');
    for (const r of quick.results.filter((x) => x.method === 'ot-cfm' || x.method === 'sb-cfm'))
      expect(r.couplingMsPerStep, `${r.method} ${r.row}`).toBeGreaterThan(r.networkMsPerStep);
  });
});

describe('chapter 14: the full protocol (the merged shards)', () => {
  const fullCells = summarise(full.results);
  const cell = (row: string, method: string) => fullCells.find((c) => c.row === row && c.method === method)!;
  const byW2 = (row: string) => fullCells.filter((c) => c.row === row).sort((a, b) => a.w2Mean - b.w2Mean);
  /** Standard error of the difference of two cells' means, five seeds each. */
  const seOfGap = (a: { w2Std: number }, b: { w2Std: number }) => Math.sqrt((a.w2Std ** 2 + b.w2Std ** 2) / 5);
  const hours = (method?: string) =>
    full.results.filter((r) => !method || r.method === method).reduce((a, r) => a + r.trainMs, 0) / 3_600_000;

  it('is the full protocol, complete: every cell has its five seeds', () => {
    expect(full.protocol).toBe('full');
    for (const r of full.results) expect([r.steps, r.batch, r.evalPoints]).toEqual([20_000, 512, 1000]);
    says('in shards running side by side over two days');
    const [from, to] = [full.started, full.finished].map((d) => d.slice(0, 10));
    expect(new Set([from, to]).size).toBe(2);
    expect((Date.parse(to) - Date.parse(from)) / 86_400_000).toBe(1);
    says('every cell has its five seeds');
    expect(full.results).toHaveLength(planRuns('full').length);
    expect(fullCells).toHaveLength(19);
    for (const c of fullCells) expect(c.seeds, `${c.row} ${c.method}`).toBe(5);
  });

  it('took about a third of the estimate, on a quieter machine than the quick run', () => {
    says('The runs have in fact taken about a third of that, 32.2 hours of machine time');
    expect((full.wallSeconds / 3600).toFixed(1)).toBe('32.2');
    const share = (full.wallSeconds * 1000) / estimateProtocolMs(quick.results, 'full');
    expect(share).toBeGreaterThan(0.25);
    expect(share).toBeLessThan(0.42);
    says('because the machine was quieter than during the quick run');
    const loads = full.machines.flatMap((m) => [m.loadAverageStart[0], m.loadAverageEnd[0]]);
    expect(Math.max(...loads)).toBeLessThan(Math.min(quick.machine.loadAverageStart[0], quick.machine.loadAverageEnd[0]));
  });

  it('the couplings still dominate the time', () => {
    says('SB-CFM alone took 19.8 hours and OT-CFM 9.5, and the three methods without a coupling took 2.8 hours together');
    expect([hours('sb-cfm').toFixed(1), hours('ot-cfm').toFixed(1)]).toEqual(['19.8', '9.5']);
    expect((hours() - hours('sb-cfm') - hours('ot-cfm')).toFixed(1)).toBe('2.8');
    // Training is the machine time; evaluation adds seconds.
    expect(Math.abs(hours() - full.wallSeconds / 3600)).toBeLessThan(0.1);
  });

  it('on 𝒩 → 8 Gaussians every method is within 0.02 of its floor', () => {
    says('On $\\Norm(0,I)$ → 8 Gaussians every method is within 0.02 of its floor');
    const row = fullCells.filter((c) => c.row === 'n-8gaussians');
    expect(row).toHaveLength(5);
    for (const c of row) expect(Math.abs(c.w2Mean - c.floorMean), c.method).toBeLessThan(0.02);
  });

  it('OT-CFM is lowest on the other three rows, by the margins stated', () => {
    says('On the other three rows OT-CFM has the lowest W₂');
    for (const r of ['n-moons', 'moons-8gaussians', 'n-scurve']) expect(byW2(r)[0].method, r).toBe('ot-cfm');
    const margin = (row: string) => {
      const [a, b] = byW2(row);
      return { next: b.method, gap: b.w2Mean - a.w2Mean, se: (b.w2Mean - a.w2Mean) / seOfGap(a, b) };
    };
    says('On moons → 8 Gaussians OT-CFM leads the next method (SB-CFM) by 0.18, about 2.4 standard errors');
    const m8 = margin('moons-8gaussians');
    expect([m8.next, m8.gap.toFixed(2), m8.se.toFixed(1)]).toEqual(['sb-cfm', '0.18', '2.4']);
    says('On 𝒩 → moons it leads SB-CFM by 0.04, about 1.3 standard errors');
    const nm = margin('n-moons');
    expect([nm.next, nm.gap.toFixed(2), nm.se.toFixed(1)]).toEqual(['sb-cfm', '0.04', '1.3']);
    says('On 𝒩 → S-curve FM is within 0.003 of it, far inside the noise');
    const ns = margin('n-scurve');
    expect(ns.next).toBe('fm');
    expect(ns.gap).toBeLessThan(0.003);
    expect(ns.se).toBeLessThan(0.2);
    says('only moons → 8 Gaussians, the one problem whose source is not a Gaussian, separates OT-CFM clearly');
    expect(m8.se).toBeGreaterThan(2);
    expect([nm.se, ns.se].every((x) => x < 2)).toBe(true);
  });

  it('four of the six published cells lie below our floor; 0.130 against our 0.24; the orders on 𝒩 → moons', () => {
    says('Four of the six published cells lie below our floor');
    const pub = fullCells.filter((c) => c.published);
    expect(pub).toHaveLength(6);
    expect(pub.filter((c) => c.published!.mean < c.floorMean)).toHaveLength(4);
    says('a published W₂ of 0.130 and our 0.24 on 𝒩 → moons');
    const ot = cell('n-moons', 'ot-cfm');
    expect([ot.published!.mean.toFixed(3), ot.w2Mean.toFixed(2)]).toEqual(['0.130', '0.24']);
    says('the published order of the four methods it reports is OT-CFM, I-CFM, FM, RF. Ours is OT-CFM, I-CFM, RF, FM');
    const reported = fullCells.filter((c) => c.row === 'n-moons' && c.published);
    const order = (key: (c: (typeof reported)[number]) => number) => [...reported].sort((a, b) => key(a) - key(b)).map((c) => c.method);
    expect(order((c) => c.published!.mean)).toEqual(['ot-cfm', 'i-cfm', 'fm', 'rf']);
    expect(order((c) => c.w2Mean)).toEqual(['ot-cfm', 'i-cfm', 'rf', 'fm']);
    says('with RF and FM 0.009 apart and standard deviations of about 0.15');
    const [rf, fm] = [cell('n-moons', 'rf'), cell('n-moons', 'fm')];
    expect((fm.w2Mean - rf.w2Mean).toFixed(3)).toBe('0.009');
    expect([rf.w2Std.toFixed(2), fm.w2Std.toFixed(2)].every((v) => v === '0.15' || v === '0.16')).toBe(true);
  });
});

describe('chapter 14: exercise answers', () => {
  it('the blur bound σ√d for σ = 0.1 in the plane', () => {
    says('For $\\sigma = 0.1$ and $d = 2$ the bound is $0.1\\sqrt2 \\approx 0.141$');
    expect(+(METHODS['i-cfm'].sigma * Math.sqrt(2)).toFixed(3)).toBe(0.141);
  });

  it('the standard error of the published OT-CFM moons mean', () => {
    const p = published('n-moons', 'ot-cfm')!;
    says('is $0.130 \\pm 0.016$, a mean and a standard deviation over five seeds');
    expect([p.mean.toFixed(3), p.std.toFixed(3)]).toEqual(['0.130', '0.016']);
    says('$0.016/\\sqrt5 \\approx 0.0072$');
    expect(+(p.std / Math.sqrt(5)).toFixed(4)).toBe(0.0072);
    says('a difference of $0.02$ is about 1.25 standard deviations');
    expect(0.02 / p.std).toBeCloseTo(1.25, 10);
  });

  it('the cost of exact W₂ from 1000 to 10 000 points', () => {
    says('The factor is $(10\\,000/1000)^3 = 1000$');
    expect((10_000 / 1000) ** 3).toBe(1000);
  });
});
