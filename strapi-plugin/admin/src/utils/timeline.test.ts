import { describe, expect, it } from 'vitest';

import { timelineRows } from './timeline';

describe('profile timeline', () => {
  it('merges the server timeline with each dated step of later features, newest first', () => {
    const rows = timelineRows({
      timeline: [
        { at: '2026-03-12T13:05:00.000Z', type: 'consent', action: 'confirmed', label: 'Abfall & Recycling' },
        { at: '2026-03-12T13:03:00.000Z', type: 'profile', action: 'created', label: null },
      ],
      sections: {
        registrations: [
          {
            createdAt: '2026-04-01T10:00:00.000Z',
            waitlistedAt: '2026-04-01T10:05:00.000Z',
            cancelledAt: null,
            status: 'waitlisted',
            event: { title: 'Bürgerabend Radwege', startsAt: '2026-05-01T17:00:00.000Z' },
          },
          { note: 'no date, not shown' },
        ],
        surveyResponses: { createdAt: '2026-03-20T08:00:00.000Z', confirmedAt: '2026-03-20T08:10:00.000Z', survey: { slug: 'spielplatz', title: 'Spielplatz Nord' } },
        newsletters: [
          { newsletter: 'kulturherbst', subject: 'Kulturherbst in Musterstadt', status: 'sent', sentAt: '2026-03-25T09:00:00.000Z', unsubscribedAt: null },
          { newsletter: 'geloescht', subject: null, status: 'failed', sentAt: null },
        ],
        notes: { updatedAt: '2026-03-01T00:00:00.000Z', status: 'kept', label: 'Notiz' },
        tokens: 'not a list of items',
      },
    });
    expect(rows).toEqual([
      { at: '2026-04-01T10:05:00.000Z', type: 'registrations', action: 'waitlisted', label: 'Bürgerabend Radwege' },
      { at: '2026-04-01T10:00:00.000Z', type: 'registrations', action: 'created', label: 'Bürgerabend Radwege' },
      { at: '2026-03-25T09:00:00.000Z', type: 'newsletters', action: 'sent', label: 'Kulturherbst in Musterstadt' },
      { at: '2026-03-20T08:10:00.000Z', type: 'surveyResponses', action: 'confirmed', label: 'Spielplatz Nord' },
      { at: '2026-03-20T08:00:00.000Z', type: 'surveyResponses', action: 'created', label: 'Spielplatz Nord' },
      { at: '2026-03-12T13:05:00.000Z', type: 'consent', action: 'confirmed', label: 'Abfall & Recycling' },
      { at: '2026-03-12T13:03:00.000Z', type: 'profile', action: 'created', label: null },
      // An item without known steps is shown once, at its date, with its status.
      { at: '2026-03-01T00:00:00.000Z', type: 'notes', action: 'kept', label: 'Notiz' },
    ]);
  });
});
