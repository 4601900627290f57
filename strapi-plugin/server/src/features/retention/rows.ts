import { z } from 'zod';
import { EVENTS_TABLE } from '../events';
import { RETENTION_TABLE } from './tables';
import { SURVEYS_TABLE } from '../surveys';
import { col, rowsOf, type RowOf } from '../../kernel/db';

/** civic_dialog_retention_runs: one row per day the job ran, with its counts per rule. */
export const retentionRunRows = rowsOf(
  RETENTION_TABLE.retentionRun,
  z.object({
    id: col.int,
    day: col.text,
    startedAt: col.time,
    finishedAt: col.timeOrNull,
    counts: col.json(z.record(z.string(), z.number()).nullable()),
  }),
);
export type RetentionRunRow = RowOf<typeof retentionRunRows>;

/** The ids a rule selects for one batch (each rule's query names its id column `id`). */
export const candidateIds = rowsOf('a retention rule', z.object({ id: col.int }));

/** A citizen's rows that a rule will delete, with what dates their deletion (the export's deletion dates). */
export const dueRegistrations = rowsOf(
  EVENTS_TABLE.registration,
  z.object({ status: col.text, createdAt: col.time, eventTitle: col.textOrNull, eventEndsAt: col.timeOrNull, eventStartsAt: col.timeOrNull }),
);
export const dueSurveyResponses = rowsOf(SURVEYS_TABLE.surveyResponse, z.object({ createdAt: col.time, surveyTitle: col.textOrNull }));
export const latestTimes = rowsOf('a citizen\'s latest rows', z.object({ latest: col.timeOrNull }));
