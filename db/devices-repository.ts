import { withTransaction, type Pool } from './pool';
import type { ApnsEnvironment, PushPlatform } from '../domain/push-credentials';

export interface Device {
  platform: PushPlatform;
  token: string;
  userId: string;
  environment: ApnsEnvironment | null;
  /** A PushKit token: VoIP pushes for calls only. */
  voip: boolean;
  createdAt: Date;
  updatedAt: Date;
}

interface Row {
  platform: PushPlatform;
  token: string;
  user_id: string;
  environment: ApnsEnvironment | null;
  voip: boolean;
  created_at: Date;
  updated_at: Date;
}

const toDevice = (r: Row): Device => ({
  platform: r.platform,
  token: r.token,
  userId: r.user_id,
  environment: r.environment,
  voip: r.voip,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function createDevicesRepository(pool: Pool) {
  return {
    /**
     * Registers a token for a user: new (`created`), already theirs (`unchanged`, its platform and
     * environment refreshed), or taken from another user of the app (`moved`).
     */
    async register(input: {
      appId: string;
      userId: string;
      platform: PushPlatform;
      token: string;
      environment: ApnsEnvironment | null;
      voip: boolean;
    }, limit: number): Promise<{ device: Device; outcome: 'created' | 'unchanged' | 'moved' } | 'limit'> {
      // Counted and written under a lock of this user's own (a transaction-scoped advisory lock),
      // so registrations racing for the user's last place get it once; other users' go on.
      return withTransaction(pool, async (client) => {
        await client.query("SELECT pg_advisory_xact_lock(hashtextextended('herald devices/' || $1 || '/' || $2, 0))", [input.appId, input.userId]);
        const { rows: counted } = await client.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM devices WHERE app_id = $1 AND user_id = $2 AND token <> $3',
          [input.appId, input.userId, input.token],
        );
        if (counted[0].n >= limit) return 'limit' as const;
        const { rows } = await client.query<Row & { previous_user: string | null }>(
          `WITH previous AS (SELECT user_id FROM devices WHERE app_id = $1 AND token = $3)
           INSERT INTO devices (app_id, user_id, token, platform, environment, voip) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (app_id, token) DO UPDATE SET user_id = EXCLUDED.user_id, platform = EXCLUDED.platform,
             environment = EXCLUDED.environment, voip = EXCLUDED.voip, updated_at = now()
           RETURNING platform, token, user_id, environment, voip, created_at, updated_at, (SELECT user_id FROM previous) AS previous_user`,
          [input.appId, input.userId, input.token, input.platform, input.environment, input.voip],
        );
        const row = rows[0];
        const outcome = row.previous_user === null ? 'created' : row.previous_user === input.userId ? 'unchanged' : 'moved';
        return { device: toDevice(row), outcome };
      });
    },

    async listForUser(appId: string, userId: string): Promise<Device[]> {
      const { rows } = await pool.query<Row>(
        `SELECT platform, token, user_id, environment, voip, created_at, updated_at FROM devices
         WHERE app_id = $1 AND user_id = $2 ORDER BY created_at, token`,
        [appId, userId],
      );
      return rows.map(toDevice);
    },

    async remove(appId: string, userId: string, token: string): Promise<boolean> {
      const { rowCount } = await pool.query('DELETE FROM devices WHERE app_id = $1 AND user_id = $2 AND token = $3', [appId, userId, token]);
      return (rowCount ?? 0) > 0;
    },
  };
}

export type DevicesRepository = ReturnType<typeof createDevicesRepository>;
