// The attempts' log as operators read it: an event's attempts, oldest first, and an endpoint's,
// newest first and filtered.
import type { Pool } from './pool';

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
  /** What came of it when written (delivered, retrying, failed, pending; skipped, held, cancelled by a user's policy); null on rows older than that column. */
  outcome: string | null;
  createdAt: Date;
}

export function createAttemptsLog(pool: Pool) {
  return {
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
           a.response_excerpt AS "responseExcerpt", a.outcome, a.created_at AS "createdAt"
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
           latency_ms AS "latencyMs", error, response_excerpt AS "responseExcerpt", a.outcome, created_at AS "createdAt"
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
