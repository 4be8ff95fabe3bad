// Portal links and the sessions they open (migration 013). Tokens are random and shown once; only
// their SHA-256 is stored, so a copy of the database signs nobody in.
import { createHash, randomBytes } from 'node:crypto';
import type { Pool } from './pool';

/** How long a session opened by a portal link lasts: a working day in the embedding dashboard. */
export const PORTAL_SESSION_SECONDS = 12 * 3600;

const hash = (token: string) => createHash('sha256').update(token).digest();

export interface PortalSession {
  appId: string;
  readOnly: boolean;
  expiresAt: Date;
}

export function createPortalRepository(pool: Pool) {
  return {
    /** A one-time link's token, valid for `expiresInSeconds`. */
    async createLink(appId: string, readOnly: boolean, expiresInSeconds: number): Promise<{ token: string; expiresAt: Date }> {
      const token = `hpl_${randomBytes(32).toString('base64url')}`;
      // Expired links and sessions go when new ones come: no sweeper to keep.
      await pool.query('DELETE FROM portal_links WHERE expires_at < now() - interval \'1 hour\'');
      const { rows } = await pool.query<{ expires_at: Date }>(
        'INSERT INTO portal_links (token_hash, app_id, read_only, expires_at) VALUES ($1, $2, $3, now() + make_interval(secs => $4)) RETURNING expires_at',
        [hash(token), appId, readOnly, expiresInSeconds],
      );
      return { token, expiresAt: rows[0].expires_at };
    },

    /** Uses a link (once: the row goes in the same statement) and opens a session; undefined when it was used, expired or never made. */
    async openSession(linkToken: string): Promise<(PortalSession & { token: string }) | undefined> {
      const token = `hps_${randomBytes(32).toString('base64url')}`;
      await pool.query('DELETE FROM portal_sessions WHERE expires_at < now()');
      const { rows } = await pool.query<{ app_id: string; read_only: boolean; expires_at: Date }>(
        `WITH used AS (DELETE FROM portal_links WHERE token_hash = $1 AND expires_at > now() RETURNING app_id, read_only)
         INSERT INTO portal_sessions (session_hash, app_id, read_only, expires_at)
         SELECT $2, app_id, read_only, now() + make_interval(secs => $3) FROM used
         RETURNING app_id, read_only, expires_at`,
        [hash(linkToken), hash(token), PORTAL_SESSION_SECONDS],
      );
      const row = rows[0];
      return row && { token, appId: row.app_id, readOnly: row.read_only, expiresAt: row.expires_at };
    },

    async findSession(token: string): Promise<PortalSession | undefined> {
      const { rows } = await pool.query<{ app_id: string; read_only: boolean; expires_at: Date }>(
        'SELECT app_id, read_only, expires_at FROM portal_sessions WHERE session_hash = $1 AND expires_at > now()',
        [hash(token)],
      );
      const row = rows[0];
      return row && { appId: row.app_id, readOnly: row.read_only, expiresAt: row.expires_at };
    },

    async endSession(token: string): Promise<void> {
      await pool.query('DELETE FROM portal_sessions WHERE session_hash = $1', [hash(token)]);
    },

    /** Every link and session of the app: its key was rotated, and what the old key granted goes with it. */
    async revokeApp(appId: string): Promise<void> {
      await pool.query('WITH l AS (DELETE FROM portal_links WHERE app_id = $1) DELETE FROM portal_sessions WHERE app_id = $1', [appId]);
    },
  };
}

export type PortalRepository = ReturnType<typeof createPortalRepository>;
