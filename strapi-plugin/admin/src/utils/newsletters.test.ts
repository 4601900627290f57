import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

import { NEWSLETTER_PROBLEMS as CONTRACT_PROBLEMS } from '@civic-dialog/contracts';

import de from '../translations/de.json';
import {
  NEWSLETTER_PROBLEMS,
  NEWSLETTER_REFUSALS,
  newsletterProblemsOf,
  newsletterProblemText,
  parseSchedule,
  parseTestAddresses,
  pausedReasonText,
  progressOf,
  refusalOf,
  toLocalInputValue,
} from './newsletters';

describe('test send addresses', () => {
  it('takes addresses separated by commas, semicolons, spaces or lines, once each', () => {
    expect(parseTestAddresses(' a@musterstadt.example, b@musterstadt.example;\na@musterstadt.example ')).toEqual({
      emails: ['a@musterstadt.example', 'b@musterstadt.example'],
    });
  });

  it('asks for an address when none was typed', () => {
    expect(parseTestAddresses(' , ').problem).toBe('none');
  });

  it('refuses more than five addresses', () => {
    const six = Array.from({ length: 6 }, (_, i) => `p${i}@musterstadt.example`).join(',');
    expect(parseTestAddresses(six).problem).toBe('tooMany');
  });

  it('names the first address that is not an email address', () => {
    expect(parseTestAddresses('a@musterstadt.example, kein-at.example')).toEqual({
      emails: ['a@musterstadt.example', 'kein-at.example'],
      problem: 'invalid',
      invalid: 'kein-at.example',
    });
  });
});

describe('schedule', () => {
  const inMinutes = (minutes: number) => toLocalInputValue(new Date(Date.now() + minutes * 60_000));

  it('turns the local date and time into an ISO instant', () => {
    const local = inMinutes(90);
    expect(parseSchedule(local)).toEqual({ scheduledAt: new Date(local).toISOString() });
  });

  it('refuses an empty field, a time in the past and one more than a year ahead', () => {
    expect(parseSchedule('').problem).toBe('missing');
    expect(parseSchedule(inMinutes(-10)).problem).toBe('past');
    expect(parseSchedule(inMinutes(367 * 24 * 60)).problem).toBe('tooFar');
  });
});

describe('progress', () => {
  it('counts sent, failed and uncertain recipients as done', () => {
    expect(progressOf({ recipients: 5000, sent: 1234, failed: 10, uncertain: 6 })).toEqual({ done: 1250, total: 5000, percent: 25 });
  });

  it('is 0 % for a send without recipients (no division by zero)', () => {
    expect(progressOf({ recipients: 0, sent: 0, failed: 0, uncertain: 0 }).percent).toBe(0);
  });
});

describe('refused newsletter actions in the editor’s language', () => {
  it('names each refusal by the reason the server gives, else by status or the refused field', () => {
    expect(refusalOf(409, { details: { reason: 'approval-required' } })).toBe('approval-required');
    expect(refusalOf(403, { details: { reason: 'own-version' } })).toBe('own-version');
    expect(refusalOf(404, { details: {} })).toBe('not-found');
    expect(refusalOf(429, { details: { retryAfter: 30 } })).toBe('too-many-tests');
    expect(refusalOf(400, { details: { errors: [{ path: ['emails', '0'] }] } })).toBe('invalid-emails');
    expect(refusalOf(400, { details: { errors: [{ path: ['scheduledAt'] }] } })).toBe('invalid-schedule');
    // Not one the panel knows: it shows the server's words.
    expect(refusalOf(409, { details: { reason: 'something-new' } })).toBeUndefined();
    expect(refusalOf(500, undefined)).toBeUndefined();
  });

  it('knows every reason the newsletter service gives', () => {
    const source = readFileSync(fileURLToPath(new URL('../../../server/src/features/newsletters/service.ts', import.meta.url)), 'utf8');
    const reasons = [...new Set([...source.matchAll(/reason: '([a-z-]+)'/g)].map(([, reason]) => reason!))];
    expect(reasons.length).toBeGreaterThan(5);
    expect(reasons.filter((reason) => !(NEWSLETTER_REFUSALS as readonly string[]).includes(reason))).toEqual([]);
  });
});

describe('what keeps a newsletter from going out, in the editor’s language', () => {
  // The 400 the audience count and the send answer for a newsletter with only its two subjects.
  const onlySubjects = {
    details: {
      errors: [
        { path: ['blocks'], message: 'blocks is empty: add at least one block', name: 'ValidationError', code: 'no-content' },
        { path: ['audience', 'topics'], message: 'audience.topics choose at least one topic (the audience)', name: 'ValidationError', code: 'no-topics' },
      ],
    },
  };
  /** `t` as the German admin says it (ICU placeholders filled in). */
  const german = (id: string, values: Record<string, string | number> = {}) =>
    (de as Record<string, string>)[id]!.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name]));

  it('names each problem of a 400 by its code, with the block as the editor counts', () => {
    expect(newsletterProblemsOf(400, onlySubjects)).toEqual([
      { code: 'no-content', detail: 'blocks is empty: add at least one block' },
      { code: 'no-topics', detail: 'audience.topics choose at least one topic (the audience)' },
    ]);
    expect(newsletterProblemsOf(400, { details: { errors: [{ path: ['blocks', '2', 'alt'], message: 'x', code: 'alt-missing' }] } })).toEqual([
      { code: 'alt-missing', block: 3, detail: 'x' },
    ]);
  });

  it('says them in German: the topic and the content, a block by its number', () => {
    const texts = newsletterProblemsOf(400, onlySubjects)!.map((problem) => newsletterProblemText(german, problem));
    expect(texts).toEqual([
      'Der Newsletter hat noch keinen Inhalt: Fügen Sie mindestens einen Block hinzu (Text, Bild, Button, Artikel, Veranstaltungen oder Umfrage).',
      'Wählen Sie mindestens ein Thema: Es legt fest, wer den Newsletter erhält.',
    ]);
    expect(newsletterProblemText(german, { code: 'text-empty', block: 2, detail: '' })).toBe('Block 2: Der Textblock ist leer.');
  });

  it('keeps the server’s words for a problem it has no code for, next to the known ones', () => {
    const mixed = { details: { errors: [...onlySubjects.details.errors, { path: ['blocks', '0', 'count'], message: 'blocks.0.count too small', code: 'too_small' }] } };
    const problems = newsletterProblemsOf(400, mixed)!;
    expect(problems[2]).toEqual({ block: 1, detail: 'blocks.0.count too small' });
    expect(newsletterProblemText(german, problems[2]!)).toBe('blocks.0.count too small');
  });

  it('is no newsletter problem when the 400 names a request field, or the refusal is no 400', () => {
    expect(newsletterProblemsOf(400, { details: { errors: [{ path: ['emails', '0'], message: 'emails.0 is not valid', code: 'invalid_format' }] } })).toBeUndefined();
    expect(newsletterProblemsOf(409, onlySubjects)).toBeUndefined();
    expect(newsletterProblemsOf(400, undefined)).toBeUndefined();
    expect(newsletterProblemsOf(500, { details: 'x' })).toBeUndefined();
  });

  it('knows every code the server gives (the contracts’ list)', () => {
    expect([...NEWSLETTER_PROBLEMS]).toEqual([...CONTRACT_PROBLEMS]);
  });
});

describe('why a send is paused, in the editor’s language', () => {
  const germanText = (id: string, values: Record<string, string | number> = {}) =>
    Object.entries(values).reduce((text, [name, value]) => text.replace(`{${name}}`, String(value)), (de as Record<string, string>)[id] ?? id);
  const serverSource = ['service.ts', 'sender.ts']
    .map((file) => readFileSync(fileURLToPath(new URL(`../../../server/src/features/newsletters/${file}`, import.meta.url)), 'utf8'))
    .join('\n');

  it('says who paused it, and why the server paused it, in German', () => {
    expect(pausedReasonText(germanText, 'Paused by Petra Muster.')).toBe('Angehalten von Petra Muster.');
    expect(pausedReasonText(germanText, '5 mails in a row could not be handed to the SMTP server (last error: connect ECONNREFUSED).')).toBe(
      'Angehalten: 5 E-Mails nacheinander konnten nicht an den SMTP-Server übergeben werden (letzter Fehler: connect ECONNREFUSED).',
    );
    expect(pausedReasonText(germanText, 'The scheduled time passed while no server was sending (e.g. after a restart or a restored backup). Resume to send it now, or cancel it.')).toMatch(
      /^Angehalten: Der geplante Zeitpunkt ist verstrichen/,
    );
    expect(pausedReasonText(germanText, 'The scheduled send did not start: no topics')).toBe('Angehalten: Der geplante Versand konnte nicht beginnen (no topics).');
  });

  it('keeps a reason it does not know in the server’s words', () => {
    expect(pausedReasonText(germanText, 'Something else.')).toBe('Angehalten: Something else.');
  });

  it('reads the reasons the server writes (their English words are in its source)', () => {
    expect(serverSource).toContain('`Paused by ${adminName(admin)}.`');
    expect(serverSource).toContain('mails in a row could not be handed to the SMTP server (last error: ${message}).`');
    expect(serverSource).toContain("'The scheduled time passed while no server was sending");
    expect(serverSource).toContain('`The scheduled send did not start: ${error.message}`');
  });
});
