// An app's events: stored as accepted, viewed with their deliveries, listed. What routing reads
// (db/event-targets.ts), what a round writes (db/attempts-writer.ts) and the attempts' log
// (db/attempts-log.ts) live in files of their own; createEventsRepository hands out all of them.
import type { Pool } from './pool';
import type { SecretBox } from '../domain/secret-box';
import type { HeraldEvent } from '../domain/event-envelope';
import type { DeliveryStatus } from './attempts-writer';
import { createEventTargets } from './event-targets';
import { createAttemptsWriter } from './attempts-writer';
import { createAttemptsLog } from './attempts-log';

export type { RouteTarget } from './event-targets';
export type { AttemptRecord, DeliveryStatus } from './attempts-writer';
export { MARK_ROUTED } from './attempts-writer';
export type { AttemptRow } from './attempts-log';
import { NOTE_OPERATIONAL } from './operational-events';

export const EVENT_STATUSES = ['accepted', 'delivering', 'completed', 'completed_with_failures', 'failed'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/** The SQL for an event row `ev`'s status (EventView['status']). */
const EVENT_STATUS_SQL = `CASE WHEN ev.routed_at IS NULL THEN 'accepted'
  ELSE (SELECT CASE WHEN bool_or(d.status IN ('pending', 'sending', 'queued', 'held', 'retrying')) THEN 'delivering'
                    WHEN NOT COALESCE(bool_or(d.status = 'failed'), false) THEN 'completed'
                    WHEN bool_or(d.status = 'delivered') THEN 'completed_with_failures'
                    ELSE 'failed' END
        FROM deliveries d WHERE d.app_id = ev.app_id AND d.event_id = ev.id) END`;

/** Deliveries not (yet) sent by decision rather than failure: their `reason` says whose and why. */
const POLICY_STATUSES = new Set<string>(['skipped', 'held', 'cancelled']);

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
  reason?: string;
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

// The statements every event runs (insert, targets, write-attempts) are named: PostgreSQL parses
// and plans each once per connection, not once per event.
export function createEventsRepository(pool: Pool, box: SecretBox) {
  return {
    ...createEventTargets(pool, box),
    ...createAttemptsWriter(pool),
    ...createAttemptsLog(pool),
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
     * Stores a batch's events in one statement, each noted for the API's start sweeper as an
     * operational event is: the batch starts them at once and clears the notes (settleBatch), the
     * sweeper starts them if this process dies first. Returns the ids newly stored; an id the app
     * already has, or one repeated in the batch after its first, is not.
     */
    async insertBatch(appId: string, batch: readonly HeraldEvent[]): Promise<Set<string>> {
      const { rows } = await pool.query<{ id: string }>({
        name: 'events.insert-batch',
        text: `WITH operational AS (
           INSERT INTO events (app_id, id, type, data, occurred_at)
           SELECT $1, e.id, e.type, e.data, e.occurred_at FROM jsonb_to_recordset($2::jsonb) AS e(id text, type text, data jsonb, occurred_at timestamptz)
           ON CONFLICT (app_id, id) DO NOTHING RETURNING id),
         noted AS (${NOTE_OPERATIONAL})
         SELECT id FROM operational`,
        values: [appId, JSON.stringify(batch.map((e) => ({ id: e.id, type: e.type, data: e.data, occurred_at: e.occurredAt })))],
      });
      return new Set(rows.map((r) => r.id));
    },

    /** The stored copies of these events that no workflow has routed yet: a repeat starts the copy first stored. */
    async unrouted(appId: string, ids: readonly string[]): Promise<HeraldEvent[]> {
      if (ids.length === 0) return [];
      const { rows } = await pool.query<{ id: string; type: string; data: Record<string, unknown>; occurred_at: Date }>(
        'SELECT id, type, data, occurred_at FROM events WHERE app_id = $1 AND id = ANY($2) AND routed_at IS NULL',
        [appId, ids],
      );
      return rows.map((r) => ({ appId, id: r.id, type: r.type, data: r.data, occurredAt: r.occurred_at.toISOString() }));
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
        ...(d.last_error !== null && POLICY_STATUSES.has(d.status) && { reason: d.last_error }),
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

  };
}

export type EventsRepository = ReturnType<typeof createEventsRepository>;

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
