import { describe, expect, it } from 'vitest';
import { mailboxKey, normaliseEmail } from './email';

describe('email normalisation', () => {
  it('one citizen is one address however it is typed', () => {
    expect(normaliseEmail('  Erika.Mustermann@Example.ORG ')).toBe('erika.mustermann@example.org');
    expect(normaliseEmail('erika.mustermann@example.org')).toBe(normaliseEmail('ERIKA.MUSTERMANN@EXAMPLE.ORG'));
  });

  it('counts spellings of one mailbox as one: case, plus-tags, and dots where the provider ignores them', () => {
    const gmail = ['Erika.Muster@gmail.com', 'erikamuster+news@gmail.com', 'e.r.i.k.a.muster@googlemail.com', ' ERIKAMUSTER+x@GMAIL.COM'];
    expect(new Set(gmail.map(mailboxKey))).toEqual(new Set(['erikamuster@gmail.com']));
    expect(mailboxKey('Max.Muster+rathaus@Example.org')).toBe('max.muster@example.org');
    expect(mailboxKey('max.muster@example.org')).not.toBe(mailboxKey('maxmuster@example.org'));
    expect(mailboxKey('+only@example.org')).toBe('+only@example.org');
  });
});
