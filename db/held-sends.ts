// What the user's workflow needs of PostgreSQL for the sends it holds (domain/notification-policy.ts):
// the events a held send covers (it keeps their ids, not their data), who waits on a message an ack
// names, and the end of sends it cancelled or skipped, each logged like an attempt.
import type { Pool } from './pool';
import type { HeraldEvent } from '../domain/event-envelope';
import { eventUserId } from '../domain/user-profile';

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

    /** The users whose held sends are about this message: an ack of it goes to their workflows. */
    async usersWaitingOn(appId: string, messageId: string): Promise<string[]> {
      const { rows } = await pool.query<{ type: string; data: Record<string, unknown> }>({
        name: 'held.users-waiting-on',
        text: `SELECT DISTINCT e.type, jsonb_build_object('to', e.data->'to', 'userId', e.data->'userId') AS data
               FROM deliveries d JOIN events e ON e.app_id = d.app_id AND e.id = d.event_id
               WHERE d.app_id = $1 AND d.status = 'held' AND e.data->>'messageId' = $2`,
        values: [appId, messageId],
      });
      return [...new Set(rows.flatMap((r) => eventUserId(r.type, r.data) ?? []))];
    },

    /**
     * Ends held deliveries of one route without a send (`cancelled`, `skipped`), each with an
     * attempts-log row saying why. Only a delivery still held moves: a repeated settle changes nothing.
     */
    async settle(appId: string, routeId: string, eventIds: string[], status: 'cancelled' | 'skipped', reason: string): Promise<void> {
      await pool.query(
        `WITH moved AS (
           UPDATE deliveries SET status = $4, last_error = $5, next_attempt_at = NULL, updated_at = now()
           WHERE app_id = $1 AND endpoint_id = $2 AND event_id = ANY($3::text[]) AND status = 'held'
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
