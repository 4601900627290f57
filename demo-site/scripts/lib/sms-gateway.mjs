// A small local SMS gateway, driven like most German SMS gateways (HTTP POST with JSON): the demo
// starts it next to the mail catcher, the plugin's generic HTTP provider talks to it, and the tests
// use the very same server. GET / shows the received texts (like the mail inbox); it can be told to
// fail (5xx) and, given reportUrl, sends delivery reports back like a real gateway.
import { createServer } from 'node:http';

const escapeHtml = (value) => String(value).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * @param {{ port?: number, host?: string, reportUrl?: string, reportSecret?: string }} [options]
 */
export async function startSmsGateway(options = {}) {
  /** @type {Array<{ gatewayId: string, id: string, to: string, from: string, text: string, receivedAt: string }>} */
  const received = [];
  const waiters = new Set();
  let failing = 0; // > 0: the next this many requests answer 503; Infinity: all
  let requests = 0;
  let next = 1;

  const notify = () => {
    for (const waiter of [...waiters]) waiter();
  };

  async function report(message) {
    if (!options.reportUrl) return;
    await fetch(options.reportUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(options.reportSecret ? { authorization: `Bearer ${options.reportSecret}` } : {}) },
      body: JSON.stringify({ id: message.gatewayId, status: 'delivered' }),
    }).catch(() => undefined);
  }

  function page() {
    const rows = [...received]
      .reverse()
      .map((m) => `<tr><td>${escapeHtml(m.receivedAt)}</td><td>${escapeHtml(m.to)}</td><td>${escapeHtml(m.from)}</td><td style="white-space:pre-wrap">${escapeHtml(m.text)}</td></tr>`)
      .join('');
    return `<!doctype html><html lang="de"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5"><title>SMS-Posteingang (lokales Gateway)</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.4rem;text-align:left;vertical-align:top}</style></head>
<body><h1>SMS-Posteingang / SMS inbox</h1><p>${received.length} SMS empfangen (received). Diese Seite lädt alle 5 Sekunden neu.</p>
<table><caption>Empfangene SMS, neueste zuerst</caption><thead><tr><th scope="col">Zeit</th><th scope="col">An</th><th scope="col">Absender</th><th scope="col">Text</th></tr></thead><tbody>${rows}</tbody></table></body></html>`;
  }

  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://gateway');
      const answer = (status, value, type = 'application/json') => {
        res.writeHead(status, { 'content-type': type });
        res.end(type === 'application/json' ? JSON.stringify(value) : value);
      };
      if (req.method === 'GET' && url.pathname === '/') return answer(200, page(), 'text/html; charset=utf-8');
      if (req.method === 'GET' && url.pathname === '/messages') return answer(200, received);
      if (req.method === 'POST' && url.pathname === '/messages') {
        requests++;
        if (failing > 0) {
          failing--;
          return answer(503, { error: 'gateway unavailable (told to fail)' });
        }
        let input;
        try {
          input = JSON.parse(body);
        } catch {
          return answer(400, { error: 'body must be JSON' });
        }
        if (typeof input?.to !== 'string' || !/^\+[1-9]\d{6,14}$/.test(input.to) || typeof input.text !== 'string' || !input.text) {
          return answer(400, { error: 'to (E.164) and text are required' });
        }
        const message = { gatewayId: `gw-${next++}`, id: String(input.id ?? ''), to: input.to, from: String(input.from ?? ''), text: input.text, receivedAt: new Date().toISOString() };
        received.push(message);
        notify();
        answer(200, { id: message.gatewayId, status: 'accepted' });
        void report(message);
        return;
      }
      answer(404, { error: 'not found' });
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    /** The URL the plugin's HTTP provider posts to. */
    messagesUrl: `http://127.0.0.1:${port}/messages`,
    received,
    /** How many send requests reached the gateway (accepted or failed). */
    get requests() {
      return requests;
    },
    /** The next `count` sends answer 503 (Infinity: until told otherwise; 0: work again). */
    fail(count = Infinity) {
      failing = count;
    },
    to(phone) {
      return received.filter((message) => message.to === phone);
    },
    /** Resolves once `count` texts went to `phone` (or rejects after timeoutMs). */
    waitFor(phone, count = 1, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const list = received.filter((message) => message.to === phone);
          if (list.length >= count) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(list);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} SMS to ${phone}, got ${received.filter((message) => message.to === phone).length}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}
