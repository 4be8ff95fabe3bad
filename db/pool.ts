import pg from 'pg';
import type { Logger } from 'pino';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

/** PostgreSQL's "terminating connection due to administrator command". */
const ADMIN_SHUTDOWN = '57P01';

export function createPool(connectionString: string, options: { max?: number; log?: Logger } = {}): Pool {
  // Bounded waits: a delivery round must finish inside its activity's timeout (workflows/
  // event-workflow.ts), or it would run again and re-send what it had sent.
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    statement_timeout: 30_000,
  });
  // An idle client losing its connection (a PostgreSQL restart) must not crash the process, but
  // the operator should see it: the next query opens a new connection. Only the error's code and
  // message are logged (pg's error carries its client, prepared statements and all). PostgreSQL
  // closing its connections because it is shutting down (57P01: Ctrl-C on `herald dev` reaches it
  // too) is no trouble of Herald's: said at info level, under a stop's warnings.
  pool.on('error', (err: Error & { code?: string }) => {
    const fields = { code: err.code, reason: err.message };
    if (err.code === ADMIN_SHUTDOWN) options.log?.info(fields, 'PostgreSQL is shutting down or restarting; an idle connection was closed');
    else options.log?.warn(fields, 'an idle PostgreSQL connection was lost');
  });
  return pool;
}

export async function withClient<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await fn(client);
  } finally {
    client.release();
  }
}

/** Runs `fn` in one transaction: all of it is committed, or none of it. */
export async function withTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let result: T;
  try {
    await client.query('BEGIN');
    result = await fn(client);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    // Passing the error discards the connection: after a failure it may be broken.
    client.release(err as Error);
    throw err;
  }
  client.release();
  return result;
}
