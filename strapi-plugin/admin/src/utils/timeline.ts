import type { ProfileDetail360 } from '@civic-dialog/contracts';

/** Where a later feature's section item keeps its date and its human-readable name. */
const DATE_KEYS = ['at', 'createdAt', 'submittedAt', 'registeredAt', 'updatedAt'];
const LABEL_KEYS = ['label', 'title', 'name', 'subject', 'event', 'survey', 'question'];

export interface TimelineRow {
  at: string;
  /** A core timeline type or the key of a later feature's section (e.g. `registrations`). */
  type: string;
  action: string | null;
  label: string | null;
}

/**
 * The server's merged timeline plus every dated item of the sections later features add
 * (registrations, survey answers, …), newest first. Sections are read generically: a date and a
 * name from the usual keys, so a new feature shows up without changes here.
 */
export function timelineRows(detail: Pick<ProfileDetail360, 'timeline' | 'sections'>): TimelineRow[] {
  const rows: TimelineRow[] = detail.timeline.map((entry) => ({ ...entry }));
  for (const [section, value] of Object.entries(detail.sections ?? {})) {
    const items: unknown[] = Array.isArray(value) ? value : [value];
    for (const item of items) {
      const row = sectionRow(section, item);
      if (row) rows.push(row);
    }
  }
  return rows.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}

function sectionRow(section: string, item: unknown): TimelineRow | null {
  if (!item || typeof item !== 'object') return null;
  const record = item as Record<string, unknown>;
  const at = DATE_KEYS.map((key) => record[key]).find(
    (value): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value)),
  );
  if (!at) return null;
  const label = LABEL_KEYS.map((key) => nameOf(record[key])).find(Boolean) ?? null;
  return { at, type: section, action: typeof record.status === 'string' ? record.status : null, label };
}

/** A string, or the title/name of a nested object such as `{ event: { title } }`. */
function nameOf(value: unknown): string | null {
  if (typeof value === 'string' && value) return value;
  if (value && typeof value === 'object') {
    const nested = value as Record<string, unknown>;
    for (const key of ['title', 'name', 'label']) if (typeof nested[key] === 'string' && nested[key]) return nested[key] as string;
  }
  return null;
}
