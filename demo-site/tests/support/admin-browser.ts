import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { logInToAdminPanel, TEST_ADMIN, type AdminCredentials } from './admin';

/** The admin in a browser as a German town hall editor sees it, and axe (WCAG 2.1 A and AA) on its pages. */

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** A browser context whose admin language is German from the first page on, Strapi's guided tour skipped, motion reduced. */
async function germanAdminContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, reducedMotion: 'reduce' });
  await context.addInitScript(() => {
    window.localStorage.setItem('strapi-admin-language', 'de');
    window.localStorage.setItem('STRAPI_GUIDED_TOUR', JSON.stringify({ tours: {}, enabled: false, hidden: true, completedActions: [] }));
  });
  return context;
}

/** Collects react-intl's reports of message ids without a German text (the admin build logs them) into `into`. */
function watchMissingTranslations(page: Page, into: string[]): void {
  page.on('console', (message) => {
    const text = message.text();
    if (/MISSING_TRANSLATION|Missing message/i.test(text)) into.push(/Missing message: "([^"]+)"/.exec(text)?.[1] ?? text);
  });
}

/**
 * A German editor logged in to the admin at `cmsUrl` (the test app's super admin unless `credentials` name another user): the page (60 s per action: the admin's first
 * page loads compile lazily under a loaded CI machine) and the message ids it showed without a German text.
 */
export async function germanEditor(
  browser: Browser,
  cmsUrl: string,
  credentials: AdminCredentials = TEST_ADMIN,
): Promise<{ context: BrowserContext; page: Page; missingTranslations: string[] }> {
  const context = await germanAdminContext(browser);
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  const missingTranslations: string[] = [];
  watchMissingTranslations(page, missingTranslations);
  await logInToAdminPanel(page, cmsUrl, credentials);
  return { context, page, missingTranslations };
}

/**
 * axe with the WCAG 2.1 A and AA rules: each violation with the elements it found. `include`
 * narrows the check to a part of the page; `exclude` leaves parts out (named where it is called).
 */
export async function axeViolations(page: Page, { include, exclude = [] }: { include?: string; exclude?: string[] } = {}): Promise<string[]> {
  // Fade-ins (Strapi's home page widgets, popovers) would be read as low contrast half-way.
  await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => undefined))));
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    async ({ tags, include, exclude }) => {
      const context =
        include || exclude.length ? { include: include ? [[include]] : [document], exclude: exclude.map((selector) => [selector]) } : document;
      const result = await (window as any).axe.run(context, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return result.violations.map((v: any) => `${v.id}: ${v.help} — ${v.nodes.map((n: any) => `${n.target.join(' ')}${n.any?.[0]?.message ? ` (${n.any[0].message})` : ''}`).slice(0, 5).join(' | ')}`);
    },
    { tags: WCAG_21_AA, include, exclude },
  );
}
