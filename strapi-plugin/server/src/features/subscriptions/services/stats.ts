import { SUBSCRIBER_STATS_WEEKS, type SubscriberStats } from '@civic-dialog/contracts';
import type { Strapi } from '../../../kernel/types';
import { getConfig } from '../../../kernel/get-config';
import { atLocalHour, localDay } from '../../../kernel/time';
import { SHARED_TABLE } from '../../../shared/tables';
import { SUBSCRIPTIONS_TABLE } from '../tables';
import { ledgerWeekRows, topicWeekRows } from '../rows';

const DAY_MS = 86_400_000;

export interface Week {
  /** The Monday, YYYY-MM-DD in the time zone. */
  start: string;
  starts: Date;
  ends: Date;
}

/** The last `count` weeks (Monday 00:00 to the next Monday 00:00 in `timeZone`) up to the one holding `now`, oldest first. */
export function lastWeeks(now: Date, count: number, timeZone: string): Week[] {
  const today = localDay(now, timeZone);
  const monday = today.day - (today.weekday - 1) * DAY_MS;
  return Array.from({ length: count }, (_, index) => {
    const day = monday - (count - 1 - index) * 7 * DAY_MS;
    return { start: new Date(day).toISOString().slice(0, 10), starts: atLocalHour(day, 0, timeZone), ends: atLocalHour(day + 7 * DAY_MS, 0, timeZone) };
  });
}

/**
 * The dashboard's figures over time, set-based: the weeks are a VALUES table joined to the ledger
 * and to the subscriptions, so a week without activity is a row of zeros, and one query per figure
 * whatever the number of rows. Week boundaries are bound as Date parameters, as the Query Engine
 * writes times (SQLite: epoch ms; PostgreSQL: timestamptz), so the dialects compare like with like.
 */
const stats = ({ strapi }: { strapi: Strapi }) => ({
  async weekly(now = new Date()): Promise<SubscriberStats> {
    // The town's weeks: Monday 00:00 in its time zone (config timeZone).
    const { timeZone } = getConfig(strapi);
    const weeks = lastWeeks(now, SUBSCRIBER_STATS_WEEKS, timeZone);
    const knex = strapi.db.connection;
    const time = strapi.db.dialect.client === 'postgres' ? 'CAST(? AS timestamptz)' : '?';
    const values = weeks.map(() => `(CAST(? AS integer), ${time}, ${time})`).join(', ');
    const bindings = weeks.flatMap((week, index) => [index, week.starts, week.ends]);
    const weeksTable = `WITH weeks (week, starts, ends) AS (VALUES ${values})`;

    // People per week and action (signing up twice in a week is one signup).
    const ledger = ledgerWeekRows.many(
      rowsOfResult(
        await knex.raw(
          `${weeksTable}
           SELECT w.week,
             COUNT(DISTINCT CASE WHEN c.action = 'granted' THEN c.profile_id END) AS signups,
             COUNT(DISTINCT CASE WHEN c.action = 'confirmed' THEN c.profile_id END) AS confirmations,
             COUNT(DISTINCT CASE WHEN c.action = 'withdrawn' THEN c.profile_id END) AS unsubscribes
           FROM weeks w
           LEFT JOIN ${SHARED_TABLE.consent} c ON c.purpose = 'newsletter' AND c.created_at >= w.starts AND c.created_at < w.ends
           GROUP BY w.week
           ORDER BY w.week`,
          bindings,
        ),
      ),
    );

    // A subscription counts from its confirmation until it is withdrawn (an unsubscribe, a dropped topic).
    const perTopic = topicWeekRows.many(
      rowsOfResult(
        await knex.raw(
          `${weeksTable}
           SELECT t.slug, t.name_de AS name, w.week, COUNT(s.id) AS subscribers
           FROM ${SUBSCRIPTIONS_TABLE.topic} t
           CROSS JOIN weeks w
           LEFT JOIN ${SUBSCRIPTIONS_TABLE.subscription} s ON s.topic_id = t.id AND s.confirmed_at < w.ends
             AND (s.withdrawn_at IS NULL OR s.withdrawn_at >= w.ends)
           GROUP BY t.id, t.slug, t.name_de, t.sort_order, w.week
           ORDER BY CASE WHEN t.sort_order IS NULL THEN 1 ELSE 0 END, t.sort_order, t.name_de, t.id, w.week`,
          bindings,
        ),
      ),
    );

    const topics = new Map<string, SubscriberStats['topics'][number]>();
    for (const row of perTopic) {
      let topic = topics.get(row.slug);
      if (!topic) topics.set(row.slug, (topic = { slug: row.slug, name: row.name, subscribers: weeks.map(() => 0) }));
      topic.subscribers[row.week] = row.subscribers;
    }
    return {
      timeZone,
      weeks: weeks.map((week, index) => {
        const row = ledger.find((r) => r.week === index);
        return { start: week.start, signups: row?.signups ?? 0, confirmations: row?.confirmations ?? 0, unsubscribes: row?.unsubscribes ?? 0 };
      }),
      topics: [...topics.values()],
    };
  },
});

/** knex.raw answers an array (SQLite) or { rows } (PostgreSQL). */
function rowsOfResult(result: unknown): unknown[] {
  return Array.isArray(result) ? result : ((result as { rows?: unknown[] })?.rows ?? []);
}

export default stats;
export type SubscriptionStatsService = ReturnType<typeof stats>;
