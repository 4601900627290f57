const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"'`]/g, (char) => ESCAPES[char]!);
}

export interface PageForm {
  /** Relative URL the form posts to (resolved against the page URL, so no host is needed). */
  action: string;
  hidden: Record<string, string>;
  button: string;
}

export interface PageContent {
  lang: 'de' | 'en';
  townName: string;
  title: string;
  paragraphs: string[];
  form?: PageForm;
  /** A link back to the town website. */
  backLink?: { href: string; label: string };
  /** "error" pages get role=alert on the message. */
  tone?: 'info' | 'success' | 'error';
  /** The stylesheet, relative to the page's URL (see stylesheetHref); default for a page at /api/civic-dialog/<name>. */
  stylesheet?: string;
}

/**
 * The stylesheet's address relative to a page at `path`: /api/civic-dialog/assets/pages.css seen
 * from the page's folder, so a page one level deeper (/api/civic-dialog/newsletters/unsubscribe)
 * does not ask for /api/civic-dialog/newsletters/assets/pages.css (a JSON 404 the browser refuses).
 * Relative, so neither the host nor Strapi's API prefix need to be known.
 */
export function stylesheetHref(path: string, pluginId: string): string {
  const marker = `/${pluginId}/`;
  const at = path.indexOf(marker);
  const depth = at < 0 ? 0 : path.slice(at + marker.length).split('/').length - 1;
  return `${'../'.repeat(depth)}assets/pages.css`;
}

/**
 * A small standalone page for the mail links: semantic HTML, no scripts, no inline styles (works
 * under a strict CSP); the stylesheet comes from the plugin's own route next to the page.
 */
export function renderPage(page: PageContent): string {
  const { lang, townName, title, paragraphs, form, backLink, tone = 'info', stylesheet = 'assets/pages.css' } = page;
  const body = paragraphs.map((text) => `      <p>${escapeHtml(text)}</p>`).join('\n');
  const formHtml = form
    ? `
      <form method="post" action="${escapeHtml(form.action)}">
${Object.entries(form.hidden)
  .map(([name, value]) => `        <input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
  .join('\n')}
        <button type="submit">${escapeHtml(form.button)}</button>
      </form>`
    : '';
  const back = backLink ? `\n      <p><a href="${escapeHtml(backLink.href)}">${escapeHtml(backLink.label)}</a></p>` : '';
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="robots" content="noindex, nofollow">
    <meta name="referrer" content="no-referrer">
    <title>${escapeHtml(title)} – ${escapeHtml(townName)}</title>
    <link rel="stylesheet" href="${escapeHtml(stylesheet)}">
  </head>
  <body>
    <header><p class="town">${escapeHtml(townName)}</p></header>
    <main class="${tone}">
      <h1>${escapeHtml(title)}</h1>
      <div${tone === 'error' ? ' role="alert"' : ''}>
${body}
      </div>${formHtml}${back}
    </main>
  </body>
</html>
`;
}

/** The stylesheet of the mail-link pages, served from /api/civic-dialog/assets/pages.css. */
export const PAGES_CSS = `:root{color-scheme:light dark;--accent:#0b5cad}
*{box-sizing:border-box}
body{margin:0;font:1.0625rem/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:CanvasText;background:Canvas}
header{padding:1rem 1.5rem;border-bottom:1px solid color-mix(in srgb,CanvasText 15%,transparent)}
.town{margin:0;font-weight:700}
main{max-width:40rem;margin:2rem auto;padding:0 1.5rem}
h1{font-size:1.6rem;line-height:1.25}
main.error h1{color:#b00020}
@media (prefers-color-scheme:dark){main.error h1{color:#ff8a80}:root{--accent:#7fb6ff}button{color:#000}}
button{font:inherit;padding:.75rem 1.25rem;border:0;border-radius:.375rem;background:var(--accent);color:#fff;cursor:pointer}
button:focus-visible,a:focus-visible{outline:3px solid var(--accent);outline-offset:3px}
a{color:var(--accent)}
`;
