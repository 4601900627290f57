import { chromium, type Browser, type Page } from 'playwright-core';
import { startWebsite } from '../../website/server.mjs';
import { publicApi, signupBody } from './http';
import { confirmByMail } from './security-fixtures';
import { freePort, startApp, type TestApp } from './strapi';

export interface Journey {
  app: TestApp;
  website: { url: string; close(): Promise<void> };
  browser: Browser;
  /** Every CSP refusal any watched page logged; a journey ends by expecting it empty. */
  cspViolations: string[];
  watchCsp(page: Page): void;
  stop(): Promise<void>;
}

/**
 * What every end-to-end journey needs: the CMS, the town website on a second origin (allowed by
 * the CMS) and a headless Chromium from the system with a fresh temporary profile.
 */
export async function startJourney(env: Record<string, string> = {}): Promise<Journey> {
  const websitePort = await freePort();
  const websiteOrigin = `http://127.0.0.1:${websitePort}`;
  const app = await startApp({ CIVIC_ALLOWED_ORIGINS: websiteOrigin, TOWN_WEBSITE_URL: websiteOrigin, ...env });
  const website = await startWebsite({ port: websitePort, cmsUrl: app.baseUrl });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const cspViolations: string[] = [];
  return {
    app,
    website,
    browser,
    cspViolations,
    watchCsp(page) {
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text())) cspViolations.push(message.text());
      });
    },
    async stop() {
      await browser.close();
      await website.close();
      await app.stop();
    },
  };
}

/**
 * A newsletter subscriber made on the journey's town website, through the public API as its widget
 * does: the signup (`signup` overrides the body: topics, locale, firstName…), the double opt-in
 * link in the mail confirmed, the welcome mail arrived.
 */
export async function subscribedOnTheWebsite(journey: Journey, email: string, signup: Record<string, unknown> = {}): Promise<void> {
  const origin = { origin: new URL(journey.website.url).origin };
  const before = journey.app.mail.to(email).length;
  const body = signupBody({ pageUrl: `${journey.website.url}/newsletter.html`, ...signup, email });
  const res = await publicApi(journey.app.baseUrl).postJson('/signups', body, origin);
  if (res.status !== 202) throw new Error(`signup of ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  await confirmByMail(journey.app, email, '/api/civic-dialog/confirm', before, origin);
  await journey.app.mail.waitFor(email, before + 2); // the welcome mail
}
