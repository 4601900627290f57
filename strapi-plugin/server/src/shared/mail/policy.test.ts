import { describe, expect, it } from 'vitest';
import { MESSAGE_KINDS } from '@civic-dialog/contracts';
import { refusalReason, retryDelayMs, type Recipient } from './policy';
import { isMailKind } from './renderer';
// The subscription feature's real templates (tests may cross the layers; see .dependency-cruiser.cjs).
import { registerSubscriptionMails } from '../../features/subscriptions/mails/extension';

const active: Recipient = { id: 7, email: 'erika@example.org', status: 'active' };
const pending: Recipient = { ...active, status: 'pending' };

describe('who may get which mail (invariant 1)', () => {
  it('sends a newsletter only to an active profile whose double opt-in is confirmed', () => {
    expect(refusalReason('newsletter', active, 'confirmed')).toBeNull();
    expect(refusalReason('newsletter', pending, null)).toMatch(/no confirmed double opt-in/);
    expect(refusalReason('newsletter', active, null)).toMatch(/no confirmed double opt-in/);
    expect(refusalReason('newsletter', active, 'withdrawn')).toMatch(/last consent withdrawn/);
    expect(refusalReason('newsletter', { ...active, status: 'unsubscribed' }, 'confirmed')).toMatch(/status unsubscribed/);
  });

  it('sends the confirmation mail to a pending profile: it is transactional', () => {
    expect(refusalReason('doi', pending, null)).toBeNull();
    expect(refusalReason('event-confirm', pending, null)).toBeNull();
  });

  it('knows no mail kind that renders the newsletter without its consent check (the old `event` kind)', () => {
    registerSubscriptionMails();
    expect(isMailKind('newsletter')).toBe(true);
    expect(isMailKind('event')).toBe(false);
    expect(MESSAGE_KINDS).not.toContain('event');
  });

  it('does not welcome someone who unsubscribed before the welcome went out', () => {
    expect(refusalReason('welcome', active, null)).toBeNull();
    expect(refusalReason('welcome', { ...active, status: 'unsubscribed' }, null)).toMatch(/no longer subscribed/);
  });

  it('mails nobody whose profile is gone or erased', () => {
    expect(refusalReason('doi', null, null)).toMatch(/erased/);
    expect(refusalReason('doi', { ...pending, status: 'erased' }, null)).toMatch(/erased/);
    expect(refusalReason('doi', { ...pending, email: null }, null)).toMatch(/erased/);
  });
});

describe('retry backoff', () => {
  it('doubles per failed attempt and stops growing at one hour', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, 60))).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(retryDelayMs(20, 60)).toBe(3_600_000);
  });
});
