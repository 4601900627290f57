import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';

export interface AdminCredentials {
  email: string;
  password: string;
}

/**
 * The super admin every test app gets: startApp() asks the demo seed for it (DEMO_ADMIN=1) with a
 * password made for this test process, as `pnpm start` does with the one it keeps in demo-site/.env.
 */
export const TEST_ADMIN: AdminCredentials = {
  email: 'admin@musterstadt.example',
  password: `Test-${randomBytes(12).toString('base64url')}`,
};

/** Logs in to Strapi's admin API (as the test app's admin unless told otherwise); returns the JWT. */
export async function adminToken(baseUrl: string, credentials: AdminCredentials = TEST_ADMIN): Promise<string> {
  const res = await fetch(`${baseUrl}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: credentials.email, password: credentials.password }),
  });
  const body = (await res.json()) as any;
  if (res.status !== 200) throw new Error(`admin login of ${credentials.email}: ${res.status} ${JSON.stringify(body)}`);
  return body.data.token;
}

/** Requests to the plugin's admin routes (/civic-dialog/…) with an admin's token. */
export function pluginAdminApi(baseUrl: string, token: string) {
  return (path: string, init: RequestInit = {}) =>
    fetch(`${baseUrl}/civic-dialog${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
    });
}

/** Logs in to the admin panel in the browser (as the test app's admin unless told otherwise), like an editor would. */
export async function logInToAdminPanel(page: Page, baseUrl: string, credentials: AdminCredentials = TEST_ADMIN): Promise<void> {
  await page.goto(`${baseUrl}/admin/auth/login`);
  await page.getByLabel(/e-?mail/i).fill(credentials.email);
  await page.getByLabel(/password|passwort/i).first().fill(credentials.password);
  await page.getByRole('button', { name: /login|anmelden/i }).click();
  await page.waitForURL(/\/admin(?!\/auth)/);
}
