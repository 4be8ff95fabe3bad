// What a round of attempts writes: every attempt logged, each delivery's state moved, the
// endpoints' health kept, and what Herald says about them stored — one statement per round.
import { withTransaction, type Pool, type PoolClient } from './pool';
import type { HeraldEvent } from '../domain/event-envelope';
import { DEFAULT_APP_SETTINGS } from '../domain/app-settings';
import { NOTE_OPERATIONAL, operationalEvent, type OperationalRow } from './operational-events';

export type DeliveryStatus = 'pending' | 'sending' | 'queued' | 'held' | 'delivered' | 'retrying' | 'failed' | 'skipped' | 'cancelled';
/**
 * What an attempt record says of its delivery: a DeliveryStatus, or `moved` (a route's channel
 * that failed for a while, the send moved on to its next one: logged, the delivery untouched).
 */
export type RecordStatus = DeliveryStatus | 'moved';

export interface AttemptRecord {
  /** `webhook` unless said (`push`). */
  channel?: string;
  endpointId: string;
  /** The deliveries row, when not the endpoint's own (a replay's: `<endpointId>#<replayId>`). */
  deliveryKey?: string;
  url: string;
  attempt: number;
  webhookId: string;
  statusCode?: number;
  latencyMs: number;
  error?: string;
  responseExcerpt?: string;
  deliveryStatus: RecordStatus;
  nextAttemptAt?: Date;
  /** A webhook endpoint's attempt that counts toward its health: failed (one more in a row) or delivered (the run ends). */
  health?: 'failed' | 'delivered';
}

export function createAttemptsWriter(pool: Pool) {
  return {
    /**
     * Records a round's attempts (see writeAttempts) and disables the endpoints they condemned.
     * Returns the operational events the round caused (endpoint.failing, endpoint.recovered,
     * endpoint.disabled), stored with it and noted for the start sweeper.
     */
    async recordAttempts(
      event: HeraldEvent,
      records: AttemptRecord[],
      disables: { endpointId: string; reason: string }[] = [],
    ): Promise<HeraldEvent[]> {
      if (disables.length === 0) return writeAttempts(pool, event, records);
      // The attempts and the disables they caused are one fact: written together or not at all.
      return withTransaction(pool, async (client) => {
        const health = await writeAttempts(client, event, records);
        // Only an endpoint this round disabled says so (another round may have got there first).
        const { rows } = await client.query<OperationalRow>(
          `WITH disabled AS (
             UPDATE endpoints e SET status = 'disabled', disabled_reason = d.reason, disabled_at = now(), updated_at = now()
             FROM jsonb_to_recordset($2::jsonb) AS d("endpointId" text, reason text)
             WHERE e.app_id = $1 AND e.id = d."endpointId" AND e.status = 'enabled'
             RETURNING e.id, e.url, e.disabled_reason, e.disabled_at
           ),
           operational AS (
             INSERT INTO events (app_id, id, type, data, occurred_at)
             SELECT $1, 'op_' || replace(gen_random_uuid()::text, '-', ''), 'endpoint.disabled',
               jsonb_build_object('endpointId', id, 'url', url, 'reason', disabled_reason, 'disabledAt', disabled_at), now()
             FROM disabled
             RETURNING id, type, data, occurred_at
           ),
           noted AS (${NOTE_OPERATIONAL})
           SELECT id, type, data, occurred_at FROM operational`,
          [event.appId, JSON.stringify(disables)],
        );
        return [...health, ...rows.map((r) => operationalEvent(event.appId, r))];
      });
    },

    /**
     * Ends a delivery that will not be attempted again: `skipped` (its endpoint was disabled or
     * deleted while it waited) or `failed` (Herald itself could not carry it through).
     */
    async markEnded(appId: string, eventId: string, endpointId: string, status: 'skipped' | 'failed', reason: string): Promise<void> {
      await pool.query(
        `UPDATE deliveries SET status = $5, last_error = $4, next_attempt_at = NULL, updated_at = now()
         WHERE app_id = $1 AND event_id = $2 AND endpoint_id = $3`,
        [appId, eventId, endpointId, reason, status],
      );
    },

    /**
     * Settles a delivery the provider accepted (pending) with what its status callback says. Only a
     * pending delivery moves (a late or repeated callback changes nothing); its target when it did.
     */
    async settlePending(appId: string, eventId: string, endpointId: string, status: 'delivered' | 'failed', error?: string): Promise<'settled' | 'not-pending' | 'absent'> {
      const { rows } = await pool.query<{ settled: boolean; present: boolean }>(
        `WITH settled AS (
           UPDATE deliveries SET status = $4, last_error = $5, next_attempt_at = NULL, updated_at = now()
           WHERE app_id = $1 AND event_id = $2 AND endpoint_id = $3 AND status = 'pending' RETURNING 1
         )
         SELECT EXISTS (SELECT 1 FROM settled) AS settled,
           EXISTS (SELECT 1 FROM deliveries WHERE app_id = $1 AND event_id = $2 AND endpoint_id = $3) AS present`,
        [appId, eventId, endpointId, status, error ?? null],
      );
      return rows[0].settled ? 'settled' : rows[0].present ? 'not-pending' : 'absent';
    },
  };
}

/**
 * Marks the event routed, logs every attempt of a round and moves each delivery's state, in one
 * statement. Records with the status `sending` are deliveries whose first attempt is still in
 * flight: they get their deliveries row (so the event reads as being delivered), no attempt row
 * and no health, and move on when the attempt's own record comes. One statement (so atomic by
 * itself) whatever the fan-out. The event row is written too when it is
 * missing: events Herald emits itself (message.offline) have no API request that stored them.
 * Data-modifying CTEs run once and to completion whether or not the final statement reads them.
 *
 * The same statement keeps the endpoints' health: a failed webhook attempt counts one more
 * failure in a row, a delivered one ends the run (a 429 carries no health: busy is not broken).
 * An endpoint failing without a success for the app's disableAfterFailingSeconds (5 days, as
 * Svix) is disabled here, with its endpoint.disabled: failures across days and messages, never
 * one message's retries running out (those end the delivery, failed, and leave the endpoint). Only endpoints with something to change are
 * locked (a delivered attempt to a healthy endpoint writes nothing there), and the row lock read
 * first (FOR NO KEY UPDATE) gives the value before this change, so of two rounds racing on one
 * endpoint exactly one sees it cross into failing, or out of it. Each crossing stores an
 * `endpoint.failing` or `endpoint.recovered` event and notes it for the start sweeper, in this
 * statement: the workflow starts it at once, and the sweeper does if the worker died first.
 */
async function writeAttempts(db: Pick<Pool | PoolClient, 'query'>, event: HeraldEvent, records: AttemptRecord[]): Promise<HeraldEvent[]> {
  const { rows } = await db.query<OperationalRow>({
    name: 'events.write-attempts',
    text: `WITH routed AS (${MARK_ROUTED}),
     input AS (
       SELECT * FROM jsonb_to_recordset($3::jsonb) AS r(
         "endpointId" text, "deliveryKey" text, channel text, url text, attempt int, "webhookId" text, "statusCode" int, "latencyMs" int,
         error text, "responseExcerpt" text, "deliveryStatus" text, "nextAttemptAt" timestamptz, health text)
     ),
     attempts AS (
       INSERT INTO delivery_attempts (app_id, event_id, endpoint_id, channel, attempt, webhook_id, url, status_code,
         latency_ms, error, response_excerpt, outcome)
       SELECT $1, $2, "endpointId", COALESCE(channel, 'webhook'), attempt, "webhookId", url, "statusCode", "latencyMs", error, "responseExcerpt", "deliveryStatus"
       FROM input WHERE "deliveryStatus" NOT IN ('sending', 'queued')
     ),
     deliveries AS (
       INSERT INTO deliveries (app_id, event_id, endpoint_id, channel, target, status, attempts, last_status_code,
         last_error, next_attempt_at)
       SELECT $1, $2, COALESCE("deliveryKey", "endpointId"), COALESCE(channel, 'webhook'), url, "deliveryStatus", attempt, "statusCode", error, "nextAttemptAt"
       FROM input WHERE "deliveryStatus" <> 'moved'
       ON CONFLICT (app_id, event_id, endpoint_id) DO UPDATE SET
         target = EXCLUDED.target, status = EXCLUDED.status, attempts = EXCLUDED.attempts,
         last_status_code = EXCLUDED.last_status_code, last_error = EXCLUDED.last_error,
         next_attempt_at = EXCLUDED.next_attempt_at, updated_at = now()
       -- Skipped is final: an attempt that was in flight when its endpoint was deleted is logged
       -- (delivery_attempts) but does not bring the delivery back. A delivery is marked sending
       -- (an attempt in flight, no attempt row yet) only where it has no state of its own yet.
       WHERE deliveries.status <> 'skipped' AND EXCLUDED.status <> 'sending'
     ),
     health_in AS (
       SELECT "endpointId" AS id, count(*) FILTER (WHERE health = 'failed')::int AS failures, max(error) AS last_error
       FROM input WHERE health IS NOT NULL GROUP BY "endpointId"
     ),
     before AS (
       SELECT e.id, e.url, e.status, e.consecutive_failures, e.failing_since, h.failures, h.last_error
       FROM endpoints e JOIN health_in h ON h.id = e.id
       WHERE e.app_id = $1 AND (h.failures > 0 OR e.consecutive_failures > 0)
       ORDER BY e.id FOR NO KEY UPDATE OF e
     ),
     threshold AS (
       SELECT COALESCE((settings->>'failingAfterAttempts')::int, ${DEFAULT_APP_SETTINGS.failingAfterAttempts}) AS n,
         COALESCE((settings->>'disableAfterFailingSeconds')::int, ${DEFAULT_APP_SETTINGS.disableAfterFailingSeconds}) AS disable_after
       FROM apps WHERE id = $1
     ),
     judged AS (
       -- Across messages: another event's attempt failed too since the run began (one message's
       -- own retries, on a schedule of up to 19 days, never disable an endpoint by themselves).
       SELECT b.*, (b.failures > 0 AND b.status = 'enabled' AND b.failing_since IS NOT NULL
                    AND b.failing_since <= now() - make_interval(secs => (SELECT disable_after FROM threshold))
                    AND EXISTS (SELECT 1 FROM delivery_attempts a WHERE a.app_id = $1 AND a.endpoint_id = b.id
                                AND a.event_id <> $2 AND a.id > (SELECT COALESCE(max(p.id), 0) FROM delivery_attempts p
                                  WHERE p.app_id = $1 AND p.endpoint_id = b.id AND p.status_code BETWEEN 200 AND 299))) AS worn_out
       FROM before b
     ),
     health AS (
       UPDATE endpoints e SET
         consecutive_failures = CASE WHEN b.failures = 0 THEN 0 ELSE b.consecutive_failures + b.failures END,
         failing_since = CASE WHEN b.failures = 0 THEN NULL
                              WHEN b.consecutive_failures + b.failures >= (SELECT n FROM threshold) THEN COALESCE(b.failing_since, now())
                              ELSE b.failing_since END,
         status = CASE WHEN b.worn_out THEN 'disabled' ELSE e.status END,
         disabled_reason = CASE WHEN b.worn_out
           THEN format('failing without a success since %s: %s attempts in a row failed; last: %s',
                       to_char(b.failing_since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), b.consecutive_failures + b.failures, b.last_error)
           ELSE e.disabled_reason END,
         disabled_at = CASE WHEN b.worn_out THEN now() ELSE e.disabled_at END,
         updated_at = CASE WHEN b.worn_out THEN now() ELSE e.updated_at END
       FROM judged b
       WHERE e.app_id = $1 AND e.id = b.id
       RETURNING e.id, e.url, e.consecutive_failures AS after, b.consecutive_failures AS before, b.failing_since AS was_failing_since,
         e.failing_since, b.last_error, b.worn_out, e.disabled_reason, e.disabled_at
     ),
     operational AS (
       INSERT INTO events (app_id, id, type, data, occurred_at)
       SELECT $1, 'op_' || replace(gen_random_uuid()::text, '-', ''),
         CASE WHEN h.failing_since IS NULL THEN 'endpoint.recovered' ELSE 'endpoint.failing' END,
         CASE WHEN h.failing_since IS NULL
           THEN jsonb_build_object('endpointId', h.id, 'url', h.url, 'failingSince', h.was_failing_since, 'consecutiveFailures', h.before)
           ELSE jsonb_strip_nulls(jsonb_build_object('endpointId', h.id, 'url', h.url, 'consecutiveFailures', h.after,
             'failingSince', h.failing_since, 'lastError', h.last_error)) END,
         now()
       FROM health h WHERE (h.was_failing_since IS NULL) <> (h.failing_since IS NULL)
       UNION ALL
       SELECT $1, 'op_' || replace(gen_random_uuid()::text, '-', ''), 'endpoint.disabled',
         jsonb_build_object('endpointId', h.id, 'url', h.url, 'reason', h.disabled_reason, 'disabledAt', h.disabled_at), now()
       FROM health h WHERE h.worn_out
       RETURNING id, type, data, occurred_at
     ),
     noted AS (${NOTE_OPERATIONAL})
     SELECT id, type, data, occurred_at FROM operational`,
    values: [event.appId, event.id, JSON.stringify(records), event.type, event.data, event.occurredAt],
  });
  return rows.map((r) => operationalEvent(event.appId, r));
}

/**
 * Marks the event routed, writing its row when missing (events Herald emits itself have no API
 * request that stored them). Parameters: $1 app, $2 event id, $4 type, $5 data, $6 occurredAt.
 */
export const MARK_ROUTED = `INSERT INTO events (app_id, id, type, data, occurred_at, routed_at) VALUES ($1, $2, $4, $5, $6, now())
  ON CONFLICT (app_id, id) DO UPDATE SET routed_at = COALESCE(events.routed_at, now())`;
