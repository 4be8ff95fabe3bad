import { withClient, type Pool } from './pool';
import { migrations } from './migrations';

// Any fixed number: several API and worker processes may start at once; one migrates, the others wait.
const MIGRATION_LOCK = 0x4845_5241; // "HERA"

/** How often a process waiting for another's migrations asks again. */
const LOCK_POLL_MS = 200;

export async function migrate(pool: Pool): Promise<string[]> {
  return withClient(pool, async (client) => {
    // Tried, not waited on: a session blocked in pg_advisory_lock holds a snapshot, which a
    // concurrent index build in the migrating process would wait for, while it waits for that lock.
    while (!(await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [MIGRATION_LOCK])).rows[0].locked) {
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    }
    try {
      await client.query(
        'CREATE TABLE IF NOT EXISTS herald_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const { rows } = await client.query<{ name: string }>('SELECT name FROM herald_migrations');
      const done = new Set(rows.map((r) => r.name));
      const applied: string[] = [];
      for (const m of migrations) {
        if (done.has(m.name)) continue;
        if (m.concurrently) {
          try {
            for (const statement of m.concurrently) await client.query(statement);
            await client.query('INSERT INTO herald_migrations (name) VALUES ($1)', [m.name]);
          } catch (err) {
            throw new Error(`migration ${m.name} failed: ${(err as Error).message}`);
          }
          applied.push(m.name);
          continue;
        }
        await client.query('BEGIN');
        try {
          await client.query(m.sql!);
          await client.query('INSERT INTO herald_migrations (name) VALUES ($1)', [m.name]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw new Error(`migration ${m.name} failed: ${(err as Error).message}`);
        }
        applied.push(m.name);
      }
      return applied;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  });
}
