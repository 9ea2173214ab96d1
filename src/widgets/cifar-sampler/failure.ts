/**
 * What the sampler tells a reader when a run fails, with a hint that fits the cause: the fault table
 * of issue 18 showed a worker crash and a broken model.json both followed by "the checkpoint files may
 * be missing … or this browser lacks a working TF.js backend", which is wrong for the first.
 */

/** The alert text for a failure at `stage` ('download' while the weights arrive, else sampling). */
export function failureMessage(stage: 'download' | 'sample', message: string): string {
  if (stage === 'download') return `Downloading the weights failed: ${message}. Nothing was kept; press Retry to download them again.`;
  return `Sampling failed: ${message}. ${failureHint(message)}`;
}

function failureHint(message: string): string {
  if (/worker|engine stopped/i.test(message)) return 'The sampling engine stopped; press Retry to start a new one.';
  if (/model\.json|\.bin\b|\b404\b|not found|fetch|JSON/i.test(message))
    return 'The checkpoint files are missing or damaged on the server (see training/README.md); press Retry once they are back.';
  if (/backend|webgl|webgpu|wasm/i.test(message))
    return 'This browser has no working TF.js backend for the sampler; another browser, or `?backend=wasm` in the address, may work.';
  return 'Press Retry to try again.';
}
