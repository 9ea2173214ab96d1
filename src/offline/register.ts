/**
 * Offline reading: registers the service worker the build writes (`sw.js`, from src/offline/sw.ts)
 * once the page has loaded and is idle, so saving the book does not compete with the page. Only in a
 * production build: `astro dev` has no sw.js, and a worker a build registered on the same origin is
 * unregistered there, so the dev server's files are never answered from a build's cache.
 */
const container = 'serviceWorker' in navigator ? navigator.serviceWorker : null;
if (container && import.meta.env.PROD) {
  const base = import.meta.env.BASE_URL.replace(/\/?$/, '/');
  const register = () => {
    container.register(`${base}sw.js`, { scope: base }).catch((err: unknown) => {
      console.info(`offline reading is not available here: ${err instanceof Error ? err.message : String(err)}`);
    });
  };
  // After the load, once the page is idle: the islands hydrate first.
  addEventListener('load', () => {
    if ('requestIdleCallback' in window) requestIdleCallback(register, { timeout: 5000 });
    else setTimeout(register, 1000);
  });
} else if (container) {
  void container.getRegistrations().then((all) => Promise.all(all.map((r) => r.unregister())));
}
