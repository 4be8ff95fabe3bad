// Events whose workflow start failed (the 503 path), for the API's sweeper to start later.
import type { Pool } from './pool';
import type { HeraldEvent } from '../domain/event-envelope';

export function createUnstartedEventsRepository(pool: Pool) {
  return {
    async add(appId: string, eventId: string, error: string): Promise<void> {
      await pool.query(
        `INSERT INTO unstarted_events (app_id, event_id, last_error) VALUES ($1, $2, $3)
         ON CONFLICT (app_id, event_id) DO UPDATE SET last_error = EXCLUDED.last_error`,
        [appId, eventId, error],
      );
    },

    /** Up to `limit` due, with the stored event; `routed` when its workflow has run meanwhile. */
    async due(limit: number): Promise<{ event: HeraldEvent; routed: boolean; attempts: number }[]> {
      const { rows } = await pool.query<{ app_id: string; id: string; type: string; data: Record<string, unknown>; occurred_at: Date; routed: boolean; attempts: number }>(
        `SELECT e.app_id, e.id, e.type, e.data, e.occurred_at, e.routed_at IS NOT NULL AS routed, u.attempts
         FROM unstarted_events u JOIN events e ON e.app_id = u.app_id AND e.id = u.event_id
         WHERE u.next_try_at <= now() ORDER BY u.next_try_at LIMIT $1`,
        [limit],
      );
      return rows.map((r) => ({ event: { appId: r.app_id, id: r.id, type: r.type, data: r.data, occurredAt: r.occurred_at.toISOString() }, routed: r.routed, attempts: r.attempts }));
    },

    /**
     * After a batch's starts: the started events' notes go, and those whose start failed are due
     * for the sweeper now, with the error (a repeat's stored copy is noted here first).
     */
    async settleBatch(appId: string, started: readonly string[], failed: readonly { id: string; error: string }[]): Promise<void> {
      await pool.query(
        `WITH gone AS (DELETE FROM unstarted_events WHERE app_id = $1 AND event_id = ANY($2))
         INSERT INTO unstarted_events (app_id, event_id, last_error)
         SELECT $1, f.id, f.error FROM jsonb_to_recordset($3::jsonb) AS f(id text, error text)
         ON CONFLICT (app_id, event_id) DO UPDATE SET last_error = EXCLUDED.last_error, next_try_at = now()`,
        [appId, started, JSON.stringify(failed)],
      );
    },

    async done(appId: string, eventId: string): Promise<void> {
      await pool.query('DELETE FROM unstarted_events WHERE app_id = $1 AND event_id = $2', [appId, eventId]);
    },

    async failed(appId: string, eventId: string, error: string, retryInMs: number): Promise<void> {
      await pool.query(
        `UPDATE unstarted_events SET attempts = attempts + 1, last_error = $3, next_try_at = now() + make_interval(secs => $4)
         WHERE app_id = $1 AND event_id = $2`,
        [appId, eventId, error, retryInMs / 1000],
      );
    },
  };
}

export type UnstartedEventsRepository = ReturnType<typeof createUnstartedEventsRepository>;
