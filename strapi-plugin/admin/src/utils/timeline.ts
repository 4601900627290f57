import type { ProfileDetail360 } from '@civic-dialog/contracts';

/**
 * The steps a later feature's section item may record, each as `<step>At` (registrations:
 * created, confirmed, waitlisted, cancelled, attended; survey responses: created, confirmed;
 * newsletters: sent, unsubscribed). Each step with a date is one row of the timeline.
 */
const STEPS = ['created', 'submitted', 'registered', 'confirmed', 'waitlisted', 'promoted', 'cancelled', 'attended', 'sent', 'unsubscribed'];
/** Where an item without any of those steps keeps its date. */
const FALLBACK_DATE_KEYS = ['at', 'updatedAt'];
/** Where an item keeps its human-readable name (a newsletter's subject before its slug). */
const LABEL_KEYS = ['label', 'title', 'name', 'subject', 'event', 'survey', 'question', 'newsletter'];

export interface TimelineRow {
  at: string;
  /** A core timeline type or the key of a later feature's section (e.g. `registrations`). */
  type: string;
  /** What happened: a core action, or a section item's step (`confirmed`) or status. */
  action: string | null;
  label: string | null;
}

/**
 * The server's merged timeline plus every dated step of the items later features add
 * (registrations, survey responses, newsletters received, …), newest first. Sections are read
 * generically — dated steps and a name from the usual keys — so a new feature shows up without
 * changes here; its words come from the translations (`timeline.type.<section>`,
 * `timeline.action.<section>.<step>`).
 */
export function timelineRows(detail: Pick<ProfileDetail360, 'timeline' | 'sections'>): TimelineRow[] {
  const rows: TimelineRow[] = detail.timeline.map((entry) => ({ ...entry }));
  for (const [section, value] of Object.entries(detail.sections ?? {})) {
    const items: unknown[] = Array.isArray(value) ? value : [value];
    for (const item of items) rows.push(...sectionRows(section, item));
  }
  return rows.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}

const isDate = (value: unknown): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value));

function sectionRows(section: string, item: unknown): TimelineRow[] {
  if (!item || typeof item !== 'object') return [];
  const record = item as Record<string, unknown>;
  const label = LABEL_KEYS.map((key) => nameOf(record[key])).find(Boolean) ?? null;
  const steps = STEPS.flatMap((step) => {
    const at = record[`${step}At`];
    return isDate(at) ? [{ at, type: section, action: step, label }] : [];
  });
  if (steps.length) return steps;
  const at = FALLBACK_DATE_KEYS.map((key) => record[key]).find(isDate);
  return at ? [{ at, type: section, action: typeof record.status === 'string' ? record.status : null, label }] : [];
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
