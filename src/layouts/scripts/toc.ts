/**
 * Marks the table-of-contents entry of the section being read (`aria-current="true"`): the last
 * heading whose top has scrolled above 30% of the viewport. One passive scroll listener, throttled
 * to animation frames.
 */
const links = [...document.querySelectorAll<HTMLAnchorElement>('[data-toc] a[href^="#"]')];
const targets = links
  .map((link) => ({ link, el: document.getElementById(decodeURIComponent(link.hash.slice(1))) }))
  .filter((t): t is { link: HTMLAnchorElement; el: HTMLElement } => t.el !== null);

let current: HTMLAnchorElement | null = null;
let queued = false;

function update() {
  queued = false;
  const line = window.innerHeight * 0.3;
  let active = targets[0]?.link ?? null;
  for (const t of targets) {
    if (t.el.getBoundingClientRect().top <= line) active = t.link;
    else break;
  }
  if (active === current) return;
  current?.removeAttribute('aria-current');
  active?.setAttribute('aria-current', 'true');
  current = active;
}

if (targets.length) {
  window.addEventListener('scroll', () => {
    if (!queued) { queued = true; requestAnimationFrame(update); }
  }, { passive: true });
  window.addEventListener('resize', update, { passive: true });
  update();
}
