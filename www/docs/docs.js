// The docs pages: `?lang=zh` (or `en`) on a page runs its embedded tutorial in that language, and
// `?autoplay=0` turns autoplay off; both are passed on to the iframe.
const query = new URLSearchParams(location.search);
for (const frame of document.querySelectorAll('.docs-live iframe')) {
  const url = new URL(frame.getAttribute('src'), location.href);
  for (const name of ['lang', 'autoplay', 'theme']) {
    if (query.has(name)) url.searchParams.set(name, query.get(name));
  }
  if (url.href !== frame.src) frame.src = url.href;
}
const lang = query.get('lang');
if (lang) {
  for (const a of document.querySelectorAll('.docs-nav a, .docs-cards a, .docs-next a')) {
    const url = new URL(a.getAttribute('href'), location.href);
    if (url.pathname.includes('/docs/')) {
      url.searchParams.set('lang', lang);
      a.href = url.href;
    }
  }
}
