// Request bins: recorded requests, each bin's last BIN_KEEP, bodies capped at BIN_BODY_BYTES.
import type { Pool } from './pool';
import { insertUnderCap } from './caps';

export const BIN_KEEP = 100;
export const BIN_BODY_BYTES = 16 * 1024;
export const BIN_LIFETIME_HOURS = 24;

export interface BinRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  truncated: boolean;
  receivedAt: string;
}

export function createBinsRepository(pool: Pool) {
  return {
    /** A new bin, unless the app has `limit` live ones already ('limit'). */
    async create(id: string, appId: string, limit: number): Promise<{ id: string; expiresAt: Date } | 'limit'> {
      const count = { text: 'SELECT count(*)::int AS n FROM bins WHERE app_id = $1 AND expires_at > now()', values: [appId] };
      return insertUnderCap(pool, appId, count, limit, async (db) => {
        const { rows } = await db.query<{ expires_at: Date }>(
          `INSERT INTO bins (id, app_id, expires_at) VALUES ($1, $2, now() + make_interval(hours => $3)) RETURNING expires_at`,
          [id, appId, BIN_LIFETIME_HOURS],
        );
        return { id, expiresAt: rows[0].expires_at };
      });
    },

    /** Records a request into a live bin (of `appId`'s, when given), keeping its last BIN_KEEP; false when there is no such bin. */
    async record(binId: string, request: { method: string; path: string; headers: Record<string, unknown>; body: Buffer }, appId?: string): Promise<boolean> {
      const truncated = request.body.length > BIN_BODY_BYTES;
      const body = request.body.subarray(0, BIN_BODY_BYTES).toString('utf8').replace(/\u0000/g, '\uFFFD');
      const headers = JSON.parse(JSON.stringify(request.headers).replace(/\\u0000/g, '\uFFFD')) as object;
      const { rowCount } = await pool.query(
        `INSERT INTO bin_requests (bin_id, method, path, headers, body, truncated)
         SELECT id, $2, $3, $4, $5, $6 FROM bins WHERE id = $1 AND expires_at > now() AND ($7::text IS NULL OR app_id = $7)`,
        [binId, request.method, request.path.slice(0, 2048), headers, body, truncated, appId ?? null],
      );
      if (!rowCount) return false;
      await pool.query(
        `DELETE FROM bin_requests WHERE bin_id = $1 AND id < (
           SELECT min(id) FROM (SELECT id FROM bin_requests WHERE bin_id = $1 ORDER BY id DESC LIMIT $2) kept)`,
        [binId, BIN_KEEP],
      );
      return true;
    },

    /** The app's live bins, newest first. */
    async list(appId: string): Promise<{ id: string; expiresAt: Date }[]> {
      const { rows } = await pool.query<{ id: string; expires_at: Date }>(
        'SELECT id, expires_at FROM bins WHERE app_id = $1 AND expires_at > now() ORDER BY expires_at DESC, id DESC',
        [appId],
      );
      return rows.map((r) => ({ id: r.id, expiresAt: r.expires_at }));
    },

    /** A live bin of this app's. */
    async exists(binId: string, appId: string): Promise<boolean> {
      return (await pool.query('SELECT 1 FROM bins WHERE id = $1 AND app_id = $2 AND expires_at > now()', [binId, appId])).rows.length > 0;
    },

    /** The bin's requests, newest first; undefined when the app has no such live bin. */
    async requests(appId: string, binId: string): Promise<BinRequest[] | undefined> {
      const { rows: bins } = await pool.query('SELECT 1 FROM bins WHERE app_id = $1 AND id = $2 AND expires_at > now()', [appId, binId]);
      if (bins.length === 0) return undefined;
      const { rows } = await pool.query<{ method: string; path: string; headers: BinRequest['headers']; body: string; truncated: boolean; received_at: Date }>(
        'SELECT method, path, headers, body, truncated, received_at FROM bin_requests WHERE bin_id = $1 ORDER BY id DESC LIMIT $2',
        [binId, BIN_KEEP],
      );
      return rows.map((r) => ({ method: r.method, path: r.path, headers: r.headers, body: r.body, truncated: r.truncated, receivedAt: r.received_at.toISOString() }));
    },
  };
}

export type BinsRepository = ReturnType<typeof createBinsRepository>;
