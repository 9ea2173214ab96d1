/**
 * Citations when the build had no site address (SITE_URL unset): the `url` is added from the address
 * the reader is reading, without query or fragment, instead of an invented domain. A chapter's BibTeX
 * (`#bibtex[data-url-from-page]`) gets the chapter's address; the book's citation on the appendix page
 * (`[data-url-from-base]`, whose value is the build's base path) gets the book's root address.
 */
const addUrl = (code: Element | null | undefined, url: string) => {
  if (code?.textContent && !/\burl\s*=/.test(code.textContent))
    code.textContent = code.textContent.replace(/\s*\}\s*$/, `,\n  url       = {${url}}\n}`);
};
addUrl(document.querySelector('#bibtex[data-url-from-page] code'), `${location.origin}${location.pathname}`);
for (const el of document.querySelectorAll<HTMLElement>('[data-url-from-base]')) {
  const root = new URL(el.dataset.urlFromBase || '/', location.origin).href;
  if (el.tagName === 'PRE') addUrl(el.querySelector('code'), root);
  else if (el.textContent && !el.textContent.includes(root)) el.textContent = `${el.textContent.trim()} ${root}`;
}
