// The Musterstadt town website: static pages on their own origin that embed the widgets from the CMS,
// served under a strict Content-Security-Policy (no inline scripts or styles anywhere). Each page file
// holds only its content, headed by `<!-- title: …; lang: … -->`; layout.html adds the shared frame.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml' };

/** `lang`: the label's language where it is not German (a page in another language marks the German ones). */
const navigation = [
  { path: '/', label: 'Start' },
  { path: '/aktuelles.html', label: 'Aktuelles' },
  { path: '/newsletter.html', label: 'Newsletter' },
  { path: '/mein-newsletter.html', label: 'Mein Newsletter' },
  { path: '/veranstaltungen.html', label: 'Veranstaltungen' },
  { path: '/umfrage.html', label: 'Umfragen' },
  { path: '/en/newsletter.html', label: 'Newsletter (English)', lang: 'en' },
  { path: '/en/my-newsletter.html', label: 'My newsletter (English)', lang: 'en' },
  { path: '/datenschutz.html', label: 'Datenschutz' },
];
const frameTexts = {
  de: { skipLink: 'Zum Inhalt springen', navLabel: 'Hauptnavigation' },
  en: { skipLink: 'Skip to content', navLabel: 'Main navigation' },
};

/** Puts a page's content into the shared frame; `path` marks the current navigation entry. */
async function renderPage(page, path, cmsUrl) {
  const [, title = 'Musterstadt', lang = 'de'] = page.match(/^<!-- title: (.*?); lang: (\w+) -->/) ?? [];
  const texts = frameTexts[lang] ?? frameTexts.de;
  const current = path === '/index.html' ? '/' : path;
  const links = navigation
    .map((entry) => {
      const attributes = [
        `href="${entry.path}"`,
        (entry.lang ?? 'de') !== lang ? `lang="${entry.lang ?? 'de'}"` : '',
        entry.path === current ? 'aria-current="page"' : '',
      ].filter(Boolean);
      return `          <li><a ${attributes.join(' ')}>${entry.label}</a></li>`;
    })
    .join('\n');
  const content = page.replace(/^<!--.*?-->\n/, '').trimEnd().replace(/^/gm, '      ');
  const layout = await readFile(join(root, 'layout.html'), 'utf8');
  // The frame's own words (town name, footer) are German: marked as such on a page in another language.
  return layout
    .replaceAll('%GERMAN%', lang === 'de' ? '' : ' lang="de"')
    .replace('%LANG%', lang)
    .replace('%TITLE%', title)
    .replace('%SKIP_LINK%', texts.skipLink)
    .replace('%NAV_LABEL%', texts.navLabel)
    .replace('%NAVIGATION%', links)
    .replace('%CONTENT%', content)
    .replaceAll('%CMS_URL%', cmsUrl);
}

export function contentSecurityPolicy(cmsUrl) {
  return [
    "default-src 'self'",
    `script-src 'self' ${cmsUrl}`,
    "style-src 'self'",
    `connect-src 'self' ${cmsUrl}`,
    "img-src 'self' data:",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Starts the town website on `port` (0 = any free port); resolves with its URL and a close function. */
export function startWebsite({ port = 8080, host = '127.0.0.1', cmsUrl }) {
  const csp = contentSecurityPolicy(cmsUrl);
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    const type = types[extname(file)];
    if (!file.startsWith(root) || !type || file === join(root, 'layout.html')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    try {
      let body = await readFile(file, 'utf8');
      if (type.startsWith('text/html')) body = await renderPage(body, path.endsWith('/') ? `${path}index.html` : path, cmsUrl);
      res.writeHead(200, { 'content-type': type, 'content-security-policy': csp, 'cache-control': 'no-cache' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    }
  });
  return new Promise((resolve) => {
    server.listen(port, host, () => {
      const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${server.address().port}`;
      resolve({ url, close: () => new Promise((done) => server.close(done)) });
    });
  });
}
