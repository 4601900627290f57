/**
 * What the webmaster reads in the browser console when a page cannot reach the API as set up
 * (api-client.ts `Misconfiguration`), in English like every developer message,
 * with the values seen and what to set where. A chunk of its own, loaded only then.
 */
import type { Misconfiguration } from './api-client.js';

/** Says it (FormController makes it once per widget). */
export function tellWebmaster(host: HTMLElement, failure: Misconfiguration): void {
  console.error(`[civic-dialog] <${host.localName}> cannot be used on this page: ${advice(failure, host.getAttribute('api') ?? '')}`);
}

function advice(failure: Misconfiguration, api: string): string {
  const apiOrigin = new URL(failure.url, location.href).origin;
  if (failure.problem === 'blocked') {
    return `the CMS at ${apiOrigin} does not allow this page's origin ${location.origin} (CORS). Add ${location.origin} to the allowed origins of the civic-dialog plugin in the CMS (CIVIC_ALLOWED_ORIGINS: the plugin's allowedOrigins and the strapi::cors origin in config/middlewares). If this page has a Content-Security-Policy, its connect-src must allow ${apiOrigin}.`;
  }
  if (failure.problem === 'page-not-allowed') {
    return `the CMS at ${apiOrigin} does not count this page (${location.origin}) as a website of the town. Add ${location.origin} to the civic-dialog plugin's allowed origins in the CMS (CIVIC_ALLOWED_ORIGINS).`;
  }
  if (failure.problem === 'unreachable') {
    return `nothing answers at ${failure.url}. Check the api attribute (api="${api}"): it must be the address of the town's CMS (Strapi), e.g. api="https://cms.example.org", without /api. If this page has a Content-Security-Policy, its connect-src must allow ${apiOrigin}.`;
  }
  return `${failure.url} answered ${failure.status} ${failure.contentType || 'without a content type'}, which is not the Civic Dialog API. Check the api attribute (api="${api}"): it must be the address of the town's CMS (Strapi) with the civic-dialog plugin, e.g. api="https://cms.example.org", without /api.`;
}
