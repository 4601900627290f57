import { expect } from '@open-wc/testing';
import { formatDateTime, formatDateTimeRange } from './date-format.js';

describe('formatDateTimeRange', () => {
  it('shows the time in the event’s time zone, not the reader’s, with the zone named', () => {
    // 17:00 UTC in March is 18:00 in Berlin (CET) and 13:00 in New York (EDT).
    const berlin = formatDateTimeRange('de', '2030-03-22T17:00:00Z', '2030-03-22T19:30:00Z', 'Europe/Berlin');
    expect(berlin).to.contain('Freitag, 22. März 2030');
    expect(berlin).to.match(/18:00\s*–\s*20:30/);
    expect(berlin).to.contain('MEZ');
    const newYork = formatDateTimeRange('en', '2030-03-22T17:00:00Z', '2030-03-22T19:30:00Z', 'America/New_York');
    expect(newYork).to.contain('Friday, March 22, 2030');
    expect(newYork).to.match(/1:00\s*–\s*3:30\s*PM EDT/);
  });

  it('repeats the date only when the span crosses midnight', () => {
    const overnight = formatDateTimeRange('de', '2030-07-05T20:00:00Z', '2030-07-06T01:00:00Z', 'Europe/Berlin');
    expect(overnight).to.contain('5. Juli 2030');
    expect(overnight).to.contain('6. Juli 2030');
  });
});

describe('formatDateTime', () => {
  it('formats one instant in the given zone and language', () => {
    expect(formatDateTime('en', '2030-03-20T22:59:00Z', 'Europe/Berlin')).to.contain('Wednesday, March 20, 2030 at 11:59 PM');
  });
});
