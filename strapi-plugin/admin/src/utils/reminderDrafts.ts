import { EVENT_LIMITS, reminderOffsetsSchema } from '@civic-dialog/contracts';

import type { Problem, Problems } from './questionDrafts';
import { storedList } from './storedList';

/**
 * The event reminders' form (custom field reminder-offsets): the stored minutes before the start
 * ([1440, 60]) as amounts in days, hours or minutes, and the contract's complaints per reminder.
 * Pure, so it is unit tested; components/ReminderBuilder.tsx renders it.
 */

export const REMINDER_UNITS = { days: 1440, hours: 60, minutes: 1 } as const;
export type ReminderUnit = keyof typeof REMINDER_UNITS;

export interface ReminderDraft {
  /** React key, never stored. */
  key: string;
  /** As typed; '' or not a whole number is named by the contract. */
  amount: string;
  unit: ReminderUnit;
}

let nextKey = 0;
export const newReminder = (): ReminderDraft => ({ key: `r${++nextKey}`, amount: '1', unit: 'days' });

/** The largest unit that divides the minutes: 1440 → 1 day, 90 → 90 minutes. */
function draftOf(minutes: number): ReminderDraft {
  const unit = (Object.keys(REMINDER_UNITS) as ReminderUnit[]).find((candidate) => minutes % REMINDER_UNITS[candidate] === 0) ?? 'minutes';
  return { ...newReminder(), amount: String(minutes / REMINDER_UNITS[unit]), unit };
}

/** The drafts of a stored value (JSON text, a list of minutes, or nothing yet). */
export function remindersFromStored(value: unknown): ReminderDraft[] {
  return storedList(value)
    .filter((item): item is number => typeof item === 'number')
    .map(draftOf);
}

/** Minutes before the start, as the contract and the reminder job read them. */
export function remindersToStored(drafts: ReminderDraft[]): number[] {
  return drafts.map((draft) => (draft.amount.trim() === '' ? Number.NaN : Number(draft.amount) * REMINDER_UNITS[draft.unit]));
}

/** The contract's verdict: per reminder (`questions` holds one list per reminder) and about the list. */
export function reminderProblems(drafts: ReminderDraft[]): Problems {
  const result = reminderOffsetsSchema.safeParse(remindersToStored(drafts));
  const problems: Problems = { list: [], questions: drafts.map(() => []) };
  if (result.success) return problems;
  for (const issue of result.error.issues) {
    const [index] = issue.path;
    if (typeof index === 'number') {
      const problem: Problem =
        drafts[index]?.amount.trim() === ''
          ? { field: 'amount', message: 'required' }
          : issue.code === 'too_small'
          ? { field: 'amount', message: 'reminderTooSoon' }
          : issue.code === 'too_big'
            ? { field: 'amount', message: 'reminderTooEarly', values: { days: EVENT_LIMITS.reminderOffsetMinutes / 1440 } }
            : { field: 'amount', message: 'wholeNumber' };
      problems.questions[index]?.push(problem);
    } else if (issue.code === 'too_big') {
      problems.list.push({ field: '', message: 'tooManyReminders', values: { max: EVENT_LIMITS.reminderOffsets } });
    } else {
      // The contract names the list; the message belongs to the input that repeats an earlier time.
      const stored = remindersToStored(drafts);
      stored.forEach((minutes, at) => {
        if (Number.isFinite(minutes) && stored.indexOf(minutes) < at) problems.questions[at]?.push({ field: 'amount', message: 'reminderTwice' });
      });
    }
  }
  return problems;
}
