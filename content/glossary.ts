/**
 * The glossary: the book's terms in plain words, each with the chapter that develops it (slug). The
 * appendix page /appendix/glossary/ renders it in alphabetical order; test/unit/appendix checks that
 * every chapter slug exists. `text` may contain inline math `$…$` with the book's macros.
 */
export interface GlossaryEntry {
  term: string;
  text: string;
  chapter: string;
}

export const GLOSSARY: readonly GlossaryEntry[] = [
  { term: 'Change of variables', text: 'How a density transforms under an invertible map: $p_Y(y) = p_X(x)\\,\\lvert\\det \\partial T/\\partial x\\rvert^{-1}$ at $y = T(x)$. The identity behind normalising flows.', chapter: 'normalizing-flows' },
  { term: 'Continuity equation', text: 'Conservation of probability mass along a flow: $\\partial_t p_t + \\divg(p_t u_t) = 0$. A velocity field generates a probability path exactly when the pair satisfies it.', chapter: 'continuous-flows' },
  { term: 'Continuous normalising flow (CNF)', text: 'A generative model whose map is the flow $\\psi_1$ of a learned velocity field $u_t^\\theta$: samples are ODE solutions started from noise.', chapter: 'continuous-flows' },
  { term: 'Claims tests', text: 'The tests in the book’s source that recompute the numbers, bounds and examples the text states, from the book’s own code or an independent reference (SciPy, NumPy, PyTorch), each quoting the sentence it checks: a sentence whose number drifts fails the build.', chapter: 'generative-modeling' },
  { term: 'Conditional flow matching (CFM)', text: 'Regressing $u_t^\\theta(x)$ onto the velocity $u_t(x\\mid z)$ of a simple conditional path; by Theorem 2 its gradient equals that of the intractable flow-matching loss.', chapter: 'flow-matching' },
  { term: 'Conditional probability path', text: 'A path $p_t(x\\mid z)$ of simple densities (usually Gaussians) for a fixed condition $z$, such as a pair $(x_0, x_1)$ or a data point $x_1$; mixing over $z$ gives the marginal path $p_t$.', chapter: 'flow-matching' },
  { term: 'Coupling', text: 'A joint distribution $\\pi$ of $(x_0, x_1)$ whose marginals are $p_0$ and $p_1$: independent, minibatch optimal transport, entropic (Sinkhorn), or the reflow coupling.', chapter: 'design-choices' },
  { term: 'Euler method', text: 'The simplest ODE solver: $x \\leftarrow x + h\\,u_t(x)$; exact for straight, constant-speed trajectories, which is why straight flows need few steps.', chapter: 'solvers' },
  { term: 'Flow', text: 'The map $\\psi_t$ defined by $\\partial_t \\psi_t(x) = u_t(\\psi_t(x))$, $\\psi_0 = \\mathrm{id}$: where a particle starting at $x$ is at time $t$.', chapter: 'continuous-flows' },
  { term: 'Flow matching (FM)', text: 'Regressing a network onto the marginal velocity $u_t$ of a chosen probability path; the loss $\\LFM$ is intractable because $u_t$ is unknown, which CFM resolves.', chapter: 'flow-matching' },
  { term: 'Guidance (classifier-free)', text: 'Sampling a class-conditional model with the guided velocity $(1-w)\\,u_t(x) + w\\,u_t^y(x)$: $w = 1$ is the conditional field of class $y$, and $w > 1$ trades diversity for fidelity to the class.', chapter: 'images' },
  { term: 'I-CFM', text: 'Independent-coupling CFM: $x_0$ and $x_1$ drawn independently, straight paths widened by a constant $\\sigma$.', chapter: 'gaussian-paths' },
  { term: 'Memorisation', text: 'A generator reproducing its training points instead of new samples; the exact minimiser of the CFM loss on a finite data set does exactly this.', chapter: 'generalization' },
  { term: 'Minibatch optimal transport', text: 'Pairing a batch of $x_0$ with a batch of $x_1$ by the optimal assignment for the squared distance, an approximation of the OT coupling that straightens the learned flow (OT-CFM).', chapter: 'optimal-transport' },
  { term: 'Normalised path energy (NPE)', text: 'How far a flow’s kinetic energy is from the squared Wasserstein distance it achieves: $\\lvert \\mathrm{PE} - W_2^2\\rvert / W_2^2$; zero for optimal-transport flows.', chapter: 'optimal-transport' },
  { term: 'Probability-flow ODE', text: 'The deterministic ODE whose marginals equal those of a diffusion SDE; for Gaussian paths it is the flow of the CFM velocity.', chapter: 'diffusion' },
  { term: 'Pushforward', text: 'The distribution $T_\\#p$ of $T(x)$ when $x \\sim p$; generative modelling looks for $T$ with $T_\\#p_0 \\approx p_1$.', chapter: 'generative-modeling' },
  { term: 'Rectified flow (RF)', text: 'CFM on straight lines with no noise ($\\sigma = 0$); reflow retrains on the pairs $(x_0, \\psi_1(x_0))$ of the learned flow to straighten it further.', chapter: 'rectified-flow' },
  { term: 'Schrödinger bridge CFM (SB-CFM)', text: 'CFM with Brownian-bridge conditional paths of width $\\sigma\\sqrt{t(1-t)}$ and an entropic OT coupling; its marginal flow is that of the Schrödinger bridge.', chapter: 'gaussian-paths' },
  { term: 'Score', text: 'The gradient of the log-density, $\\nabla_x \\log p_t(x)$; for Gaussian paths it is an affine function of the CFM velocity.', chapter: 'diffusion' },
  { term: 'Sinkhorn algorithm', text: 'Alternating row and column scalings that solve entropy-regularised optimal transport; fast and smooth, a blurred version of the exact assignment.', chapter: 'optimal-transport' },
  { term: 'Straightness', text: 'How close trajectories are to straight lines travelled at constant speed; measured by the gap between path energy and squared displacement.', chapter: 'rectified-flow' },
  { term: 'Velocity field', text: 'A time-dependent vector field $u_t(x)$; a CFM model learns one, $u_t^\\theta$, and samples by integrating it from $t = 0$ to $t = 1$.', chapter: 'continuous-flows' },
  { term: 'Wasserstein-2 distance (W₂)', text: 'The square root of the least mean squared distance over couplings of two distributions; between two samples of n points it is an exact assignment problem.', chapter: 'optimal-transport' },
  { term: 'W₂ floor', text: 'The W₂ between two independent samples of the target of the same size: what a perfect generator scores with that many test points.', chapter: 'reproductions' },
];
