/**
 * The book's notation: every symbol, what it means, and where it is introduced (chapter slug and
 * the id of the theorem, definition or labelled equation that introduces it). Rendered by
 * src/pages/appendix/notation.astro; test/unit/content/notation.test.ts checks that every anchor
 * exists in its chapter and that every symbol renders. Authors of a chapter that introduces or
 * renames a symbol add or edit its row here: this list is how chapters agree on letters.
 * `meaning` may contain inline math `$…$`.
 */

export interface NotationEntry {
  /** The symbol, as KaTeX source (no dollars). */
  tex: string;
  meaning: string;
  /** Chapter slug (URL /chapters/<slug>/). */
  chapter: string;
  /** Id of the anchor that introduces it (theorem, definition, labelled equation, exercise). */
  anchor?: string;
}

export interface NotationGroup {
  title: string;
  entries: NotationEntry[];
}

export const RESERVED_LETTERS: readonly { tex: string; only: string; not: string }[] = [
  { tex: 'C', only: 'the constant of Theorem 2 (average conditional variance of the regression target)', not: 'a cost matrix ($M$), a generic bound ($\\Lambda$, $g_K$), or a coupling layer ($T_{\\mathrm c}$)' },
  { tex: '\\varepsilon', only: 'standard Gaussian noise $\\Norm(0,I)$', not: 'a Hutchinson probe ($\\xi$), the Sinkhorn regularisation ($\\eta$), or a time cut-off ($\\delta$)' },
  { tex: '\\psi_t', only: 'the (marginal) flow of a velocity field; the conditional flow always shows its condition, $\\psi_t(\\cdot\\mid z)$', not: 'both without distinction (the original flow-matching paper writes $\\phi_t$ and $\\psi_t$)' },
  { tex: '\\delta', only: 'a small time cut-off, as in $[0,1-\\delta]$ or $[\\delta,1-\\delta]$ (and $\\delta_x$, the point mass at $x$)', not: 'the Sinkhorn regularisation' },
];

export const NOTATION: readonly NotationGroup[] = [
  {
    title: 'Spaces, data and distributions',
    entries: [
      { tex: '\\R^d,\\ d', meaning: 'the data space and its dimension ($d = 2$ for the toy data, $3072$ for CIFAR-10 images)', chapter: 'generative-modeling', anchor: 'definition-generative-model' },
      { tex: 'x^{(1)},\\dots,x^{(n)}', meaning: 'a data set of $n$ points, treated as independent draws from $p_{\\mathrm{data}}$', chapter: 'generative-modeling', anchor: 'definition-generative-model' },
      { tex: 'p_{\\mathrm{data}} = p_1', meaning: 'the data distribution, the end ($t=1$) of every path', chapter: 'generative-modeling', anchor: 'definition-generative-model' },
      { tex: 'p_0', meaning: 'the source (noise) distribution at $t=0$, usually $\\Norm(0,I)$', chapter: 'generative-modeling', anchor: 'definition-pushforward' },
      { tex: 'x_0\\sim p_0,\\ x_1\\sim p_1', meaning: 'a source sample and a data sample', chapter: 'flow-matching', anchor: 'definition-conditional-path' },
      { tex: '(p_\\theta)_{\\theta\\in\\Theta}', meaning: 'a generative model: a family of distributions with parameters $\\theta$', chapter: 'generative-modeling', anchor: 'definition-generative-model' },
      { tex: '\\Norm(m,\\Sigma)', meaning: 'the Gaussian law with mean $m$ and covariance $\\Sigma$ (also its density, $\\Norm(x\\mid m,\\Sigma)$)', chapter: 'generative-modeling', anchor: 'definition-pushforward' },
      { tex: '\\varphi,\\ \\Phi', meaning: 'the standard normal density and distribution function on $\\R$', chapter: 'normalizing-flows', anchor: 'example-affine-gaussian-1d' },
      { tex: 'F,\\ F^{-1}', meaning: 'a cumulative distribution function and its quantile function', chapter: 'generative-modeling', anchor: 'proposition-quantile-transform' },
      { tex: 'T,\\ T_\\# p', meaning: 'a map and the pushforward of $p$ by it (the law of $T(X)$, $X\\sim p$)', chapter: 'generative-modeling', anchor: 'definition-pushforward' },
      { tex: '\\KL(p\\,\\|\\,q)', meaning: 'the relative entropy (Kullback–Leibler divergence) of $p$ with respect to $q$', chapter: 'generative-modeling', anchor: 'definition-kl' },
      { tex: '\\hat\\theta_n', meaning: 'the maximum-likelihood estimate from $n$ data points', chapter: 'generative-modeling', anchor: 'eq-empirical-likelihood' },
      { tex: '\\E,\\ \\Var,\\ \\Cov,\\ \\tr', meaning: 'expectation, variance, covariance, trace', chapter: 'generative-modeling' },
      { tex: '\\mathcal U[0,1]', meaning: 'the uniform law on $[0,1]$ (the law of the training time $t$)', chapter: 'flow-matching', anchor: 'eq-fm-loss' },
    ],
  },
  {
    title: 'Evaluation',
    entries: [
      { tex: 'W_2(\\mu,\\nu)', meaning: 'the 2-Wasserstein distance: the least root-mean-square distance over couplings of $\\mu$ and $\\nu$', chapter: 'optimal-transport', anchor: 'definition-wasserstein' },
      { tex: '\\mathrm{FID}', meaning: 'Fréchet Inception distance, $W_2^2$ between Gaussian fits of classifier features', chapter: 'generative-modeling', anchor: 'eq-fid' },
      { tex: 'm_r,\\Sigma_r,\\ m_g,\\Sigma_g', meaning: 'mean and covariance of the features of real and of generated samples', chapter: 'generative-modeling', anchor: 'eq-fid' },
    ],
  },
  {
    title: 'Maps, Jacobians and normalising flows',
    entries: [
      { tex: '\\nabla T(x)', meaning: 'the Jacobian matrix of $T$ at $x$, entries $\\partial T_i/\\partial x_j$', chapter: 'normalizing-flows', anchor: 'theorem-change-of-variables' },
      { tex: 'T_{\\mathrm c}', meaning: 'an affine coupling layer', chapter: 'normalizing-flows', anchor: 'proposition-affine-coupling' },
      { tex: 'x_a,\\ x_b,\\ s,\\ m,\\ \\odot', meaning: 'the kept and transformed coordinates of a coupling layer, its log-scale and shift networks, the elementwise product', chapter: 'normalizing-flows', anchor: 'eq-affine-coupling' },
      { tex: 'g,\\ \\mathrm{Lip}(g)', meaning: 'the branch of a residual layer $x+g(x)$ and its Lipschitz constant', chapter: 'normalizing-flows', anchor: 'eq-russian-roulette' },
      { tex: 'N,\\ \\kappa', meaning: 'the random number of terms of the Russian-roulette estimator and its continuation probability', chapter: 'normalizing-flows', anchor: 'eq-russian-roulette' },
      { tex: '\\xi', meaning: 'a Hutchinson probe, $\\E[\\xi\\xi^\\top] = I$ (Gaussian or Rademacher)', chapter: 'continuous-flows', anchor: 'lemma-hutchinson' },
    ],
  },
  {
    title: 'Fields, flows and paths',
    entries: [
      { tex: 't\\in[0,1]', meaning: 'time: $t=0$ is the source (noise), $t=1$ the data', chapter: 'continuous-flows', anchor: 'definition-flow' },
      { tex: 'u_t(x)', meaning: 'a velocity field; in Part II, the marginal velocity field', chapter: 'continuous-flows', anchor: 'definition-flow' },
      { tex: '\\psi_t', meaning: 'the flow of $u$: $\\partial_t\\psi_t(x) = u_t(\\psi_t(x))$, $\\psi_0 = \\mathrm{id}$', chapter: 'continuous-flows', anchor: 'eq-flow-ode' },
      { tex: 'p_t', meaning: 'a probability path; $p_t = (\\psi_t)_\\#p_0$ when $u$ generates it', chapter: 'continuous-flows', anchor: 'definition-flow' },
      { tex: 'j_t = p_tu_t', meaning: 'the probability flux', chapter: 'continuous-flows', anchor: 'eq-continuity' },
      { tex: '\\divg v', meaning: 'the divergence $\\sum_i\\partial v_i/\\partial x_i = \\tr\\nabla v$ (in $x$ only)', chapter: 'continuous-flows', anchor: 'eq-continuity' },
      { tex: 'K,\\ h = 1/K', meaning: 'the number of residual (Euler) steps and the step length', chapter: 'continuous-flows', anchor: 'eq-residual-steps' },
      { tex: 'L', meaning: 'a Lipschitz constant of the field in $x$', chapter: 'continuous-flows', anchor: 'theorem-picard-lindelof' },
      { tex: '\\rho_t,\\ v_t', meaning: 'a generic path of densities and field in the uniqueness and existence statements for the continuity equation', chapter: 'continuous-flows', anchor: 'theorem-continuity-equation' },
      { tex: 'z_t,\\ \\ell_t', meaning: 'the backward trajectory from a data point and the accumulated divergence in a likelihood computation', chapter: 'continuous-flows', anchor: 'eq-cnf-likelihood' },
      { tex: 'w_t', meaning: 'a flux-free field, $\\divg(p_tw_t) = 0$', chapter: 'continuous-flows', anchor: 'proposition-divergence-free' },
      { tex: '\\mu_t,\\ \\sigma_t', meaning: 'mean and standard deviation of a Gaussian path', chapter: 'continuous-flows', anchor: 'eq-gaussian-path-field-1d' },
      { tex: '\\delta_x', meaning: 'the point mass at $x$', chapter: 'gaussian-paths', anchor: 'remark-rectified-weak' },
    ],
  },
  {
    title: 'Flow matching',
    entries: [
      { tex: 'z,\\ \\mathcal Z,\\ q', meaning: 'the conditioning variable (e.g. $z = x_1$ or $z=(x_0,x_1)$), its space and its law', chapter: 'flow-matching', anchor: 'definition-conditional-path' },
      { tex: 'p_t(x\\mid z),\\ u_t(x\\mid z)', meaning: 'a conditional probability path and its conditional velocity', chapter: 'flow-matching', anchor: 'definition-conditional-path' },
      { tex: 'p_t(x),\\ u_t(x)', meaning: 'the marginal path (mixture) and the marginal velocity (posterior mean of the conditional ones)', chapter: 'flow-matching', anchor: 'eq-marginal-velocity' },
      { tex: 'u^\\theta_t(x)', meaning: 'the learned field (a neural network with parameters $\\theta$)', chapter: 'flow-matching', anchor: 'eq-fm-loss' },
      { tex: '\\LFM(\\theta),\\ \\LCFM(\\theta)', meaning: 'the flow-matching and conditional flow-matching losses', chapter: 'flow-matching', anchor: 'eq-cfm-loss' },
      { tex: 'I = [0,\\tau],\\ \\tau', meaning: 'the time interval of Theorem 1 ($\\tau<1$ when conditional paths degenerate at $t=1$)', chapter: 'flow-matching', anchor: 'theorem-marginal-velocity' },
      { tex: '\\text{(A1)–(A4)},\\ g_K', meaning: 'the hypotheses of Theorem 1 and the dominating function of (A3)', chapter: 'flow-matching', anchor: 'theorem-marginal-velocity' },
      { tex: '\\text{(B0)–(B2)},\\ V_{\\mathrm{cond}}', meaning: 'the hypotheses of Theorem 2 and the second moment of the conditional velocity', chapter: 'flow-matching', anchor: 'theorem-cfm-gradient' },
      { tex: 'C', meaning: 'the constant of Theorem 2: $\\LCFM = \\LFM + C$, the average conditional variance of the target', chapter: 'flow-matching', anchor: 'eq-cfm-constant' },
      { tex: 'w_i(t,x)', meaning: 'the posterior (softmax) weight of the $i$-th target', chapter: 'flow-matching', anchor: 'eq-softmax-weights' },
      { tex: '\\sigma_{\\min}', meaning: 'the final width of the one-sided straight (OT) path', chapter: 'flow-matching', anchor: 'eq-softmax-weights' },
      { tex: '\\lambda(t)', meaning: 'a density of training times (time weighting)', chapter: 'flow-matching', anchor: 'exercise-time-weighting' },
      { tex: 'B', meaning: 'the batch size', chapter: 'flow-matching' },
    ],
  },
  {
    title: 'Gaussian paths and parametrisations',
    entries: [
      { tex: '\\psi_t(\\varepsilon\\mid z) = \\sigma_t(z)\\,\\varepsilon + \\mu_t(z)', meaning: 'the affine conditional flow; its condition is always written', chapter: 'gaussian-paths', anchor: 'eq-affine-flow' },
      { tex: '\\varepsilon', meaning: 'standard Gaussian noise, $\\varepsilon\\sim\\Norm(0,I)$', chapter: 'gaussian-paths', anchor: 'eq-affine-flow' },
      { tex: 'a_t,\\ b_t,\\ c_t', meaning: "the core's mould $x_t = a_tx_1 + b_tx_0 + c_t\\varepsilon$", chapter: 'gaussian-paths', anchor: 'eq-reparam-loss' },
      { tex: '\\sigma_{\\max},\\ s(\\cdot)', meaning: 'the initial width and the noise scale of the variance-exploding path', chapter: 'gaussian-paths', anchor: 'eq-ve-velocity' },
      { tex: '\\beta_{\\min},\\ \\beta_{\\max},\\ \\alpha', meaning: 'the schedule of the variance-preserving path', chapter: 'gaussian-paths', anchor: 'eq-vp-path' },
      { tex: '\\sigma', meaning: 'the width of the two-sided I-CFM and Schrödinger-bridge paths', chapter: 'gaussian-paths', anchor: 'eq-two-sided-velocity' },
      { tex: '\\hat x_1,\\ \\hat x_0', meaning: 'the denoiser $\\E[x_1\\mid x_t]$ and the noise prediction $\\E[x_0\\mid x_t]$', chapter: 'gaussian-paths', anchor: 'definition-parametrisations' },
      { tex: '\\nabla\\log p_t', meaning: 'the score of the marginal path', chapter: 'gaussian-paths', anchor: 'definition-parametrisations' },
      { tex: 'W_t = a_t\'b_t - a_tb_t\'', meaning: 'the determinant in the conversions between parametrisations (not Brownian motion, which is $W_r$ in Chapter 10)', chapter: 'gaussian-paths', anchor: 'proposition-parametrisations' },
      { tex: 'm,\\ \\Sigma,\\ K_t,\\ B_t', meaning: 'mean and covariance of a Gaussian target, covariance of $x_t$, and its covariance with the target', chapter: 'gaussian-paths', anchor: 'eq-gaussian-marginal-field' },
      { tex: 'V(t)', meaning: 'the conditional variance of the target at time $t$; $C = \\int_0^1 V(t)\\,\\d t$', chapter: 'gaussian-paths', anchor: 'eq-conditional-variance-curve' },
    ],
  },
  {
    title: 'Couplings and optimal transport',
    entries: [
      { tex: '\\pi,\\ \\Pi(p_0,p_1)', meaning: 'a coupling (a law of $(x_0,x_1)$ with marginals $p_0$, $p_1$) and the set of couplings', chapter: 'design-choices', anchor: 'definition-coupling' },
      { tex: 'p_0\\otimes p_1', meaning: 'the independent coupling', chapter: 'flow-matching', anchor: 'definition-conditional-path' },
      { tex: '\\pi^\\star', meaning: 'an optimal coupling for the squared distance', chapter: 'optimal-transport', anchor: 'definition-wasserstein' },
      { tex: '\\mathcal A', meaning: 'the action (kinetic energy) of a path–field pair', chapter: 'optimal-transport', anchor: 'eq-action' },
      { tex: 'M_{ij}', meaning: 'the cost matrix $\\|x_0^{(i)}-x_1^{(j)}\\|^2$ of a minibatch', chapter: 'optimal-transport', anchor: 'eq-entropic-ot' },
      { tex: '\\eta,\\ P_\\eta,\\ U_B', meaning: 'the entropic (Sinkhorn) regularisation, its optimal plan, and the set of $B\\times B$ plans with uniform marginals', chapter: 'optimal-transport', anchor: 'eq-entropic-ot' },
    ],
  },
  {
    title: 'Rectified flow and diffusion',
    entries: [
      { tex: 'Z_t,\\ \\mathrm{Rectify}(\\pi),\\ \\pi^k', meaning: 'the rectified flow of a coupling, the rectified coupling, the $k$-rectified coupling', chapter: 'rectified-flow', anchor: 'definition-rectified-flow' },
      { tex: 'S(Z),\\ V(\\pi)', meaning: 'the straightness of a flow and the residual variance of a coupling', chapter: 'rectified-flow', anchor: 'eq-straightness' },
      { tex: 'W_r,\\ f,\\ g', meaning: 'Brownian motion, the drift and the noise level of an SDE', chapter: 'diffusion', anchor: 'eq-sde' },
    ],
  },
];
