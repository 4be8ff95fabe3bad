import { withTransaction, type Pool, type PoolClient } from './pool';
import { sealContext, type SecretBox } from '../domain/secret-box';
import type { ApnsEnvironment, PushPlatform } from '../domain/push-credentials';


/** Where a push credential's key material is sealed (domain/secret-box.ts). */
export const pushCredentialContext = (id: string) => sealContext('push_credentials', id, 'secret');
export interface PushCredential {
  id: string;
  appId: string;
  platform: PushPlatform;
  name: string;
  environment: ApnsEnvironment | null;
  /** What may be shown: APNs keyId, teamId, topic; FCM projectId, clientEmail. */
  details: Record<string, string>;
  active: boolean;
  expiresAt: Date | null;
  status: 'ok' | 'failing';
  statusReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `id, app_id, platform, name, environment, details, active, expires_at, status, status_reason, created_at, updated_at`;

interface Row {
  id: string;
  app_id: string;
  platform: PushPlatform;
  name: string;
  environment: ApnsEnvironment | null;
  details: Record<string, string>;
  active: boolean;
  expires_at: Date | null;
  status: 'ok' | 'failing';
  status_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

const toCredential = (r: Row): PushCredential => ({
  id: r.id,
  appId: r.app_id,
  platform: r.platform,
  name: r.name,
  environment: r.environment,
  details: r.details,
  active: r.active,
  expiresAt: r.expires_at,
  status: r.status,
  statusReason: r.status_reason,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/**
 * The app's row lock serialises activations, so two at once cannot both end up active. Taken
 * first in the transaction (before any insert's foreign-key lock on the same row, which would
 * deadlock with it) and NO KEY UPDATE, so it does not hold up inserts of the app's events.
 */
async function lockActivations(client: PoolClient, appId: string): Promise<void> {
  await client.query('SELECT 1 FROM apps WHERE id = $1 FOR NO KEY UPDATE', [appId]);
}

/** Activating a credential deactivates the one active for the same platform and environment. */
async function deactivateOthers(client: PoolClient, appId: string, id: string): Promise<void> {
  await client.query(
    `UPDATE push_credentials o SET active = false, updated_at = now()
     FROM push_credentials c
     WHERE c.id = $2 AND o.app_id = $1 AND o.id <> c.id AND o.active
       AND o.platform = c.platform AND o.environment IS NOT DISTINCT FROM c.environment`,
    [appId, id],
  );
}

export function createPushCredentialsRepository(pool: Pool, box: SecretBox) {
  return {
    async create(input: {
      id: string;
      appId: string;
      platform: PushPlatform;
      name: string;
      environment?: ApnsEnvironment;
      details: Record<string, string>;
      secret: string;
      active: boolean;
      expiresAt?: string;
    }, limit: number): Promise<PushCredential | 'limit'> {
      return withTransaction(pool, async (client) => {
        // The app's row lock orders racing creations, so the count holds (db/caps.ts).
        await client.query('SELECT 1 FROM apps WHERE id = $1 FOR NO KEY UPDATE', [input.appId]);
        const held = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM push_credentials WHERE app_id = $1', [input.appId]);
        if (held.rows[0].n >= limit) return 'limit';
        if (input.active) await lockActivations(client, input.appId);
        // Inserted inactive first, so the one-active index never sees two at once.
        const { rows } = await client.query<Row>(
          `INSERT INTO push_credentials (id, app_id, platform, name, environment, details, secret_sealed, active, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, false, $8) RETURNING ${COLUMNS}`,
          [input.id, input.appId, input.platform, input.name, input.environment ?? null, input.details, box.seal(input.secret, pushCredentialContext(input.id)), input.expiresAt ?? null],
        );
        if (!input.active) return toCredential(rows[0]);
        await deactivateOthers(client, input.appId, input.id);
        const activated = await client.query<Row>(`UPDATE push_credentials SET active = true WHERE id = $1 RETURNING ${COLUMNS}`, [input.id]);
        return toCredential(activated.rows[0]);
      });
    },

    async list(appId: string): Promise<PushCredential[]> {
      const { rows } = await pool.query<Row>(`SELECT ${COLUMNS} FROM push_credentials WHERE app_id = $1 ORDER BY id`, [appId]);
      return rows.map(toCredential);
    },

    async update(appId: string, id: string, patch: { name?: string; active?: boolean; expiresAt?: string | null }): Promise<PushCredential | undefined> {
      return withTransaction(pool, async (client) => {
        const found = await client.query('SELECT 1 FROM push_credentials WHERE app_id = $1 AND id = $2 FOR UPDATE', [appId, id]);
        if (found.rowCount === 0) return undefined;
        if (patch.active) {
          await lockActivations(client, appId);
          await deactivateOthers(client, appId, id);
        }
        const { rows } = await client.query<Row>(
          `UPDATE push_credentials SET name = COALESCE($3, name), active = COALESCE($4, active),
             expires_at = CASE WHEN $5::boolean THEN $6::timestamptz ELSE expires_at END, updated_at = now()
           WHERE app_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
          [appId, id, patch.name ?? null, patch.active ?? null, patch.expiresAt !== undefined, patch.expiresAt ?? null],
        );
        return toCredential(rows[0]);
      });
    },

    async remove(appId: string, id: string): Promise<boolean> {
      const { rowCount } = await pool.query('DELETE FROM push_credentials WHERE app_id = $1 AND id = $2', [appId, id]);
      return (rowCount ?? 0) > 0;
    },
  };
}

export type PushCredentialsRepository = ReturnType<typeof createPushCredentialsRepository>;
