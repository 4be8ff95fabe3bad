// Pruning by each app's retentionDays: events received before it, with their deliveries
// (cascaded) and attempts, a batch at a time so ingest is never held up behind one long delete.
import type { Pool } from './pool';
import { DEFAULT_APP_SETTINGS } from '../domain/app-settings';

export async function pruneExpired(pool: Pool, batch: number): Promise<{ events: number; attempts: number }> {
  const { rows } = await pool.query<{ events: number; attempts: number }>(
    `WITH doomed AS (
       SELECT e.app_id, e.id FROM apps a CROSS JOIN LATERAL (
         SELECT ev.app_id, ev.id FROM events ev
         WHERE ev.app_id = a.id AND ev.received_at < now() - make_interval(days => COALESCE((a.settings->>'retentionDays')::int, $2))
           -- An event still being delivered (queued behind an ordered endpoint's retries, say) is
           -- kept until its deliveries end: pruning it would lose it.
           AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.app_id = ev.app_id AND d.event_id = ev.id AND d.status IN ('pending', 'sending', 'queued', 'held', 'retrying'))
         ORDER BY ev.received_at LIMIT $1) e
       LIMIT $1
     ),
     gone AS (DELETE FROM events ev USING doomed d WHERE ev.app_id = d.app_id AND ev.id = d.id RETURNING ev.app_id, ev.id),
     attempts AS (DELETE FROM delivery_attempts t USING gone g WHERE t.app_id = g.app_id AND t.event_id = g.id RETURNING 1)
     SELECT (SELECT count(*) FROM gone)::int AS events, (SELECT count(*) FROM attempts)::int AS attempts`,
    [batch, DEFAULT_APP_SETTINGS.retentionDays],
  );
  // A send's claim matters while its attempt may run again (minutes); a week is plenty.
  await pool.query(`DELETE FROM send_claims WHERE ctid IN (SELECT ctid FROM send_claims WHERE claimed_at < now() - interval '7 days' LIMIT $1)`, [batch]);
  // A held send waits 7 days at most (delaySeconds, digestSeconds): who waited on its message is moot after.
  await pool.query(`DELETE FROM held_messages WHERE ctid IN (SELECT ctid FROM held_messages WHERE created_at < now() - interval '8 days' LIMIT $1)`, [batch]);
  // Quiet hours last a day at most: a held push is moot two days on.
  await pool.query(`DELETE FROM held_pushes WHERE ctid IN (SELECT ctid FROM held_pushes WHERE created_at < now() - interval '2 days' LIMIT $1)`, [batch]);
  // Bins live a day; their requests go with them.
  await pool.query('DELETE FROM bins WHERE id IN (SELECT id FROM bins WHERE expires_at < now() LIMIT $1)', [batch]);
  return rows[0];
}
