import type { Route } from '../../kernel/feature';
import { can, guard, PUBLIC_ERRORS } from '../../kernel/http/routes';

const read = can('newsletters.read');
const send = can('newsletters.send');
const admin = (method: string, path: string, handler: string, policies: unknown[]): Route => ({
  method,
  path: `/newsletters/:documentId${path}`,
  handler: `newsletters.${handler}`,
  config: { policies, middlewares: [PUBLIC_ERRORS] },
});

/** Admin panel (/civic-dialog/newsletters/…): reading needs newsletters.read; anything that sends, newsletters.send. */
export const adminRoutes: Route[] = [
  // Before the /:documentId routes, so "dashboard" is never taken for a document id.
  { method: 'GET', path: '/newsletters', handler: 'newsletters.list', config: { policies: read, middlewares: [PUBLIC_ERRORS] } },
  { method: 'GET', path: '/newsletters/dashboard', handler: 'newsletters.dashboard', config: { policies: read, middlewares: [PUBLIC_ERRORS] } },
  admin('GET', '/audience', 'audience', read),
  admin('GET', '/preview', 'preview', read),
  admin('GET', '/report', 'report', read),
  admin('POST', '/test-send', 'testSend', send),
  admin('POST', '/send', 'send', send),
  admin('POST', '/approve', 'approve', send),
  admin('POST', '/pause', 'pause', send),
  admin('POST', '/resume', 'resume', send),
  admin('POST', '/cancel', 'cancel', send),
];

const open = (method: string, path: string, handler: string, middlewares: unknown[] = []): Route => ({
  method,
  path,
  handler: `newsletters.${handler}`,
  config: { auth: false, middlewares: [PUBLIC_ERRORS, ...middlewares] },
});

/** Public (/api/civic-dialog/…): the web archive, the click redirect and the personal links of the mails. */
export const contentApiRoutes: Route[] = [
  open('GET', '/newsletters/archive', 'archive'),
  open('GET', '/newsletters/archive/:slug', 'archivePage'),
  open('GET', '/newsletters/unsubscribe', 'unsubscribePage'),
  // No origin check: one-click unsubscribe comes from mail providers; the signature is the authorisation.
  open('POST', '/newsletters/unsubscribe', 'unsubscribe', [guard({})]),
  open('GET', '/newsletters/manage', 'manage'),
  open('GET', '/l/:token', 'click'),
];
