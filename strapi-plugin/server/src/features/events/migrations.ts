import type { Knex } from 'knex';
import type { Strapi } from '../../kernel/types';
import { EVENTS_TABLE } from './tables';

/**
 * The event's `status` became `eventStatus`: Strapi 5's content manager reads `status` in a saved
 * body as draft/published and refused every save of an event with 400 "Invalid status". Releases
 * before wrote the column `status`; this carries it over (cancelled events stay cancelled). Strapi
 * runs its migrations before it syncs the schema, so the sync finds the column already renamed
 * instead of dropping `status` and adding an empty `event_status` with its default.
 */
const renameEventStatus = {
  name: 'civic-dialog-01-event-status-column',
  async up(knex: Knex) {
    const table = EVENTS_TABLE.event;
    if (!(await knex.schema.hasTable(table))) return; // a new installation: the sync creates it
    if (!(await knex.schema.hasColumn(table, 'status')) || (await knex.schema.hasColumn(table, 'event_status'))) return;
    // Named after the old column; bootstrap creates its successor (indexes.ts) on the new one.
    await knex.raw('DROP INDEX IF EXISTS "civic_dialog_events_status_start_ix"');
    await knex.raw(`ALTER TABLE "${table}" RENAME COLUMN "status" TO "event_status"`);
  },
  async down() {
    throw new Error('civic-dialog: renaming event_status back to status is not supported');
  },
};

/** Runs at register, before Strapi's migrations and schema sync (the way Strapi's own plugins add theirs). */
export function registerEventMigrations(strapi: Strapi): void {
  strapi.db.migrations.providers.internal.register(renameEventStatus);
}
