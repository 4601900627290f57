import { afterAll, beforeAll, expect, it } from 'vitest';
import { startJourney, type Journey } from '../support/journey';

// Issue 10, item 13 (widget side): the town protects its signup form with ALTCHA in the CMS; the
// widget on the town website finds out by itself, loads the solver chunk from the CMS, solves the
// real server's challenge under the website's strict CSP, and the server accepts the solution.

let journey: Journey;

beforeAll(async () => {
  journey = await startJourney({
    CIVIC_ALTCHA_FORMS: 'signup',
    // The real work per try (PBKDF2 with 5,000 iterations), but fewer tries than in production.
    CIVIC_ALTCHA_COST: '5000',
    CIVIC_ALTCHA_MAX_COUNTER: '1000',
  });
});

afterAll(async () => {
  await journey?.stop();
});

it('a citizen subscribes on a page whose signup the town protects with ALTCHA: the widget solves the check, says so, and the server accepts it', async () => {
  const email = 'altcha.e2e@example.org';
  const page = await journey.browser.newPage();
  journey.watchCsp(page);
  const loaded: string[] = [];
  page.on('response', (response) => loaded.push(new URL(response.url()).pathname));
  const signupBodies: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith('/api/civic-dialog/signups')) signupBodies.push(request.postData() ?? '');
  });

  await page.goto(`${journey.website.url}/newsletter.html`);
  const widget = page.locator('civic-signup');
  await widget.getByRole('checkbox', { name: 'Abfall & Recycling' }).check();
  await widget.getByRole('textbox', { name: /E-Mail/i }).fill(email);
  await widget.getByRole('checkbox', { name: /willige ein/i }).check();
  expect(loaded.some((path) => path.endsWith('/altcha-solver.js')), 'nothing of ALTCHA before the citizen sends').toBe(false);

  // Every text the live region shows from now on (evaluate runs outside the page's CSP).
  await page.evaluate(() => {
    const root = document.querySelector('civic-signup')!.shadowRoot!;
    const seen: string[] = ((window as unknown as { statuses: string[] }).statuses = []);
    new MutationObserver(() => {
      const text = root.querySelector('[role="status"]')?.textContent?.trim();
      if (text && seen.at(-1) !== text) seen.push(text);
    }).observe(root, { subtree: true, childList: true, characterData: true });
  });
  await widget.getByRole('button', { name: /anmelden|abonnieren/i }).click();
  const success = widget.getByRole('heading', { name: /E-Mail|Postfach|bestätigen/i });
  await expect.poll(() => success.isVisible(), { timeout: 60_000 }).toBe(true);

  expect(await page.evaluate(() => (window as unknown as { statuses: string[] }).statuses)).toContain('Sicherheitsprüfung läuft …');
  expect(loaded.some((path) => path.endsWith('/api/civic-dialog/widgets/altcha-solver.js'))).toBe(true);
  expect(signupBodies).toHaveLength(1);
  expect(JSON.parse(signupBodies[0]!).altcha).toEqual(expect.any(String));
  // The server verified the solution and keeps it as used; the signup went on to its mail.
  expect(await journey.app.strapi.db.query('plugin::civic-dialog.altcha-solution' as any).count()).toBe(1);
  const [doi] = await journey.app.mail.waitFor(email);
  expect(doi!.subject).toMatch(/bestätigen/i);
  expect(journey.cspViolations).toEqual([]);
});
