import { describe, expect, it } from 'vitest';

import { timelineRows } from './timeline';

describe('profile timeline', () => {
  it('merges the server timeline with dated items of later features, newest first', () => {
    const rows = timelineRows({
      timeline: [
        { at: '2026-03-12T13:05:00.000Z', type: 'consent', action: 'confirmed', label: 'abfall' },
        { at: '2026-03-12T13:03:00.000Z', type: 'profile', action: 'created', label: null },
      ],
      sections: {
        registrations: [
          { createdAt: '2026-04-01T10:00:00.000Z', status: 'waitlisted', event: { title: 'Bürgerabend Radwege' } },
          { note: 'no date, not shown' },
        ],
        surveyResponses: { submittedAt: '2026-03-20T08:00:00.000Z', survey: 'Spielplatz Nord' },
        tokens: 'not a list of items',
      },
    });
    expect(rows).toEqual([
      { at: '2026-04-01T10:00:00.000Z', type: 'registrations', action: 'waitlisted', label: 'Bürgerabend Radwege' },
      { at: '2026-03-20T08:00:00.000Z', type: 'surveyResponses', action: null, label: 'Spielplatz Nord' },
      { at: '2026-03-12T13:05:00.000Z', type: 'consent', action: 'confirmed', label: 'abfall' },
      { at: '2026-03-12T13:03:00.000Z', type: 'profile', action: 'created', label: null },
    ]);
  });
});
