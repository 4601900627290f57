import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyDsn, InvalidReportError, parseProviderJson, parseRawReport } from './parse';

const VERP = 'bounces+m2n-0123456789abcdef@bounces.musterstadt.example';
const RECIPIENT = 'anna.beispiel@mail-provider.example';
const shape = { localPart: 'bounces', domain: 'bounces.musterstadt.example' };
/** A sample from fixtures/ with the return path and recipient filled in. */
export const sample = (name: string, verp = VERP, recipient = RECIPIENT) =>
  readFileSync(join(__dirname, 'fixtures', name), 'utf8').replaceAll('{{VERP}}', verp).replaceAll('{{RECIPIENT}}', recipient);

describe('DSN and ARF samples', () => {
  it.each([
    ['postfix-hard.eml', 'hard', '5.1.1', /User unknown in virtual mailbox table/],
    ['outlook-hard.eml', 'hard', '5.5.0', /mailbox unavailable/],
    ['exim-delayed.eml', 'soft', '4.2.2', /Mailbox full/],
    ['gmail-over-quota.eml', 'soft', '4.2.2', /out of storage space/],
  ])('%s → %s', async (file, kind, status, reason) => {
    const [report, ...more] = await parseRawReport(sample(file), shape, 'imap');
    expect(more).toEqual([]);
    expect(report).toMatchObject({ kind, statusCode: status, recipient: RECIPIENT, returnPaths: [VERP], source: 'imap' });
    expect(report!.reason).toMatch(reason);
    expect(report!.reportKey).toMatch(/^[0-9a-f]{64}$/);
  });

  it('an ARF report of a Yahoo-style feedback loop is a complaint', async () => {
    const [report] = await parseRawReport(sample('yahoo-arf.eml'), shape, 'imap');
    expect(report).toMatchObject({ kind: 'complaint', recipient: RECIPIENT, returnPaths: [VERP] });
    expect(report!.reason).toContain('abuse');
  });

  it('an old text bounce (qmail) is of unknown format, with its return path', async () => {
    const [report] = await parseRawReport(sample('qmail-unknown.eml'), shape, 'imap');
    expect(report).toMatchObject({ kind: 'unknown', recipient: null, returnPaths: [VERP], reason: 'failure notice' });
  });

  it('the same report gives the same key; another report another', async () => {
    const [first] = await parseRawReport(sample('postfix-hard.eml'), shape, 'imap');
    const [again] = await parseRawReport(sample('postfix-hard.eml'), shape, 'imap');
    const [other] = await parseRawReport(sample('outlook-hard.eml'), shape, 'imap');
    expect(again!.reportKey).toBe(first!.reportKey);
    expect(other!.reportKey).not.toBe(first!.reportKey);
  });

  it('a body without header lines is no message', async () => {
    await expect(parseRawReport('{"hello": 1}', shape, 'webhook:raw')).rejects.toBeInstanceOf(InvalidReportError);
  });

  it('classifies RFC 3464 actions and statuses', () => {
    expect(classifyDsn('failed', '5.1.1')).toBe('hard');
    expect(classifyDsn('failed', '5.2.2')).toBe('soft');
    expect(classifyDsn('delayed', '4.4.7')).toBe('soft');
    expect(classifyDsn('failed', '4.7.0')).toBe('soft');
    expect(classifyDsn('delivered', '2.0.0')).toBe('unknown');
    expect(classifyDsn(undefined, undefined)).toBe('unknown');
  });
});

describe('provider webhooks', () => {
  const json = (name: string) => JSON.parse(sample(name));

  it('Amazon SES through SNS: a permanent bounce is hard, with the VERP of mail.source', () => {
    const result = parseProviderJson(json('ses-bounce.json'), shape);
    expect(result).toMatchObject({ reports: [{ kind: 'hard', recipient: RECIPIENT, statusCode: '5.1.1', returnPaths: [VERP], source: 'webhook:ses' }] });
  });

  it('Amazon SES: a complaint', () => {
    expect(parseProviderJson(json('ses-complaint.json'), shape)).toMatchObject({ reports: [{ kind: 'complaint', recipient: RECIPIENT, returnPaths: [VERP] }] });
  });

  it('Amazon SNS: a subscription confirmation is acknowledged, not followed', () => {
    expect(parseProviderJson(json('ses-subscription-confirmation.json'), shape)).toMatchObject({ ignored: 'sns-subscription' });
  });

  it('Mailgun: a permanent failure is hard, with the envelope sender', () => {
    expect(parseProviderJson(json('mailgun-failed.json'), shape)).toMatchObject({
      reports: [{ kind: 'hard', recipient: RECIPIENT, statusCode: '5.1.1', returnPaths: [VERP], source: 'webhook:mailgun' }],
    });
  });

  it('Postmark: a hard bounce, matched by the address (Postmark keeps no return path)', () => {
    expect(parseProviderJson(json('postmark-bounce.json'), shape)).toMatchObject({ reports: [{ kind: 'hard', recipient: RECIPIENT, returnPaths: [] }] });
  });

  it.each([
    ['an array', []],
    ['an unknown object', { hello: 'world' }],
    ['an SNS notification with a broken Message', { Type: 'Notification', Message: '{' }],
    ['an SES bounce without recipients', { notificationType: 'Bounce', bounce: { bounceType: 'Permanent' }, mail: { source: VERP } }],
    ['a Mailgun event without recipient', { 'event-data': { event: 'failed' } }],
  ])('%s is refused', (_name, body) => {
    expect(() => parseProviderJson(body, shape)).toThrow(InvalidReportError);
  });
});
