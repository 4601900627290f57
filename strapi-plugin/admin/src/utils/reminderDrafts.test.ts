import { describe, expect, it } from 'vitest';

import { newReminder, reminderProblems, remindersFromStored, remindersToStored } from './reminderDrafts';

const amounts = (value: unknown) => remindersFromStored(value).map(({ amount, unit }) => `${amount} ${unit}`);

describe('event reminders ⇄ stored minutes', () => {
  it('shows each offset in the largest unit that divides it, and stores minutes again', () => {
    expect(amounts([1440, 120, 90, 2880])).toEqual(['1 days', '2 hours', '90 minutes', '2 days']);
    expect(remindersToStored(remindersFromStored([1440, 120, 90]))).toEqual([1440, 120, 90]);
    expect(amounts('[60]')).toEqual(['1 hours']);
  });

  it('reads nothing, or what is not a list of numbers, as no reminders', () => {
    expect(amounts(null)).toEqual([]);
    expect(amounts('{oops')).toEqual([]);
    expect(amounts(['x', 30])).toEqual(['30 minutes']);
  });

  it('a new reminder is a day before', () => {
    expect(remindersToStored([newReminder()])).toEqual([1440]);
  });
});

describe("the contract's problems per reminder", () => {
  const drafts = (...list: Array<[string, 'days' | 'hours' | 'minutes']>) => list.map(([amount, unit]) => ({ ...newReminder(), amount, unit }));

  it('none for valid reminders', () => {
    expect(reminderProblems(drafts(['1', 'days'], ['2', 'hours']))).toEqual({ list: [], questions: [[], []] });
  });

  it('empty, zero, too early, not whole', () => {
    expect(reminderProblems(drafts(['', 'days'], ['0', 'hours'], ['31', 'days'], ['1.5', 'minutes'])).questions).toEqual([
      [{ field: 'amount', message: 'required' }],
      [{ field: 'amount', message: 'reminderTooSoon' }],
      [{ field: 'amount', message: 'reminderTooEarly', values: { days: 30 } }],
      [{ field: 'amount', message: 'wholeNumber' }],
    ]);
  });

  it('the same time twice (24 hours = 1 day), more than five', () => {
    // At the reminder that repeats an earlier one, so its input carries the message.
    expect(reminderProblems(drafts(['1', 'days'], ['24', 'hours'], ['2', 'hours']))).toEqual({
      list: [],
      questions: [[], [{ field: 'amount', message: 'reminderTwice' }], []],
    });
    const six = drafts(['1', 'days'], ['2', 'days'], ['3', 'days'], ['4', 'days'], ['5', 'days'], ['6', 'days']);
    expect(reminderProblems(six).list).toEqual([{ field: '', message: 'tooManyReminders', values: { max: 5 } }]);
  });
});
