/**
 * The book's notation: the symbols of its definitions, theorems and main formulas, what each means,
 * and where it is introduced (chapter slug and the id of the theorem, definition or labelled
 * equation that introduces it, or of the section heading where no such anchor exists). Letters
 * local to one proof or exercise, generic constants and other papers' notations quoted for
 * comparison are left out. Rendered by src/pages/appendix/notation.astro;
 * test/unit/content/notation.test.ts checks that every anchor exists in its chapter and that every
 * symbol renders. Authors of a chapter that introduces or renames a symbol add or edit its row
 * here: this list is how chapters agree on letters. `meaning` may contain inline math `$…$`.
 */

export interface NotationEntry {
  /** The symbol, as KaTeX source (no dollars). */
  tex: string;
  meaning: string;
  /** Chapter slug (URL /chapters/<slug>/). */
  chapter: string;
  /**
   * Id of the anchor that introduces it (theorem, definition, labelled equation, exercise), or the
   * id the pipeline gives the heading of the section that introduces it (its GitHub slug).
   */
  anchor?: string;
}

export interface NotationGroup {
  title: string;
  entries: NotationEntry[];
}

export const RESERVED_LETTERS: readonly { tex: string; only: string; not: string }[] = [
  { tex: 'C', only: 'the constant of Theorem 2 (average conditional variance of the regression target) and its score-matching counterpart $C_{\\mathrm{DSM}}$; with times drawn from a density $\\lambda$, $C_\\lambda$; besides, as usual, $C^1$, $C^2$, $C^2_c$ name classes of differentiable functions, and in Chapter 13 the doubly indexed $C_{jk}$ is a covariance', not: 'a cost matrix ($M$), a generic bound or error constant ($\\Lambda$, $g_K$), a coupling layer ($T_{\\mathrm c}$), or the base channel count of the UNet ($c_0$)' },
  { tex: '\\varepsilon', only: 'standard Gaussian noise $\\Norm(0,I)$; with a subscript, a prediction of it (the noise predictor $\\varepsilon_\\theta$ of DDPM)', not: 'a Hutchinson probe ($\\xi$), the Sinkhorn regularisation ($\\eta$), a time cut-off ($\\delta$), or a small positive number' },
  { tex: '\\psi_t', only: 'the (marginal) flow of a velocity field; the conditional flow always shows its condition, $\\psi_t(\\cdot\\mid z)$', not: 'both without distinction (the original flow-matching paper writes $\\phi_t$ and $\\psi_t$)' },
  { tex: '\\delta', only: 'a small length of time, as in the cut-offs $[0,1-\\delta]$ and $[\\delta,1-\\delta]$ (and $\\delta_x$, the point mass at $x$); in Chapter 12 also a distance threshold, "within $\\delta$ of a training point"', not: 'the Sinkhorn regularisation ($\\eta$)' },
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
      { tex: 'c,\\ \\tfrac1n\\sum_i\\mathbf 1[c(x_i)=y_i]', meaning: "the judge of the image chapter (a CIFAR-10 classifier trained with the project's code) and the class agreement: the share of samples it assigns to their requested class", chapter: 'images', anchor: 'what-our-quality-scores-measure' },
      { tex: '\\{a_i\\}_{i=1}^n,\\ \\{b_j\\}_{j=1}^n,\\ S_n', meaning: 'two samples of $n$ points, whose $W_2$ is an assignment problem over the permutations $\\pi\\in S_n$; between two fresh samples of the target it is the $W_2$ floor', chapter: 'reproductions', anchor: 'eq-empirical-w2' },
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
      { tex: 'C_\\lambda', meaning: 'the constant of Theorem 2 when training times are drawn from a density $\\lambda$: the conditional variance averaged with weight $\\lambda$', chapter: 'flow-matching', anchor: 'exercise-time-weighting' },
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
      { tex: 'S', meaning: 'the straightness of a flow, $\\int_0^1\\E\\|(X_1-X_0)-\\dot X_t\\|^2\\,\\d t$: zero exactly when every trajectory is a straight line run at constant speed (the path explorer’s table of families reports it)', chapter: 'gaussian-paths', anchor: 'figure-path-explorer' },
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
    title: 'Rectified flow',
    entries: [
      { tex: 'Z_t,\\ \\mathrm{Rectify}(\\pi),\\ \\pi^k', meaning: 'the rectified flow of a coupling, the rectified coupling, the $k$-rectified coupling', chapter: 'rectified-flow', anchor: 'definition-rectified-flow' },
      { tex: 'S(Z),\\ V(\\pi)', meaning: 'the straightness $S$ written for the rectified flow $Z$ of a coupling, and the residual variance of a coupling', chapter: 'rectified-flow', anchor: 'eq-straightness' },
    ],
  },
  {
    title: 'ODE solvers',
    entries: [
      { tex: '\\mathrm{NFE}', meaning: 'the number of function evaluations: how often a sampler evaluates the field (one forward pass of the network each), the cost of a sample', chapter: 'solvers', anchor: 'sampling-is-an-initial-value-problem' },
      { tex: 'T', meaning: 'the end time of a solve: $T=1$, or $T=1-10^{-5}$ on the variance-preserving path, whose field is undefined at $t=1$', chapter: 'solvers', anchor: 'sampling-is-an-initial-value-problem' },
      { tex: '0=t_0<\\dots<t_K=T,\\ h_k', meaning: 'the time grid of a solver with $K$ steps and its step sizes $h_k = t_{k+1}-t_k$ (all at most $h$; $h = T/K$ on a uniform grid)', chapter: 'solvers', anchor: 'sampling-is-an-initial-value-problem' },
      { tex: 'x_k,\\ \\Phi(t,x,h)', meaning: 'the numerical solution at $t_k$ and the increment of a one-step method, $x_{k+1} = x_k + h_k\\,\\Phi(t_k,x_k,h_k)$', chapter: 'solvers', anchor: 'sampling-is-an-initial-value-problem' },
      { tex: 'k_1,\\dots,k_4', meaning: 'the field evaluations (stages) of one step of Euler, midpoint, Heun or RK4', chapter: 'solvers', anchor: 'sampling-is-an-initial-value-problem' },
      { tex: 'x^{[5]},\\ x^{[4]}', meaning: 'the fifth- and fourth-order solutions of one Dormand–Prince step; their difference estimates the error of the step', chapter: 'solvers', anchor: 'adaptive-steps-the-dormandprince-pair' },
      { tex: '\\mathrm{atol},\\ \\mathrm{rtol},\\ \\mathrm{sc}_i,\\ \\mathrm{err}', meaning: 'the absolute and relative tolerances of the adaptive solver, the scale $\\mathrm{atol}+\\mathrm{rtol}\\cdot\\max(|x_i|,|x_i^{[5]}|)$ of coordinate $i$, and the scaled root-mean-square error estimate over all $N$ coordinates of the batch; a step is accepted if $\\mathrm{err}\\le1$', chapter: 'solvers', anchor: 'adaptive-steps-the-dormandprince-pair' },
      { tex: '\\tau_k', meaning: 'the local error of step $k$: what one step does wrong when started on the exact trajectory (not the end of the interval of Theorem 1)', chapter: 'solvers', anchor: 'local-error-global-error-order' },
      { tex: 'e_k = x_k - x(t_k)', meaning: 'the global error after $k$ steps; $e_K$ is the error at the end time', chapter: 'solvers', anchor: 'local-error-global-error-order' },
      { tex: 'p', meaning: 'the order of a method: local error $O(h^{p+1})$, global error $O(h^p)$ (1 for Euler, 2 for midpoint and Heun, 4 for RK4, 5 for Dormand–Prince)', chapter: 'solvers', anchor: 'local-error-global-error-order' },
      { tex: 's', meaning: 'the number of field evaluations per step of a method, so that $\\mathrm{NFE} = sK$', chapter: 'solvers', anchor: 'local-error-global-error-order' },
      { tex: 'x(t),\\ \\dot x,\\ \\ddot x', meaning: 'the exact trajectory, its velocity and its acceleration $\\ddot x = \\partial_tu_t + (\\nabla u_t)\\,u_t$ along it', chapter: 'solvers', anchor: 'eq-acceleration' },
      { tex: 'M_2', meaning: "the largest acceleration along the trajectory, $\\sup_{t\\in[0,T]}\\|\\ddot x(t)\\|$, which bounds Euler's error", chapter: 'solvers', anchor: 'theorem-euler-error' },
      { tex: '\\lambda,\\ z = h\\lambda,\\ R(z)', meaning: 'the coefficient of the test equation $\\dot y = \\lambda y$ ($\\mathrm{Re}\\,\\lambda<0$), the scaled step, and the stability function, $y_{k+1} = R(z)\\,y_k$; $\\{z:|R(z)|\\le1\\}$ is the region of absolute stability', chapter: 'solvers', anchor: 'stability-the-test-equation' },
      { tex: '\\lambda(t)', meaning: 'the eigenvalue of the Jacobian of the variance-preserving field where the posterior has settled on one data point, $\\lambda(t)\\approx-1/(2(1-t))$: the field is stiff near $t=1$ (not a time weighting)', chapter: 'solvers', anchor: 'eq-vp-stiffness' },
      { tex: '\\rho', meaning: 'the exponent of the power grid $t_k = T\\big(1-(1-k/K)^\\rho\\big)$, which crowds the steps towards $T$ ($\\rho=1$: uniform)', chapter: 'solvers', anchor: 'eq-power-grid' },
    ],
  },
  {
    title: 'Diffusion and scores',
    entries: [
      { tex: 'r = 1-t', meaning: 'diffusion time, from the data ($r=0$) to the noise ($r=1$)', chapter: 'diffusion', anchor: 'what-this-chapter-assumes' },
      { tex: 'Y_r,\\ X_t = Y_{1-t}', meaning: "a process in diffusion time and the same process in the book's time", chapter: 'diffusion', anchor: 'what-this-chapter-assumes' },
      { tex: '\\Delta', meaning: 'the Laplacian $\\sum_i\\partial^2_{x_i}$', chapter: 'diffusion', anchor: 'what-this-chapter-assumes' },
      { tex: 'C^2_c(\\R^d)', meaning: 'test functions: twice continuously differentiable, with compact support', chapter: 'diffusion', anchor: 'what-this-chapter-assumes' },
      { tex: 'K,\\ \\beta_1<\\dots<\\beta_K', meaning: 'the number of steps of the DDPM chain (typically 1000) and its noise schedule', chapter: 'diffusion', anchor: 'eq-ddpm-forward' },
      { tex: 'y_0,\\ y_k,\\ \\xi_k', meaning: 'a data point, the $k$-th point of the forward (noising) chain, and its independent $\\Norm(0,I)$ kicks', chapter: 'diffusion', anchor: 'eq-ddpm-forward' },
      { tex: 'q(y_k\\mid y_{k-1}),\\ \\bar\\alpha_k', meaning: 'one step of the forward chain, and $\\bar\\alpha_k = \\prod_{j\\le k}(1-\\beta_j)$, so that $q(y_k\\mid y_0) = \\Norm\\big(\\sqrt{\\bar\\alpha_k}\\,y_0,(1-\\bar\\alpha_k)I\\big)$', chapter: 'diffusion', anchor: 'eq-ddpm-marginal' },
      { tex: 'p_\\theta(y_{k-1}\\mid y_k),\\ m_\\theta,\\ s_k^2', meaning: 'a learned reverse step of DDPM: a Gaussian with network mean $m_\\theta(y_k,k)$ and fixed variance $s_k^2$', chapter: 'diffusion', anchor: 'ddpm-a-variational-autoencoder-with-many-latents' },
      { tex: '\\mathrm{ELBO}', meaning: 'the evidence lower bound on $\\log p_\\theta(y_0)$ that DDPM maximises', chapter: 'diffusion', anchor: 'eq-ddpm-elbo' },
      { tex: '\\tilde m_k,\\ \\tilde\\beta_k', meaning: 'the mean and variance of the forward posterior $q(y_{k-1}\\mid y_k,y_0)$', chapter: 'diffusion', anchor: 'eq-ddpm-elbo' },
      { tex: '\\varepsilon_\\theta', meaning: 'the noise predictor of DDPM, a rescaled score estimator ($\\varepsilon_\\theta = -s_t\\,s^\\theta_t$)', chapter: 'diffusion', anchor: 'ddpm-a-variational-autoencoder-with-many-latents' },
      { tex: 'W_r,\\ f,\\ g', meaning: 'Brownian motion, the drift and the noise level of an SDE', chapter: 'diffusion', anchor: 'eq-sde' },
      { tex: 'q_r', meaning: 'the density of the forward diffusion at diffusion time $r$; on the VP and VE paths $q_r = p_{1-r}$', chapter: 'diffusion', anchor: 'theorem-fokker-planck' },
      { tex: 'v_r', meaning: 'the velocity of the Fokker–Planck equation, $f - \\frac{g^2}{2}\\nabla\\log q_r$: the field of the probability-flow ODE', chapter: 'diffusion', anchor: 'eq-fp-velocity' },
      { tex: '\\nabla_x\\log p_t(x\\mid z)', meaning: 'the conditional score; the marginal score $\\nabla\\log p_t$ is its posterior mean', chapter: 'diffusion', anchor: 'definition-score' },
      { tex: 's^\\theta_t(x)', meaning: 'a network that approximates the score', chapter: 'diffusion', anchor: 'denoising-score-matching-is-theorem-2-again' },
      { tex: '\\mathcal L_{\\mathrm{ESM}},\\ \\mathcal L_{\\mathrm{DSM}},\\ C_{\\mathrm{DSM}}', meaning: 'the explicit and the denoising score-matching losses, and the constant by which they differ', chapter: 'diffusion', anchor: 'theorem-dsm' },
      { tex: 'Y_t(x,z),\\ m_t(x)', meaning: 'a noisy regression label and its posterior mean $\\E[Y_t(x_t,z)\\mid x_t=x]$, the minimiser of the regression', chapter: 'diffusion', anchor: 'lemma-posterior-mean-regression' },
      { tex: 's_t', meaning: 'the width of a one-sided affine Gaussian path $x_t = a_tx_1 + s_tx_0$, $x_0\\sim\\Norm(0,I)$ (the $\\sigma_t$ of a Gaussian path, the $b_t$ of the mould)', chapter: 'diffusion', anchor: 'velocities-and-scores-are-the-same-information' },
      { tex: "\\kappa_t = a_t's_t^2 - a_ts_ts_t'", meaning: "the coefficient of the velocity–score conversion, $a_tu_t - a_t'x = \\kappa_t\\nabla\\log p_t$", chapter: 'diffusion', anchor: 'proposition-velocity-score' },
      { tex: 'b_t(x)', meaning: 'the drift $u_t + \\frac{g(t)^2}{2}\\nabla\\log p_t$ of an SDE that keeps the marginals $p_t$ (not the coefficient $b_t$ of the mould)', chapter: 'diffusion', anchor: 'eq-sde-extension' },
      { tex: '\\rho_t,\\ \\hat b_t,\\ h_t = \\log(\\rho_t/p_t)', meaning: 'the law of the SDE started from another density $\\rho_0$ with a possibly wrong drift $\\hat b_t$, and its log-ratio to $p_t$', chapter: 'diffusion', anchor: 'proposition-noise-contracts' },
    ],
  },
  {
    title: 'Images and guidance',
    entries: [
      { tex: 'y,\\ K,\\ \\pi(y)', meaning: 'a class label $y\\in\\{0,\\dots,K-1\\}$, the number of classes ($K=10$ for CIFAR-10) and the prior weight of class $y$', chapter: 'images', anchor: 'what-this-chapter-assumes' },
      { tex: '\\varnothing', meaning: 'the null class, "no label"', chapter: 'images', anchor: 'what-this-chapter-assumes' },
      { tex: 'p_1(\\cdot\\mid y),\\ p_t(x\\mid y),\\ u_t^y', meaning: 'the data law of class $y$, its marginal path and its marginal velocity (a marginal field of Theorem 1 for the data of one class, not a conditional velocity $u_t(x\\mid z)$)', chapter: 'images', anchor: 'what-this-chapter-assumes' },
      { tex: 'p_t(y\\mid x)', meaning: 'the class posterior along the path, $\\pi(y)\\,p_t(x\\mid y)/p_t(x)$', chapter: 'images', anchor: 'what-this-chapter-assumes' },
      { tex: 'p_{\\mathrm{uncond}},\\ D,\\ \\tilde y', meaning: 'the probability of dropping the label, its Bernoulli indicator, and the label the network sees: $\\varnothing$ if $D=1$, $y$ otherwise', chapter: 'images', anchor: 'eq-cfg-loss' },
      { tex: 'u^\\theta_t(x,y),\\ u^\\theta_t(x,\\varnothing)', meaning: 'one network evaluated with a class and with the null class; the loss with label dropout is minimised by $u_t^y$ and $u_t$', chapter: 'images', anchor: 'proposition-null-class' },
      { tex: 'p_\\phi(y\\mid x,t)', meaning: 'a classifier trained on noisy images (classifier guidance)', chapter: 'images', anchor: 'eq-guided-score' },
      { tex: 'w', meaning: "the guidance weight: $w=1$ gives the class-conditional field, $w=0$ the unconditional one; Ho and Salimans' scale $w'$ is $w-1$", chapter: 'images', anchor: 'eq-guided-score' },
      { tex: '\\tilde s_t,\\ \\tilde p_t', meaning: 'the guided score $(1-w)\\nabla\\log p_t + w\\nabla\\log p_t(\\cdot\\mid y)$ and the tilted density $\\propto p_t^{1-w}\\,p_t(\\cdot\\mid y)^w$ whose score it is (guided sampling does not sample $\\tilde p_1$)', chapter: 'images', anchor: 'eq-guided-score' },
      { tex: '\\mathcal V_t[s]', meaning: "the velocity that a score field $s$ corresponds to on an affine Gaussian path, $\\frac{a_t'}{a_t}x + \\frac{\\kappa_t}{a_t}s$", chapter: 'images', anchor: 'theorem-cfg-velocity' },
      { tex: '\\tilde u_t = (1-w)\\,u_t + w\\,u_t^y', meaning: 'the guided velocity of classifier-free guidance', chapter: 'images', anchor: 'eq-cfg-velocity' },
      { tex: "h,\\ h',\\ c", meaning: 'the input and output feature maps of a residual block of the UNet, and a number of channels (here $h$ is not a step size)', chapter: 'images', anchor: 'eq-resblock' },
      { tex: '\\mathrm{Conv},\\ \\mathrm{GN},\\ \\mathrm{SiLU},\\ \\mathrm{skip}', meaning: 'a $3\\times3$ convolution, group normalisation, $z\\mapsto z/(1+e^{-z})$, and the identity or a $1\\times1$ convolution on the skip path', chapter: 'images', anchor: 'eq-resblock' },
      { tex: 'e = e_t + e_y,\\ W_e', meaning: 'the embedding of the time and the class (one learned row per class, row $K$ for $\\varnothing$), and the linear map that turns it into one shift per channel in each block', chapter: 'images', anchor: 'eq-resblock' },
      { tex: '\\gamma(t),\\ f_k,\\ T', meaning: 'the sinusoidal time features ($h$ sines and $h$ cosines of $t$), their geometric frequencies $f_k = T\\cdot10000^{-k/h}$ with $h = c_0/2$, and the largest frequency', chapter: 'images', anchor: 'eq-time-embedding' },
      { tex: 'c_0,\\ E = 4c_0', meaning: 'the base channel count of the UNet and the width of its embedding', chapter: 'images', anchor: 'eq-time-embedding' },
      { tex: 'P(a,b)', meaning: 'the number of parameters of a residual block from $a$ to $b$ channels', chapter: 'images', anchor: 'proposition-resblock-params' },
    ],
  },
  {
    title: 'Memorisation and generalisation',
    entries: [
      { tex: '\\hat p_1 = \\tfrac1n\\sum_i\\delta_{x^{(i)}}', meaning: 'the empirical distribution of a training set of $n\\ge2$ distinct points', chapter: 'generalization', anchor: 'what-this-chapter-assumes' },
      { tex: '\\hat p_t,\\ \\hat u_t,\\ \\hat\\psi_t', meaning: 'the marginal path of the straight path towards $\\hat p_1$, its closed-form field (the exact minimiser of the CFM loss) and the flow of that field; $\\hat\\psi_1 = \\lim_{t\\to1}\\hat\\psi_t$', chapter: 'generalization', anchor: 'what-this-chapter-assumes' },
      { tex: 'R,\\ \\Delta,\\ D', meaning: 'the largest norm of a training point, the smallest distance between two training points, and the largest one (here $\\Delta$ is not the Laplacian)', chapter: 'generalization', anchor: 'what-this-chapter-assumes' },
      { tex: '\\hat x(t,x)', meaning: 'the posterior mean of the training point that $x$ is heading for, $\\sum_iw_i(t,x)\\,x^{(i)}$; on the conical path $\\hat u_t(x) = (\\hat x - x)/(1-t)$', chapter: 'generalization', anchor: 'eq-conical-closed-form' },
      { tex: '\\zeta(t)', meaning: 'the bound $(n-1)\\,D\\,e^{-t^2\\Delta^2/(4(1-t)^2)}$ on $\\|\\hat x - x^{(i)}\\|$ once $x$ is within $t\\Delta/4$ of $tx^{(i)}$', chapter: 'generalization', anchor: 'lemma-softmax-snaps' },
      { tex: 'K(\\tau)', meaning: 'the integral $\\int_\\tau^1\\zeta(s)/(1-s)^2\\,\\d s$, finite and tending to $0$ as $\\tau\\to1$, that enters the capture condition and the capture bound', chapter: 'generalization', anchor: 'lemma-capture' },
      { tex: 'E_i', meaning: 'the set of starting points whose trajectory ends at $x^{(i)}$: open, of probability $\\frac1n$ under $p_0$', chapter: 'generalization', anchor: 'theorem-pathwise-memorisation' },
      { tex: '\\hat p_1^{\\sigma}', meaning: 'the Gaussian kernel density estimate $\\frac1n\\sum_i\\Norm(x^{(i)},\\sigma_{\\min}^2I)$ that the exact flow samples when $\\sigma_{\\min}>0$', chapter: 'generalization', anchor: 'proposition-sigma-min-kde' },
      { tex: '\\delta,\\ F_{\\chi^2_d}', meaning: 'a distance threshold ("within $\\delta$ of a training point") and the distribution function of the chi-squared law with $d$ degrees of freedom', chapter: 'generalization', anchor: 'eq-fraction-within' },
      { tex: 'h_t = (1-t)/t', meaning: 'the bandwidth of the kernel density estimate of the training set whose law, scaled by $t$, is $\\hat p_t$; the population path is $p_{\\mathrm{data}}*\\Norm(0,h_t^2I)$ scaled by $t$ ($*$: convolution)', chapter: 'generalization', anchor: 'two-phases-of-the-exact-flow' },
      { tex: 't^\\ast', meaning: 'the start of the memorising phase: the time at which the median over $\\hat p_t$ of the largest posterior weight reaches $0.9$', chapter: 'generalization', anchor: 'two-phases-of-the-exact-flow' },
      { tex: 's = \\sqrt{\\tr\\Sigma/2}', meaning: 'the root-mean-square standard deviation of a data set in the plane ($\\Sigma$ its covariance), the unit of the threshold $\\delta = 0.1\\,s$', chapter: 'generalization', anchor: 'a-trained-network-against-the-size-of-the-training-set' },
    ],
  },
  {
    title: 'The playground',
    entries: [
      { tex: 'z_k = (x_0^k,x_1^k),\\ \\pi_k', meaning: 'the pairs of a finite coupling with positive weight, and their weights', chapter: 'playground', anchor: 'eq-pair-field' },
      { tex: '\\mu_k(t),\\ w_k(x,t)', meaning: "the mean $a_tx_1^k + b_tx_0^k$ of pair $k$'s path (of width $c_t$) and the posterior weight of pair $k$ at $x$", chapter: 'playground', anchor: 'eq-pair-field' },
      { tex: '\\pi_j,\\mu_j,\\tau_j;\\ \\rho_k,m_k,s_k', meaning: 'the weights, means and standard deviations of the components of a one-dimensional Gaussian-mixture source and target', chapter: 'playground', anchor: 'proposition-mixture-path-1d' },
      { tex: "M_{jk},\\ V_{jk},\\ M'_{jk},\\ C_{jk},\\ w_{jk}(x)", meaning: 'for the components $(j,k)$: the mean and variance of $x_t$, the mean of the conditional velocity, its covariance with $x_t$, and the posterior weight at $x$ (Chapter 13 only; elsewhere $M$ is a cost matrix and $C$ the constant of Theorem 2)', chapter: 'playground', anchor: 'proposition-mixture-path-1d' },
    ],
  },
];
