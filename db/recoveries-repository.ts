// Recoveries (POST …/endpoints/:id/recover): the row the API creates and the recovery workflow
// keeps up to date, and the pages of failed deliveries that workflow walks through.
import type { Pool } from './pool';
import type { HeraldEvent } from '../domain/event-envelope';
import type { RecoveryCursor, RecoveryProgress } from '../domain/recovery';

export interface RecoveryView {
  id: string;
  endpointId: string;
  since: string;
  until: string;
  status: 'running' | 'completed' | 'failed';
  /** Events found with a failed (or skipped) delivery to the endpoint and none delivered. */
  found: number;
  delivered: number;
  failed: number;
  error?: string;
  createdAt: string;
  updatedAt: string;
  completedAt?: string;
}


/** Events scanned per page at most, found or not: one page's cost stays bounded. */
const SCAN_PER_PAGE = 2000;
/** Events handed back per page at most, and their bytes: an activity's result stays small. */
const EVENTS_PER_PAGE = 50;
const BYTES_PER_PAGE = 512 * 1024;

interface RecoveryRow {
  id: string;
  endpoint_id: string;
  since: Date;
  until: Date;
  status: RecoveryView['status'];
  found: number;
  delivered: number;
  failed: number;
  error: string | null;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
}

function toView(r: RecoveryRow): RecoveryView {
  return {
    id: r.id,
    endpointId: r.endpoint_id,
    since: r.since.toISOString(),
    until: r.until.toISOString(),
    status: r.status,
    found: r.found,
    delivered: r.delivered,
    failed: r.failed,
    ...(r.error !== null && { error: r.error }),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    ...(r.completed_at !== null && { completedAt: r.completed_at.toISOString() }),
  };
}

export function createRecoveriesRepository(pool: Pool) {
  return {
    /** A new recovery of events received from `since` up to now (the database's clock). */
    async create(input: { id: string; appId: string; endpointId: string; since: Date }): Promise<RecoveryView> {
      const { rows } = await pool.query<RecoveryRow>(
        `INSERT INTO recoveries (id, app_id, endpoint_id, since) VALUES ($1, $2, $3, $4) RETURNING *`,
        [input.id, input.appId, input.endpointId, input.since],
      );
      return toView(rows[0]);
    },

    async remove(id: string): Promise<void> {
      await pool.query('DELETE FROM recoveries WHERE id = $1', [id]);
    },

    async get(appId: string, endpointId: string, id: string): Promise<RecoveryView | undefined> {
      const { rows } = await pool.query<RecoveryRow>('SELECT * FROM recoveries WHERE app_id = $1 AND endpoint_id = $2 AND id = $3', [appId, endpointId, id]);
      return rows[0] && toView(rows[0]);
    },

    /**
     * Progress only ever grows: saves racing each other (the workflow's completions) keep the
     * larger counts. A final status is kept once set.
     */
    async save(id: string, progress: RecoveryProgress, status: RecoveryView['status'], error?: string): Promise<void> {
      await pool.query(
        `UPDATE recoveries SET found = GREATEST(found, $2), delivered = GREATEST(delivered, $3), failed = GREATEST(failed, $4),
           status = CASE WHEN status = 'running' THEN $5 ELSE status END, error = COALESCE($6, error), updated_at = now(),
           completed_at = CASE WHEN $5 <> 'running' THEN COALESCE(completed_at, now()) END
         WHERE id = $1`,
        [id, progress.found, progress.delivered, progress.failed, status, error ?? null],
      );
    },

    /**
     * The next events, in the order received, that the recovery must deliver again: received in
     * its window, with a failed or skipped delivery to the endpoint and none delivered there
     * (first or replayed). Scans a bounded number of events; `cursor` is where the next page
     * starts, absent when the window is done.
     */
    async failedPage(input: { appId: string; endpointId: string; recoveryId: string; cursor?: RecoveryCursor }): Promise<{ events: HeraldEvent[]; cursor?: RecoveryCursor }> {
      const { rows } = await pool.query<{ id: string; type: string; data: Record<string, unknown>; occurred_at: Date; received_text: string; wanted: boolean; bytes: number }>(
        `WITH window_ AS (SELECT since, until FROM recoveries WHERE id = $3),
         scanned AS (
           SELECT ev.id, ev.type, ev.data, ev.occurred_at, ev.received_at, ev.received_at::text AS received_text
           FROM events ev, window_ w
           WHERE ev.app_id = $1 AND ev.received_at >= w.since AND ev.received_at <= w.until
             AND ($4::timestamptz IS NULL OR (ev.received_at, ev.id) > ($4::timestamptz, $5::text))
           ORDER BY ev.received_at, ev.id LIMIT $6
         )
         SELECT s.*, octet_length(s.data::text) AS bytes,
           EXISTS (SELECT 1 FROM deliveries d WHERE d.app_id = $1 AND d.event_id = s.id
                   AND (d.endpoint_id = $2 OR d.endpoint_id LIKE $2 || '#%') AND d.status IN ('failed', 'skipped'))
           -- Not when delivered there since, or on its way again (another recovery's or a
           -- replay's delivery still open): two recoveries started together send it once.
           AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.app_id = $1 AND d.event_id = s.id
                   AND (d.endpoint_id = $2 OR d.endpoint_id LIKE $2 || '#%') AND d.status IN ('delivered', 'pending', 'sending', 'queued', 'retrying')) AS wanted
         FROM scanned s ORDER BY s.received_at, s.id`,
        [input.appId, input.endpointId, input.recoveryId, input.cursor?.at ?? null, input.cursor?.id ?? null, SCAN_PER_PAGE],
      );
      const events: HeraldEvent[] = [];
      let bytes = 0;
      let last: (typeof rows)[number] | undefined;
      for (const row of rows) {
        if (row.wanted) {
          if (events.length === EVENTS_PER_PAGE || (events.length > 0 && bytes + row.bytes > BYTES_PER_PAGE)) break;
          events.push({ appId: input.appId, id: row.id, type: row.type, data: row.data, occurredAt: row.occurred_at.toISOString() });
          bytes += row.bytes;
        }
        last = row;
      }
      const more = last !== rows[rows.length - 1] || rows.length === SCAN_PER_PAGE;
      return { events, ...(more && last && { cursor: { at: last.received_text, id: last.id } }) };
    },
  };
}

export type RecoveriesRepository = ReturnType<typeof createRecoveriesRepository>;
