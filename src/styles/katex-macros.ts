/**
 * The book's shared KaTeX macros. Every chapter, caption and title is rendered with exactly this
 * table (rehype-katex at build time; `renderInlineMath` for component props), so a symbol is
 * typeset the same way everywhere. Keep the names stable: chapters are written against them.
 */
export const KATEX_MACROS: Readonly<Record<string, string>> = Object.freeze({
  '\\R': '\\mathbb{R}',
  '\\E': '\\mathbb{E}',
  // Upright differential "d" with a thin space before it (∫ f(x) \d x).
  '\\d': '\\mathop{}\\!\\mathrm{d}',
  '\\KL': '\\operatorname{KL}',
  '\\divg': '\\operatorname{div}',
  '\\Norm': '\\mathcal{N}',
  '\\LFM': '\\mathcal{L}_{\\mathrm{FM}}',
  '\\LCFM': '\\mathcal{L}_{\\mathrm{CFM}}',
  '\\ut': 'u_t',
  '\\pt': 'p_t',
  '\\Var': '\\operatorname{Var}',
  '\\Cov': '\\operatorname{Cov}',
  '\\tr': '\\operatorname{tr}',
  '\\Id': '\\mathrm{I}',
  '\\argmin': '\\operatorname*{arg\\,min}',
  '\\argmax': '\\operatorname*{arg\\,max}',
});

/** A fresh, mutable copy: KaTeX writes `\gdef` definitions into the object it is given. */
export function katexMacros(): Record<string, string> {
  return { ...KATEX_MACROS };
}

/** KaTeX options used everywhere: any error or non-strict input throws (and so fails the build). */
export function katexOptions() {
  return { throwOnError: true, strict: 'error' as const, macros: katexMacros(), output: 'htmlAndMathml' as const };
}
