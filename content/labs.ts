/**
 * Suggested labs, one per chapter, for the instructor's guide (/appendix/instructors/). Each starts
 * from a widget page in an exact configuration (`settings` become `?<prefix>.<key>=…`; the unit test
 * test/unit/appendix/instructors.test.ts checks every key and value against the widget's schema) and
 * asks questions a student answers with the widget and the chapter. Roughly 30–45 minutes each.
 */
export interface Lab {
  /** Chapter number and slug. */
  chapter: number;
  slug: string;
  title: string;
  widget: string;
  settings: Record<string, string | number | boolean>;
  tasks: string[];
}

export const LABS: readonly Lab[] = [
  {
    chapter: 1,
    slug: 'generative-modeling',
    title: 'What a data set looks like to a generator',
    widget: 'dataset-gallery',
    settings: { dataset: 'moons', n: 200 },
    tasks: [
      'Compare 200 and 4000 points of the same data set: which features of the distribution can you see only with many points?',
      'For three data sets, guess whether a single Gaussian, a mixture of Gaussians or neither would fit them well by maximum likelihood, and say why.',
    ],
  },
  {
    chapter: 2,
    slug: 'normalizing-flows',
    title: 'Change of variables by hand',
    widget: 'change-of-variables',
    settings: { n: 4000 },
    tasks: [
      'Drag the knots to make the map steep in one region: predict where the pushed-forward density falls before you look.',
      'Explain the factor |det| in one sentence using the histogram and the slope of the map at one point.',
    ],
  },
  {
    chapter: 3,
    slug: 'continuous-flows',
    title: 'Mass conservation in motion',
    widget: 'continuity-equation',
    settings: { field: 'two-modes', n: 3000 },
    tasks: [
      'Where the velocity decreases along x, does the density rise or fall? Check it against the continuity equation.',
      'Change the field and find a configuration where particles pile up; what happens to the velocity’s divergence there?',
    ],
  },
  {
    chapter: 4,
    slug: 'flow-matching',
    title: 'Theorem 1 at one point',
    widget: 'theorem1-explorer',
    settings: { path: 'ot', t: 0.6, k: 5 },
    tasks: [
      'Move the probe point: how do the posterior weights change near a data point and halfway between two?',
      'Verify with the numbers shown that the marginal velocity is the weighted mean of the conditional ones.',
      'Lower σ: what happens to the weights, and why does the field become sharper?',
    ],
  },
  {
    chapter: 5,
    slug: 'gaussian-paths',
    title: 'Paths and how curved they make the flow',
    widget: 'path-explorer',
    settings: { path: 'vp', steps: 20 },
    tasks: [
      'Compare the OT path and the VP path at the same number of solver steps: which trajectories are straighter?',
      'Find the σ at which the OT path’s endpoints visibly blur the data; relate it to σₘᵢₙ in the chapter.',
    ],
  },
  {
    chapter: 6,
    slug: 'design-choices',
    title: 'A bad coupling, un-mixed',
    widget: 'coupling-unmixing',
    settings: { coupling: 'bad', sigma: 0.1 },
    tasks: [
      'The pairs cross everywhere, yet the learned flow’s paths do not: explain why with the marginal velocity.',
      'Increase σ and describe how the un-mixing changes.',
    ],
  },
  {
    chapter: 7,
    slug: 'optimal-transport',
    title: 'Couplings compared',
    widget: 'couplings-compared',
    settings: { target: 'moons', batch: 'full' },
    tasks: [
      'Rank independent, minibatch OT and Sinkhorn by the number of crossings and by path energy.',
      'Shrink the batch size: at what size does minibatch OT lose most of its advantage?',
    ],
  },
  {
    chapter: 8,
    slug: 'rectified-flow',
    title: 'Reflow, round by round',
    widget: 'reflow-live',
    settings: { rounds: 3 },
    tasks: [
      'Record straightness and W₂ after each round: what improves, and what gets worse?',
      'When is a second reflow round worth its cost? Use the one-step samples to argue.',
    ],
  },
  {
    chapter: 9,
    slug: 'solvers',
    title: 'How many steps does a flow need?',
    widget: 'solver-lab',
    settings: { solver: 'euler', nfe: 4 },
    tasks: [
      'Plot (from the widget) W₂ against the number of function evaluations for Euler and RK4; where do they cross?',
      'Repeat with the straighter OT-CFM field and explain the difference with the chapter’s error bound.',
    ],
  },
  {
    chapter: 10,
    slug: 'diffusion',
    title: 'SDE and ODE, same marginals',
    widget: 'sde-vs-ode',
    settings: { g: 1, steps: 200 },
    tasks: [
      'Compare the histograms of the SDE and ODE samples at t = 1: same or different? Why?',
      'Raise the noise level g with a fixed step count until the SDE breaks; relate the limit to the step size.',
    ],
  },
  {
    chapter: 11,
    slug: 'images',
    title: 'Images from noise, in the browser',
    widget: 'cifar-sampler',
    settings: { nfe: 10 },
    tasks: [
      'Sample with 2, 5, 10 and 20 steps from the same seed: when do the images stop changing?',
      'Turn guidance up for one class and describe what you gain and what you lose.',
    ],
  },
  {
    chapter: 12,
    slug: 'generalization',
    title: 'Memorisation against data-set size',
    widget: 'memorisation-vs-n',
    settings: { nMax: 512, steps: 1500 },
    tasks: [
      'Find the training-set size at which the network stops copying training points.',
      'Explain why the closed-form solution memorises at every size while the network does not.',
    ],
  },
  {
    chapter: 13,
    slug: 'playground',
    title: 'Your own data set',
    widget: 'playground',
    settings: { target: 'drawn', coupling: 'exact-ot', field: 'network' },
    tasks: [
      'Draw a target with two separate pieces, train with independent and with minibatch-OT pairs, and compare the trajectories.',
      'Predict, then check, which method needs fewer solver steps for your drawing.',
    ],
  },
  {
    chapter: 14,
    slug: 'reproductions',
    title: 'Reproduce a published table',
    widget: 'reproductions',
    settings: { protocol: 'quick', 'n-8gaussians': false, 'moons-8gaussians': false, 'n-scurve': false },
    tasks: [
      'Run the quick protocol for 𝒩 → moons and compare each W₂ with its floor and with the published value: which differences are meaningful?',
      'Change the seed and rerun one method: how much does W₂ move between seeds, and what does that say about one-seed tables?',
      'Set the quick runs beside the committed full-protocol table of the chapter (20 000 steps, five seeds): which ranking of the methods survives the longer budget, and on which row does no ranking mean anything?',
    ],
  },
];
