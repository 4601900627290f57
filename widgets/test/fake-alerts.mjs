/**
 * The alert route of the fake Civic Dialog API (`GET /alerts`), as one pure function.
 * Scenarios: `ok` (a warning in both languages, a danger in German only), `new-alert` (none at
 * first, one from the second look on), `down` (the server fails); any other: no alerts.
 */
const waterMain = {
  id: 7,
  severity: 'warning',
  shortText: { de: 'Wasserrohrbruch: Leitungswasser bitte abkochen.', en: 'Burst water main: please boil tap water.' },
  area: { wholeTown: false, districts: ['Nord'], postalCodes: ['12345'] },
  sentAt: '2030-05-04T08:00:00.000Z',
  validUntil: '2030-05-05T18:00:00.000Z',
};
const storm = {
  id: 8,
  severity: 'danger',
  shortText: { de: 'Unwetter: Parks gesperrt.', en: null },
  area: { wholeTown: true, districts: [], postalCodes: [] },
  sentAt: '2030-05-04T09:00:00.000Z',
  validUntil: '2030-05-04T22:00:00.000Z',
};

export function alertsAnswer({ scenario, asked }) {
  if (scenario === 'down') return { status: 500, body: { data: null, error: { status: 500, name: 'InternalServerError', message: 'Internal Server Error', details: {} } } };
  if (scenario === 'ok') return { status: 200, body: { data: [storm, waterMain] } };
  if (scenario === 'new-alert') return { status: 200, body: { data: asked > 1 ? [waterMain] : [] } };
  return { status: 200, body: { data: [] } };
}
