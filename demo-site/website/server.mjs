// The Musterstadt town website: static pages on their own origin that embed the widgets from the CMS,
// served under a strict Content-Security-Policy (no inline scripts or styles anywhere).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml' };

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
    if (!file.startsWith(root) || !type) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    try {
      let body = await readFile(file, 'utf8');
      if (type.startsWith('text/html')) body = body.replaceAll('%CMS_URL%', cmsUrl);
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
