// How many of a kind an app (or a user) may have: channels, routes, push credentials, devices,
// bins. Each event fans out to every route and endpoint of its app in one activity, so what the
// app may create bounds what one event costs the shared worker.
//
// The count and the insert run under the app's row lock, in one transaction: of two creations
// racing for the last place, one gets it and the other the 409 (NO KEY UPDATE leaves inserts of the
// app's events, which take a foreign-key share lock, free).
import { withTransaction, type Pool, type PoolClient } from './pool';

export interface ResourceLimits {
  channelsPerApp: number;
  routesPerApp: number;
  pushCredentialsPerApp: number;
  devicesPerUser: number;
  binsPerApp: number;
}

export const DEFAULT_LIMITS: ResourceLimits = { channelsPerApp: 50, routesPerApp: 200, pushCredentialsPerApp: 20, devicesPerUser: 20, binsPerApp: 20 };

/** Their variables, for the 409's message and the README. */
export const LIMIT_VARIABLES: Record<keyof ResourceLimits, string> = {
  channelsPerApp: 'HERALD_MAX_CHANNELS_PER_APP',
  routesPerApp: 'HERALD_MAX_ROUTES_PER_APP',
  pushCredentialsPerApp: 'HERALD_MAX_PUSH_CREDENTIALS_PER_APP',
  devicesPerUser: 'HERALD_MAX_DEVICES_PER_USER',
  binsPerApp: 'HERALD_MAX_BINS_PER_APP',
};

export type Queryable = Pick<PoolClient, 'query'>;

/**
 * Runs `insert` when fewer than `limit` rows are counted by `count` (SQL giving one row `{n}`), under
 * the app's row lock; 'limit' otherwise. `insert` gets the transaction's connection.
 */
export async function insertUnderCap<T>(pool: Pool, appId: string, count: { text: string; values: unknown[] }, limit: number, insert: (db: Queryable) => Promise<T>): Promise<T | 'limit'> {
  return withTransaction(pool, async (client) => {
    await client.query('SELECT 1 FROM apps WHERE id = $1 FOR NO KEY UPDATE', [appId]);
    const { rows } = await client.query<{ n: number }>(count.text, count.values);
    if (rows[0].n >= limit) return 'limit';
    return insert(client);
  });
}
