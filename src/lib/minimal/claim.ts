/**
 * What the appendix states about the short CFM (cfm-minimal.ts) and the PyTorch script
 * (training/cfm_minimal.py), in one place: the page prints these numbers and the tests
 * (test/unit/minimal/cfm-minimal.test.ts, training/test_cfm_minimal.py via
 * training/test_cfm_minimal.sh) check them.
 */
export const MINIMAL_CFM_CLAIM = {
  /** Training steps of batch 128 on the TorchCFM two moons (the function's defaults). */
  steps: 600,
  /** Exact W₂ between 500 generated and 500 fresh moons points stays below this (the floor, two fresh samples, is ≈ 0.5). */
  w2Below: 0.75,
  evalPoints: 500,
} as const;

/** The PyTorch script's claim (its own defaults; the test reads them from here through the page). */
export const MINIMAL_TORCH_CLAIM = {
  steps: 1500,
  w2Below: 0.65,
  evalPoints: 500,
} as const;

/** Both listings are shorter than this many lines, blank lines and comments included (the appendix's title says so; the test counts). */
export const MINIMAL_LINES_BELOW = 50;
