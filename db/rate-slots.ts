// Rate-limited endpoints' schedules, shared by every worker through PostgreSQL: each delivery to an
// endpoint with `rateLimit` R takes the next free slot of its schedule, 1/R s after the one before
// (the generic cell rate algorithm, with no burst: at most R deliveries start in any second). A
// delivery whose slot is now goes at once; a later one waits on its workflow's durable timer, so
// nothing polls, and slots are handed out in the order rounds ask for them, which is the order
// their events came.
import type { Pool } from './pool';

export interface SlotRequest {
  endpointId: string;
  /** Deliveries per second. */
  rate: number;
}

/** When each delivery may start, in ms from now (0: at once), in the order asked. */
export function createRateSlots(pool: Pool) {
  return {
    async take(requests: readonly SlotRequest[]): Promise<number[]> {
      if (requests.length === 0) return [];
      // One row per endpoint: several deliveries to one endpoint in a round take consecutive slots.
      const per = new Map<string, { rate: number; n: number }>();
      for (const r of requests) {
        const entry = per.get(r.endpointId) ?? { rate: r.rate, n: 0 };
        entry.n++;
        per.set(r.endpointId, entry);
      }
      const ids = [...per.keys()];
      const { rows } = await pool.query<{ endpoint_id: string; first_ms: number }>({
        name: 'rate-slots.take',
        // The theoretical arrival time (tat) moves on by n/R; the first of the n slots starts at the
        // old tat, or now if that has passed. Times are the database's: one clock for every worker.
        text: `WITH asked AS (
                 SELECT id, n, make_interval(secs => n::float8 / rate) AS span
                 FROM unnest($1::text[], $2::int[], $3::int[]) AS x(id, n, rate)
               )
               INSERT INTO endpoint_rate_slots AS s (endpoint_id, tat)
               -- An endpoint deleted since the round read it has no schedule to take from: it goes at once (and finds itself gone).
               SELECT a.id, now() + a.span FROM asked a JOIN endpoints e ON e.id = a.id
               ON CONFLICT (endpoint_id) DO UPDATE SET tat = greatest(s.tat, now()) + (EXCLUDED.tat - now())
               RETURNING endpoint_id, (extract(epoch FROM (tat - (SELECT span FROM asked WHERE id = endpoint_id) - now())) * 1000)::float8 AS first_ms`,
        values: [ids, ids.map((id) => per.get(id)!.n), ids.map((id) => per.get(id)!.rate)],
      });
      const first = new Map(rows.map((r) => [r.endpoint_id, Math.max(0, r.first_ms)]));
      for (const id of ids) if (!first.has(id)) first.set(id, 0);
      const taken = new Map<string, number>();
      return requests.map((r) => {
        const k = taken.get(r.endpointId) ?? 0;
        taken.set(r.endpointId, k + 1);
        return first.get(r.endpointId)! + (k * 1000) / r.rate;
      });
    },
  };
}

export type RateSlots = ReturnType<typeof createRateSlots>;

/** A changed or removed limit starts a new schedule: slots booked at the old rate do not hold back the new one. */
export const RESET_RATE_SLOTS = 'DELETE FROM endpoint_rate_slots WHERE endpoint_id = $1';
