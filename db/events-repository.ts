import type { Pool } from './pool';
import type { SecretBox } from '../domain/secret-box';
import type { HeraldEvent } from '../domain/event-envelope';
import { withDefaults, type AppSettings, type AppSettingsInput } from '../domain/app-settings';

export type DeliveryStatus = 'pending' | 'delivered' | 'retrying' | 'failed' | 'skipped';

export interface DeliveryView {
  endpointId: string;
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
  status: 'accepted' | 'delivering' | 'completed';
  deliveries: DeliveryView[];
}

export interface RouteTarget {
  endpointId: string;
  url: string;
  guaranteed: boolean;
  secrets: string[];
}

export interface AttemptRecord {
  appId: string;
  eventId: string;
  endpointId: string;
  url: string;
  attempt: number;
  webhookId: string;
  statusCode?: number;
  latencyMs: number;
  error?: string;
  responseExcerpt?: string;
  deliveryStatus: DeliveryStatus;
  nextAttemptAt?: Date;
}

export function createEventsRepository(pool: Pool, box: SecretBox) {
  return {
    /** Stores an accepted event; returns false when the app already has an event with this id. */
    async insert(event: HeraldEvent): Promise<boolean> {
      const { rowCount } = await pool.query(
        `INSERT INTO events (app_id, id, type, data, occurred_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (app_id, id) DO NOTHING`,
        [event.appId, event.id, event.type, event.data, event.occurredAt],
      );
      return rowCount === 1;
    },

    /**
     * One round trip for the start of an event's workflow: marks the event routed, opens a pending
     * delivery per target, and returns the app's settings and the enabled endpoints that want this
     * type, secrets opened.
     */
    async route(appId: string, eventId: string, type: string): Promise<{ settings: AppSettings; targets: RouteTarget[] }> {
      const { rows } = await pool.query<{
        settings: AppSettingsInput;
        id: string | null;
        url: string;
        guaranteed: boolean;
        secret_sealed: string;
        previous_secret_sealed: string | null;
        previous_secret_live: boolean | null;
      }>(
        // Data-modifying CTEs run once and to completion whether or not the SELECT reads them.
        `WITH routed AS (
           UPDATE events SET routed_at = COALESCE(routed_at, now()) WHERE app_id = $1 AND id = $2
         ),
         targets AS (
           SELECT id, url, guaranteed, secret_sealed, previous_secret_sealed,
                  previous_secret_expires_at > now() AS previous_secret_live
           FROM endpoints
           WHERE app_id = $1 AND status = 'enabled' AND (events @> ARRAY[$3] OR events @> ARRAY['*'])
         ),
         pending AS (
           INSERT INTO deliveries (app_id, event_id, endpoint_id, target, status)
           SELECT $1, $2, id, url, 'pending' FROM targets
           ON CONFLICT (app_id, event_id, endpoint_id) DO NOTHING
         )
         SELECT a.settings, t.* FROM apps a LEFT JOIN targets t ON true WHERE a.id = $1 ORDER BY t.id`,
        [appId, eventId, type],
      );
      if (rows.length === 0) return { settings: withDefaults(undefined), targets: [] }; // app deleted
      const targets: RouteTarget[] = [];
      for (const row of rows) {
        if (!row.id) continue;
        const secrets = [box.open(row.secret_sealed)];
        if (row.previous_secret_sealed && row.previous_secret_live) secrets.push(box.open(row.previous_secret_sealed));
        targets.push({ endpointId: row.id, url: row.url, guaranteed: row.guaranteed, secrets });
      }
      return { settings: withDefaults(rows[0].settings), targets };
    },

    /** Logs one attempt and moves the delivery's state, in one statement. */
    async recordAttempt(r: AttemptRecord): Promise<void> {
      await pool.query(
        `WITH attempt AS (
           INSERT INTO delivery_attempts (app_id, event_id, endpoint_id, attempt, webhook_id, url, status_code,
             latency_ms, error, response_excerpt)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         )
         INSERT INTO deliveries (app_id, event_id, endpoint_id, target, status, attempts, last_status_code,
           last_error, next_attempt_at)
         VALUES ($1, $2, $3, $6, $11, $4, $7, $9, $12)
         ON CONFLICT (app_id, event_id, endpoint_id) DO UPDATE SET
           target = EXCLUDED.target, status = EXCLUDED.status, attempts = EXCLUDED.attempts,
           last_status_code = EXCLUDED.last_status_code, last_error = EXCLUDED.last_error,
           next_attempt_at = EXCLUDED.next_attempt_at, updated_at = now()`,
        [
          r.appId, r.eventId, r.endpointId, r.attempt, r.webhookId, r.url, r.statusCode ?? null, r.latencyMs,
          r.error ?? null, r.responseExcerpt ?? null, r.deliveryStatus, r.nextAttemptAt ?? null,
        ],
      );
    },

    /** Marks a delivery that will not be attempted (its endpoint was disabled while it waited). */
    async markSkipped(appId: string, eventId: string, endpointId: string, reason: string): Promise<void> {
      await pool.query(
        `UPDATE deliveries SET status = 'skipped', last_error = $4, next_attempt_at = NULL, updated_at = now()
         WHERE app_id = $1 AND event_id = $2 AND endpoint_id = $3`,
        [appId, eventId, endpointId, reason],
      );
    },

    async get(appId: string, id: string): Promise<EventView | undefined> {
      const { rows } = await pool.query<{
        id: string;
        type: string;
        data: Record<string, unknown>;
        occurred_at: Date;
        received_at: Date;
        routed: boolean;
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
        `SELECT ev.id, ev.type, ev.data, ev.occurred_at, ev.received_at, ev.routed_at IS NOT NULL AS routed,
           COALESCE((SELECT json_agg(d ORDER BY d.endpoint_id) FROM deliveries d
                     WHERE d.app_id = ev.app_id AND d.event_id = ev.id), '[]') AS deliveries
         FROM events ev WHERE ev.app_id = $1 AND ev.id = $2`,
        [appId, id],
      );
      const row = rows[0];
      if (!row) return undefined;
      const deliveries: DeliveryView[] = row.deliveries.map((d) => ({
        endpointId: d.endpoint_id,
        channel: d.channel,
        target: d.target,
        status: d.status,
        attempts: d.attempts,
        ...(d.last_status_code !== null && { lastStatusCode: d.last_status_code }),
        ...(d.last_error !== null && { lastError: d.last_error }),
        ...(d.next_attempt_at !== null && { nextAttemptAt: new Date(d.next_attempt_at).toISOString() }),
        updatedAt: new Date(d.updated_at).toISOString(),
      }));
      const open = deliveries.some((d) => d.status === 'pending' || d.status === 'retrying');
      return {
        id: row.id,
        type: row.type,
        data: row.data,
        occurredAt: row.occurred_at.toISOString(),
        receivedAt: row.received_at.toISOString(),
        status: !row.routed ? 'accepted' : open ? 'delivering' : 'completed',
        deliveries,
      };
    },

    async listAttempts(appId: string, eventId: string) {
      const { rows } = await pool.query(
        `SELECT endpoint_id AS "endpointId", attempt, webhook_id AS "webhookId", url, status_code AS "statusCode",
           latency_ms AS "latencyMs", error, response_excerpt AS "responseExcerpt", created_at AS "createdAt"
         FROM delivery_attempts WHERE app_id = $1 AND event_id = $2 ORDER BY id`,
        [appId, eventId],
      );
      return rows as {
        endpointId: string;
        attempt: number;
        webhookId: string;
        url: string;
        statusCode: number | null;
        latencyMs: number;
        error: string | null;
        responseExcerpt: string | null;
        createdAt: Date;
      }[];
    },
  };
}

export type EventsRepository = ReturnType<typeof createEventsRepository>;
