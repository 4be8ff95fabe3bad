import { withTransaction, type Pool, type PoolClient } from './pool';
import type { SecretBox } from '../domain/secret-box';
import type { HeraldEvent } from '../domain/event-envelope';
import { DEFAULT_APP_SETTINGS, withDefaults, type AppSettings, type AppSettingsInput } from '../domain/app-settings';
import type { FormatOptions, PayloadFormat } from '../domain/payload-formats';
import { LIVE_PREVIOUS_SECRETS, openFormatOptions, openSecrets } from './endpoints-repository';
import { NOTE_OPERATIONAL, operationalEvent, type OperationalRow } from './operational-events';

export const EVENT_STATUSES = ['accepted', 'delivering', 'completed', 'completed_with_failures', 'failed'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/** The SQL for an event row `ev`'s status (EventView['status']). */
const EVENT_STATUS_SQL = `CASE WHEN ev.routed_at IS NULL THEN 'accepted'
  ELSE (SELECT CASE WHEN bool_or(d.status IN ('pending', 'queued', 'retrying')) THEN 'delivering'
                    WHEN NOT COALESCE(bool_or(d.status = 'failed'), false) THEN 'completed'
                    WHEN bool_or(d.status = 'delivered') THEN 'completed_with_failures'
                    ELSE 'failed' END
        FROM deliveries d WHERE d.app_id = ev.app_id AND d.event_id = ev.id) END`;

export type DeliveryStatus = 'pending' | 'queued' | 'delivered' | 'retrying' | 'failed' | 'skipped';

export interface DeliveryView {
  endpointId: string;
  /** Set on a replay's delivery (POST …/events/:id/replay). */
  replayId?: string;
  channel: string;
  target: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode?: number;
  lastError?: string;
  nextAttemptAt?: string;
  updatedAt: string;
}

export interface EventView {
  id: string;
  type: string;
  data: Record<string, unknown>;
  occurredAt: string;
  receivedAt: string;
  /**
   * accepted (not routed yet), delivering (a delivery still open), then at a glance how it ended:
   * completed (nothing failed), completed_with_failures (some delivered, some failed), failed
   * (deliveries failed and none delivered). Skipped deliveries (endpoint disabled or deleted
   * meanwhile) count neither way.
   */
  status: EventStatus;
  /** The first VIEW_DELIVERIES deliveries by endpoint id; `deliveryCount` says how many there are. */
  deliveries: DeliveryView[];
  deliveryCount: number;
}

/** Deliveries shown in one event's view: its cost stays bounded whatever the fan-out. */
export const VIEW_DELIVERIES = 100;

export interface RouteTarget {
  endpointId: string;
  url: string;
  guaranteed: boolean;
  format: PayloadFormat;
  formatOptions: FormatOptions;
  secrets: string[];
  /** Set instead of `secrets` when they do not open: the delivery fails with this reason, unsent. */
  secretError?: string;
  /** An ordered endpoint: its deliveries are queued for its own workflow, not made by the round. */
  ordered?: boolean;
}

export interface AttemptRow {
  endpointId: string;
  channel: string;
  attempt: number;
  webhookId: string;
  url: string;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  responseExcerpt: string | null;
  createdAt: Date;
}

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
  deliveryStatus: DeliveryStatus;
  nextAttemptAt?: Date;
  /** A webhook endpoint's attempt that counts toward its health: failed (one more in a row) or delivered (the run ends). */
  health?: 'failed' | 'delivered';
}

// The statements every event runs (insert, targets, write-attempts) are named: PostgreSQL parses
// and plans each once per connection, not once per event.
export function createEventsRepository(pool: Pool, box: SecretBox) {
  return {
    /**
     * Stores an accepted event; returns false when the app already has an event with this id.
     * Its commit waits for the disk flush. Tried and measured: without the wait (synchronous_commit
     * off for this statement) Herald's paced p50 was ~0.5 ms lower, but when Temporal's store is
     * not this PostgreSQL (the dev server's SQLite, Temporal Cloud), a PostgreSQL crash just after
     * the 202 can lose the row while the workflow lives on: an event whose first round then never
     * succeeds leaves no trace to replay, a row written again by the round takes the round's time
     * (ordered endpoints order by it), and a repeat post would store its own body.
     */
    async insert(event: HeraldEvent): Promise<boolean> {
      const { rowCount } = await pool.query({
        name: 'events.insert',
        text: `INSERT INTO events (app_id, id, type, data, occurred_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (app_id, id) DO NOTHING`,
        values: [event.appId, event.id, event.type, event.data, event.occurredAt],
      });
      return rowCount === 1;
    },

    /**
     * The app's settings and the enabled endpoints that want this type, secrets opened: one
     * read-only round trip before an event's first attempts (nothing to commit on the way to
     * the receivers).
     */
    async targets(
      appId: string,
      type: string,
    ): Promise<{ settings: AppSettings; targets: RouteTarget[]; offlineNoticesWanted: boolean; routesWanted: boolean }> {
      const { rows } = await pool.query<{
        settings: AppSettingsInput;
        notices_wanted: boolean;
        routes_wanted: boolean;
        id: string | null;
        url: string;
        guaranteed: boolean;
        ordered: boolean;
        format: PayloadFormat;
        format_options: FormatOptions;
        secret_sealed: string;
        previous_live: string[] | null;
      }>({
        name: 'events.targets',
        // The EXISTS names $1, not a.id: uncorrelated, PostgreSQL runs it once, not once per endpoint row.
        text: `SELECT a.settings,
                (EXISTS (SELECT 1 FROM endpoints n WHERE n.app_id = $1 AND n.status = 'enabled'
                         AND (n.events @> ARRAY['message.offline'] OR n.events @> ARRAY['*']))
                 OR EXISTS (SELECT 1 FROM push_credentials p WHERE p.app_id = $1 AND p.active)) AS notices_wanted,
                EXISTS (SELECT 1 FROM routes r WHERE r.app_id = $1 AND (r.events @> ARRAY[$2] OR r.events @> ARRAY['*'])) AS routes_wanted,
                e.id, e.url, e.guaranteed, e.ordered, e.format, e.format_options, e.secret_sealed,
                CASE WHEN e.id IS NOT NULL THEN ${LIVE_PREVIOUS_SECRETS.replaceAll('previous_secrets', 'e.previous_secrets')} END AS previous_live
         FROM apps a
         LEFT JOIN endpoints e ON e.app_id = a.id AND e.status = 'enabled'
           AND (e.events @> ARRAY[$2] OR e.events @> ARRAY['*'])
         WHERE a.id = $1
         ORDER BY e.id`,
        values: [appId, type],
      });
      if (rows.length === 0) return { settings: withDefaults(undefined), targets: [], offlineNoticesWanted: false, routesWanted: false }; // app deleted
      const targets: RouteTarget[] = [];
      for (const row of rows) {
        if (!row.id) continue;
        const target = { endpointId: row.id, url: row.url, guaranteed: row.guaranteed, format: row.format, formatOptions: row.format_options, ...(row.ordered && { ordered: true }) };
        // One endpoint whose secret does not open fails alone; the others are delivered.
        try {
          targets.push({ ...target, formatOptions: openFormatOptions(box, row.id, row.format_options), secrets: openSecrets(box, row.id, row.secret_sealed, row.previous_live ?? []) });
        } catch (err) {
          targets.push({ ...target, secrets: [], secretError: (err as Error).message });
        }
      }
      return { settings: withDefaults(rows[0].settings), targets, offlineNoticesWanted: rows[0].notices_wanted, routesWanted: rows[0].routes_wanted };
    },

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

    async get(appId: string, id: string): Promise<EventView | undefined> {
      const { rows } = await pool.query<{
        id: string;
        type: string;
        data: Record<string, unknown>;
        occurred_at: Date;
        received_at: Date;
        status: EventStatus;
        delivery_count: number;
        deliveries: {
          endpoint_id: string;
          channel: string;
          target: string;
          status: DeliveryStatus;
          attempts: number;
          last_status_code: number | null;
          last_error: string | null;
          next_attempt_at: string | null;
          updated_at: string;
        }[];
      }>(
        `SELECT ev.id, ev.type, ev.data, ev.occurred_at, ev.received_at, ${EVENT_STATUS_SQL} AS status,
           COALESCE((SELECT json_agg(d) FROM (SELECT * FROM deliveries d WHERE d.app_id = ev.app_id AND d.event_id = ev.id
                     ORDER BY d.endpoint_id LIMIT $3) d), '[]') AS deliveries,
           (SELECT count(*)::int FROM deliveries d WHERE d.app_id = ev.app_id AND d.event_id = ev.id) AS delivery_count
         FROM events ev WHERE ev.app_id = $1 AND ev.id = $2`,
        [appId, id, VIEW_DELIVERIES],
      );
      const row = rows[0];
      if (!row) return undefined;
      const deliveries: DeliveryView[] = row.deliveries.map((d) => ({
        endpointId: d.endpoint_id.split('#')[0],
        ...(d.endpoint_id.includes('#') && { replayId: d.endpoint_id.split('#')[1] }),
        channel: d.channel,
        target: d.target,
        status: d.status,
        attempts: d.attempts,
        ...(d.last_status_code !== null && { lastStatusCode: d.last_status_code }),
        ...(d.last_error !== null && { lastError: d.last_error }),
        ...(d.next_attempt_at !== null && { nextAttemptAt: new Date(d.next_attempt_at).toISOString() }),
        updatedAt: new Date(d.updated_at).toISOString(),
      }));
      return {
        id: row.id,
        type: row.type,
        data: row.data,
        occurredAt: row.occurred_at.toISOString(),
        receivedAt: row.received_at.toISOString(),
        status: row.status,
        deliveries,
        deliveryCount: row.delivery_count,
      };
    },

    /**
     * A page of the app's events, newest first, with their status (accepted, delivering,
     * completed) as the event view computes it. The cursor is opaque (the last row's receipt time
     * and id).
     */
    async listEvents(appId: string, filter: { type?: string; status?: EventView['status'] }, page: { after?: string; limit: number }) {
      const after = page.after ? decodeCursor(page.after) : undefined;
      const { rows } = await pool.query<{ id: string; type: string; occurred_at: Date; received_at: Date; received_text: string; status: EventView['status']; delivery_count: number }>(
        `SELECT * FROM (
           SELECT ev.id, ev.type, ev.occurred_at, ev.received_at, ev.received_at::text AS received_text,
             ${EVENT_STATUS_SQL} AS status,
             (SELECT count(*)::int FROM deliveries d WHERE d.app_id = ev.app_id AND d.event_id = ev.id) AS delivery_count
           FROM events ev
           WHERE ev.app_id = $1 AND ($2::text IS NULL OR ev.type = $2)
             AND ($4::timestamptz IS NULL OR (ev.received_at, ev.id) < ($4::timestamptz, $5::text))
           ORDER BY ev.received_at DESC, ev.id DESC
         ) e WHERE $3::text IS NULL OR e.status = $3
         LIMIT $6`,
        [appId, filter.type ?? null, filter.status ?? null, after?.at ?? null, after?.id ?? null, page.limit + 1],
      );
      const data = rows.slice(0, page.limit).map((r) => ({
        id: r.id, type: r.type, status: r.status, occurredAt: r.occurred_at.toISOString(), receivedAt: r.received_at.toISOString(), deliveryCount: r.delivery_count,
      }));
      const last = rows[page.limit - 1];
      return rows.length > page.limit ? { data, nextCursor: encodeCursor(last.received_text, last.id) } : { data };
    },

    /** A page of one endpoint's (or route's) attempts, newest first, filtered. */
    async listEndpointAttempts(
      appId: string,
      endpointId: string,
      filter: { status?: 'succeeded' | 'failed'; eventType?: string; since?: string; until?: string },
      page: { after?: string; limit: number },
    ) {
      const { rows } = await pool.query<AttemptRow & { id: string; eventId: string; eventType: string }>(
        `SELECT a.id, a.event_id AS "eventId", ev.type AS "eventType", a.endpoint_id AS "endpointId", a.channel, a.attempt,
           a.webhook_id AS "webhookId", a.url, a.status_code AS "statusCode", a.latency_ms AS "latencyMs", a.error,
           a.response_excerpt AS "responseExcerpt", a.created_at AS "createdAt"
         FROM delivery_attempts a JOIN events ev ON ev.app_id = a.app_id AND ev.id = a.event_id
         WHERE a.app_id = $1 AND a.endpoint_id = $2
           AND ($3::bigint IS NULL OR a.id < $3)
           AND ($4::text IS NULL OR ($4 = 'succeeded') = (a.status_code BETWEEN 200 AND 299))
           AND ($5::text IS NULL OR ev.type = $5)
           AND ($6::timestamptz IS NULL OR a.created_at >= $6)
           AND ($7::timestamptz IS NULL OR a.created_at < $7)
         ORDER BY a.id DESC LIMIT $8`,
        [appId, endpointId, page.after ?? null, filter.status ?? null, filter.eventType ?? null, filter.since ?? null, filter.until ?? null, page.limit + 1],
      );
      const data = rows.slice(0, page.limit).map(({ id: _id, createdAt, ...attempt }) => ({ ...attempt, createdAt: createdAt.toISOString() }));
      return rows.length > page.limit ? { data, nextCursor: String(rows[page.limit - 1].id) } : { data };
    },

    /** A page of an event's attempts, oldest first; undefined when the app has no such event. */
    async listAttempts(appId: string, eventId: string, page: { after?: number; limit: number }) {
      const { rows } = await pool.query<AttemptRow & { id: string }>(
        `SELECT a.id, endpoint_id AS "endpointId", a.channel, attempt, webhook_id AS "webhookId", url, status_code AS "statusCode",
           latency_ms AS "latencyMs", error, response_excerpt AS "responseExcerpt", created_at AS "createdAt"
         FROM events ev LEFT JOIN delivery_attempts a ON a.app_id = ev.app_id AND a.event_id = ev.id AND a.id > $3
         WHERE ev.app_id = $1 AND ev.id = $2 ORDER BY a.id LIMIT $4`,
        [appId, eventId, page.after ?? 0, page.limit + 1],
      );
      if (rows.length === 0) return undefined;
      const found = rows.filter((r) => r.id !== null);
      const data = found.slice(0, page.limit).map(({ id: _id, ...attempt }) => attempt);
      return found.length > page.limit ? { data, nextCursor: found[page.limit - 1].id } : { data };
    },
  };
}

export type EventsRepository = ReturnType<typeof createEventsRepository>;

/**
 * Marks the event routed, logs every attempt of a round and moves each delivery's state, in one
 * statement (so atomic by itself) whatever the fan-out. The event row is written too when it is
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
         latency_ms, error, response_excerpt)
       SELECT $1, $2, "endpointId", COALESCE(channel, 'webhook'), attempt, "webhookId", url, "statusCode", "latencyMs", error, "responseExcerpt"
       FROM input
     ),
     deliveries AS (
       INSERT INTO deliveries (app_id, event_id, endpoint_id, channel, target, status, attempts, last_status_code,
         last_error, next_attempt_at)
       SELECT $1, $2, COALESCE("deliveryKey", "endpointId"), COALESCE(channel, 'webhook'), url, "deliveryStatus", attempt, "statusCode", error, "nextAttemptAt" FROM input
       ON CONFLICT (app_id, event_id, endpoint_id) DO UPDATE SET
         target = EXCLUDED.target, status = EXCLUDED.status, attempts = EXCLUDED.attempts,
         last_status_code = EXCLUDED.last_status_code, last_error = EXCLUDED.last_error,
         next_attempt_at = EXCLUDED.next_attempt_at, updated_at = now()
       -- Skipped is final: an attempt that was in flight when its endpoint was deleted is logged
       -- (delivery_attempts) but does not bring the delivery back.
       WHERE deliveries.status <> 'skipped'
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
       SELECT b.*, (b.failures > 0 AND b.status = 'enabled' AND b.failing_since IS NOT NULL
                    AND b.failing_since <= now() - make_interval(secs => (SELECT disable_after FROM threshold))) AS worn_out
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

/** An opaque page cursor: the last row's receipt time (PostgreSQL's text, microseconds kept) and id. */
function encodeCursor(at: string, id: string): string {
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}

const PG_TIMESTAMPTZ = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;

/** The cursor back, or a thrown error the route turns into a 400. */
export function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown[];
    if (typeof at === 'string' && typeof id === 'string' && PG_TIMESTAMPTZ.test(at) && id.length <= 256) return { at, id };
  } catch {
    // fall through
  }
  throw new Error('is not a cursor this list gave');
}
