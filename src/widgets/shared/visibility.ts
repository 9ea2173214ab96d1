/** Widgets pause off-screen (like Distill's d-figure) and respect prefers-reduced-motion. */

export function prefersReducedMotion(): boolean {
  return typeof matchMedia !== 'undefined' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** Calls `onChange(true|false)` when the element enters or leaves the viewport (with a margin). */
export function observeVisibility(el: Element, onChange: (visible: boolean) => void, rootMargin = '100px'): () => void {
  if (typeof IntersectionObserver === 'undefined') {
    onChange(true);
    return () => {};
  }
  const io = new IntersectionObserver(
    (entries) => {
      for (const e of entries) onChange(e.isIntersecting);
    },
    { rootMargin },
  );
  io.observe(el);
  const onHidden = () => {
    if (document.hidden) onChange(false);
  };
  document.addEventListener('visibilitychange', onHidden);
  return () => {
    io.disconnect();
    document.removeEventListener('visibilitychange', onHidden);
  };
}
