/**
 * A chapter's BibTeX when the build had no site address (SITE_URL unset): the `url` field is added
 * from the address the reader is reading, without query or fragment, instead of an invented domain.
 */
const pre = document.querySelector<HTMLElement>('#bibtex[data-url-from-page]');
const code = pre?.querySelector('code');
if (code?.textContent && !/\burl\s*=/.test(code.textContent)) {
  const url = `${location.origin}${location.pathname}`;
  code.textContent = code.textContent.replace(/\}\s*$/, `,\n  url       = {${url}}\n}`);
}
