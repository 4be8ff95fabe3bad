// The queue of an ordered endpoint (`ordered: true`): its deliveries wait as `queued` rows, and
// the endpoint's workflow takes them oldest received first, one at a time.
import type { Pool } from './pool';
import type { HeraldEvent } from '../domain/event-envelope';
import { MARK_ROUTED } from './attempts-writer';
import { withDefaults, type AppSettingsInput } from '../domain/app-settings';

/**
 * How far back the endpoint's workflow looks for an event received before the head of its queue
 * but not yet routed (its first round still running), which it waits for rather than overtake.
 */
export const ORDER_WINDOW_SECONDS = 60;

/** What an ordered endpoint's workflow finds next. */
export type NextOrdered =
  | { kind: 'gone' }
  /** Nothing queued; `ordered` false once the endpoint no longer wants ordered delivery. */
  | { kind: 'idle'; ordered: boolean }
  /**
   * The head of the queue: a queued delivery (attempts 0), or one already under way (a run that
   * ended mid-retry, or was terminated) with its attempts and when the next is due.
   * `waitFor`: an earlier event may still join the queue ahead of this one.
   */
  | { kind: 'next'; eventId: string; receivedAt: string; attempts: number; nextAttemptAt?: string; waitFor: boolean };

export function createOrderedRepository(pool: Pool) {
  return {
    /**
     * Queues the event for these ordered endpoints and marks it routed (it is `delivering` from
     * here); the event row is written too when missing (events Herald emits itself). Idempotent:
     * a round run again queues nothing twice.
     */
    async queue(event: HeraldEvent, endpoints: { endpointId: string; url: string }[]): Promise<void> {
      await pool.query(
        `WITH routed AS (${MARK_ROUTED})
         INSERT INTO deliveries (app_id, event_id, endpoint_id, channel, target, status, attempts)
         SELECT $1, $2, q."endpointId", 'webhook', q.url, 'queued', 0 FROM jsonb_to_recordset($3::jsonb) AS q("endpointId" text, url text)
         ON CONFLICT (app_id, event_id, endpoint_id) DO NOTHING`,
        [event.appId, event.id, JSON.stringify(endpoints), event.type, event.data, event.occurredAt],
      );
    },

    /**
     * The oldest received open delivery of the endpoint (queued, or retrying), and whether an
     * event received shortly before it (after `after`, the last one delivered) that the endpoint
     * wants is still unrouted. Replays (keys `<endpoint>#<replay>`) are not in the queue.
     */
    async next(appId: string, endpointId: string, after?: string): Promise<NextOrdered> {
      const { rows } = await pool.query<{
        ordered: boolean | null;
        event_id: string | null;
        received_text: string | null;
        attempts: number | null;
        next_attempt_at: Date | null;
        wait_for: boolean | null;
      }>(
        `WITH head AS (
           SELECT d.event_id, d.attempts, d.next_attempt_at, ev.received_at, ev.received_at::text AS received_text
           FROM deliveries d JOIN events ev ON ev.app_id = d.app_id AND ev.id = d.event_id
           WHERE d.app_id = $1 AND d.endpoint_id = $2 AND d.status IN ('queued', 'retrying')
           ORDER BY ev.received_at, ev.id LIMIT 1
         )
         SELECT (SELECT ordered FROM endpoints WHERE app_id = $1 AND id = $2) AS ordered, h.event_id, h.received_text, h.attempts, h.next_attempt_at,
           EXISTS (
             SELECT 1 FROM events ev JOIN endpoints e ON e.app_id = ev.app_id AND e.id = $2
             WHERE ev.app_id = $1 AND ev.received_at < h.received_at
               AND ev.received_at >= GREATEST(COALESCE($3::timestamptz, '-infinity'), h.received_at - make_interval(secs => $4))
               AND ev.routed_at IS NULL
               AND (e.events @> ARRAY[ev.type] OR e.events @> ARRAY['*'])
               AND NOT (ev.type LIKE 'endpoint.%' AND ev.data->>'endpointId' = $2)
               AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.app_id = $1 AND d.event_id = ev.id AND d.endpoint_id = $2)
           ) AS wait_for
         FROM (SELECT 1) one LEFT JOIN head h ON true`,
        [appId, endpointId, after ?? null, ORDER_WINDOW_SECONDS],
      );
      const row = rows[0];
      if (row.ordered === null) return { kind: 'gone' };
      if (!row.event_id || !row.received_text) return { kind: 'idle', ordered: row.ordered };
      return {
        kind: 'next',
        eventId: row.event_id,
        receivedAt: row.received_text,
        attempts: row.attempts ?? 0,
        ...(row.next_attempt_at && { nextAttemptAt: row.next_attempt_at.toISOString() }),
        // Only a delivery not yet begun waits for an earlier one: one under way keeps its place.
        waitFor: row.wait_for === true && (row.attempts ?? 0) === 0,
      };
    },

    /** The stored event and its app's retry schedule, for an attempt. */
    async load(appId: string, eventId: string): Promise<{ event: HeraldEvent; retrySchedule: number[] } | undefined> {
      const { rows } = await pool.query<{ id: string; type: string; data: Record<string, unknown>; occurred_at: Date; settings: AppSettingsInput }>(
        `SELECT ev.id, ev.type, ev.data, ev.occurred_at, a.settings FROM events ev JOIN apps a ON a.id = ev.app_id WHERE ev.app_id = $1 AND ev.id = $2`,
        [appId, eventId],
      );
      const row = rows[0];
      if (!row) return undefined;
      return {
        event: { appId, id: row.id, type: row.type, data: row.data, occurredAt: row.occurred_at.toISOString() },
        retrySchedule: withDefaults(row.settings).retrySchedule,
      };
    },
  };
}

export type OrderedRepository = ReturnType<typeof createOrderedRepository>;
