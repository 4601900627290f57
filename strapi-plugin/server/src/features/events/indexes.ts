import { EVENTS_TABLE } from './tables';
import type { IndexSpec } from '../../kernel/db';

/** Indexes of the event and registration tables. */
export const EVENT_INDEXES: IndexSpec[] = [
  { name: 'civic_dialog_registrations_event_status_ix', table: EVENTS_TABLE.registration, columns: ['event_id', 'status', 'created_at'] },
  { name: 'civic_dialog_registrations_profile_event_ix', table: EVENTS_TABLE.registration, columns: ['profile_id', 'event_id'] },
  { name: 'civic_dialog_events_event_status_start_ix', table: EVENTS_TABLE.event, columns: ['event_status', 'starts_at'] },
  { name: 'civic_dialog_events_slug_uq', table: EVENTS_TABLE.event, columns: ['slug'], unique: true },
];
