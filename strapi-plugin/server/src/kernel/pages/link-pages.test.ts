import { describe, expect, it } from 'vitest';
import { resultKeysOf, signResult, verifyResult } from './link-pages';

const page = { lang: 'de' as const, title: 'Anmeldung bestätigt', paragraphs: ['Bis bald: Infoabend Radverkehr.'], tone: 'success' as const };

describe('the outcome of a form post on a mail-link page (Post/Redirect/Get)', () => {
  it('comes back as it was signed, under any of the app keys (key rotation)', () => {
    const signed = signResult(resultKeysOf(['new-key', 'old-key']), { status: 200, page });
    expect(verifyResult(resultKeysOf(['new-key']), signed)).toEqual({ status: 200, page });
    expect(verifyResult(resultKeysOf(['newer-key', 'new-key']), signed)).toEqual({ status: 200, page });
    const refusal = signResult(resultKeysOf(['k']), { status: 409, page: { ...page, tone: 'error' } });
    expect(verifyResult(resultKeysOf(['k']), refusal)?.status).toBe(409);
  });

  it('is refused when forged, changed, signed with another key or malformed: nobody makes the town say something else', () => {
    const keys = resultKeysOf(['app-key']);
    const signed = signResult(keys, { status: 200, page });
    const [body, mac] = signed.split('.');
    const forgedBody = Buffer.from(JSON.stringify({ s: 200, l: 'de', t: 'Bitte Passwort eingeben', p: [], o: 'info' })).toString('base64url');
    for (const value of [
      `${forgedBody}.${mac}`,
      `${body}.${Buffer.alloc(16).toString('base64url')}`,
      signResult(resultKeysOf(['other-key']), { status: 200, page }),
      body,
      `${signed}.extra`,
      '',
      ['a', 'b'],
      undefined,
    ]) {
      expect(verifyResult(keys, value), String(value)).toBeNull();
    }
  });
});
