import type { AltchaChallenge, AltchaForm, AltchaFormsResponse } from '@civic-dialog/contracts';
import { CivicApiClient } from './api-client.js';
import type { CHECKING } from './altcha-solver.js';

/** What a form's request carries besides its fields: `altcha`, where the CMS protects the form. */
export interface BotProof {
  altcha?: string;
}

/** Per API: the forms the CMS protects (GET /altcha/forms), asked once per page, again after a failure. */
const protectedForms = new Map<string, Promise<readonly AltchaForm[]>>();

/**
 * ALTCHA bot protection: the town switches it on per form in the CMS (config altcha.forms), so the
 * widget asks which forms need it. Only then it loads the solver chunk (with the status texts it
 * passes to `solving`), fetches a challenge and solves it; elsewhere it costs one small GET per page.
 */
export async function botProof(api: string, form: AltchaForm, solving?: (status: typeof CHECKING) => void): Promise<BotProof> {
  const client = new CivicApiClient(api);
  let forms = protectedForms.get(api);
  if (!forms) {
    // Without an answer (an older CMS, no connection) the form goes without; the server decides.
    forms = client.send<AltchaFormsResponse>('GET', '/altcha/forms').then(({ data }) => data.forms, () => (protectedForms.delete(api), []));
    protectedForms.set(api, forms);
  }
  if (!(await forms).includes(form)) return {};
  const solver = await import('./altcha-solver.js');
  solving?.(solver.CHECKING);
  return { altcha: await solver.solve(await client.send<AltchaChallenge>('GET', '/altcha/challenge')) };
}
