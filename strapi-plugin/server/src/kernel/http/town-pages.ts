import type { Strapi } from '../types';
import { allPreferencePageUrls, getConfig } from '../get-config';
import { fieldError } from './errors';

/** The origin of a URL, or null when it is none. */
export const originOf = (url: string | undefined | null): string | null => {
  try {
    return url ? new URL(url).origin : null;
  } catch {
    return null;
  }
};

/**
 * The origins of the town's own websites: the allowed origins ('*' opens CORS to any site but
 * never makes a foreign page one of the town's), the town's website and its preference pages.
 */
export function townOrigins(strapi: Strapi): Set<string> {
  const { allowedOrigins, town } = getConfig(strapi);
  return new Set(
    [...allowedOrigins.filter((origin) => origin !== '*'), ...allPreferencePageUrls(strapi).map(originOf), originOf(town.websiteUrl)].filter(
      (origin): origin is string => Boolean(origin),
    ),
  );
}

/**
 * A form's `pageUrl` is the consent proof's source: it must be a page of the town's websites and,
 * when the browser names the page's site (Origin header), of that very site. 400 on `pageUrl`
 * otherwise — the same for every address, checked before any work.
 */
export function checkSourcePage(strapi: Strapi, pageUrl: string, requestOrigin: string | undefined): void {
  const origin = originOf(pageUrl);
  const fromTown = origin !== null && townOrigins(strapi).has(origin);
  if (!fromTown || (requestOrigin && requestOrigin !== origin)) {
    throw fieldError(['pageUrl'], 'is not a page of a website of the town that sent this request', 'page-not-allowed');
  }
}
