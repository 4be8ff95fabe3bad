// What the user's workflow needs of PostgreSQL for the sends it holds (domain/notification-policy.ts):
// the events a held send covers (it keeps their ids, not their data), who waits on a message an ack
// names (held_messages), and the end of sends it cancelled or skipped, each logged like an attempt.
import type { Pool } from './pool';
import type { HeraldEvent } from '../domain/event-envelope';

export function createHeldSends(pool: Pool) {
  return {
    /** The events, in the order of `ids`; those pruned or deleted meanwhile are missing. */
    async events(appId: string, ids: string[]): Promise<HeraldEvent[]> {
      const { rows } = await pool.query<{ id: string; type: string; data: Record<string, unknown>; occurred_at: Date }>(
        'SELECT id, type, data, occurred_at FROM events WHERE app_id = $1 AND id = ANY($2::text[])',
        [appId, ids],
      );
      const byId = new Map(rows.map((r) => [r.id, { appId, id: r.id, type: r.type, data: r.data, occurredAt: r.occurred_at.toISOString() }]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    },

    /** Notes that this user's held sends wait on these messages (their cancelOn): an ack of one finds the user. */
    async noteWaiting(appId: string, userId: string, messageIds: string[]): Promise<void> {
      await pool.query(
        `INSERT INTO held_messages (app_id, message_id, user_id) SELECT $1, m, $2 FROM unnest($3::text[]) AS m ON CONFLICT DO NOTHING`,
        [appId, userId, messageIds],
      );
    },

    /** The users whose held sends wait on this message: an ack of it goes to their workflows. */
    async usersWaitingOn(appId: string, messageId: string): Promise<string[]> {
      const { rows } = await pool.query<{ user_id: string }>({
        name: 'held.users-waiting-on',
        text: 'SELECT user_id FROM held_messages WHERE app_id = $1 AND message_id = $2 LIMIT 1000',
        values: [appId, messageId],
      });
      return rows.map((r) => r.user_id);
    },

    /**
     * Ends held deliveries of one route without a send (`cancelled`, `skipped`), each with an
     * attempts-log row saying why: held, or waiting in the user's workflow for a provider's retry.
     * Only such a delivery moves: a repeated settle changes nothing.
     */
    async settle(appId: string, routeId: string, eventIds: string[], status: 'cancelled' | 'skipped', reason: string): Promise<void> {
      await pool.query(
        `WITH moved AS (
           UPDATE deliveries SET status = $4, last_error = $5, next_attempt_at = NULL, updated_at = now()
           WHERE app_id = $1 AND endpoint_id = $2 AND event_id = ANY($3::text[]) AND status IN ('held', 'retrying')
           RETURNING event_id, channel, target, attempts
         )
         INSERT INTO delivery_attempts (app_id, event_id, endpoint_id, channel, attempt, webhook_id, url, latency_ms, error, outcome)
         SELECT $1, event_id, $2, channel, attempts, '', target, 0, $5, $4 FROM moved`,
        [appId, routeId, eventIds, status, reason],
      );
    },
  };
}

export type HeldSends = ReturnType<typeof createHeldSends>;
