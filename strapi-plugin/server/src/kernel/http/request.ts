import type { Locale } from '@civic-dialog/contracts';

/** Where a request came from, as the consent ledger records it (the IP is hashed there). */
export interface RequestMeta {
  ip?: string | null;
  userAgent?: string | null;
}

/** The minimal Koa context the plugin's controllers and middlewares touch. */
export interface Ctx {
  method: string;
  path: string;
  /** The path and query string as the client sent them (Koa). */
  originalUrl: string;
  query: Record<string, unknown>;
  params: Record<string, string>;
  request: { body?: unknown; ip: string; origin: string; length?: number; type: string };
  status: number;
  body: unknown;
  /** Koa's per-request state (route middlewares hand things to the controller here). */
  state: Record<string, unknown>;
  type: string;
  get(field: string): string;
  set(field: string, value: string): void;
  remove(field: string): void;
  is(...types: string[]): string | false | null;
  accepts(...types: string[]): string | false;
}

export const requestMeta = (ctx: Ctx): RequestMeta => ({
  ip: ctx.request.ip,
  userAgent: ctx.get('user-agent') || null,
});

/** The language of a page when there is no profile to ask (dead links): the browser's preference. */
export function browserLocale(ctx: Ctx): Locale {
  const header = ctx.get('accept-language').toLowerCase();
  const de = header.indexOf('de');
  const en = header.indexOf('en');
  return en !== -1 && (de === -1 || en < de) ? 'en' : 'de';
}

/** True when the client wants JSON back (API clients, widgets) rather than an HTML page. */
export function wantsJson(ctx: Ctx): boolean {
  return Boolean(ctx.is('application/json'));
}
