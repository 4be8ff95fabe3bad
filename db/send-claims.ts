// Claims for sends that must not be made twice (SMS): the claim is committed before the send; an
// attempt run again finds it and sends nothing. See migration 011-send-claims.
import type { Pool } from './pool';

export function createSendClaims(pool: Pool) {
  return {
    /** True when this call claimed the send; false when the same attempt was claimed before. */
    async claim(claim: { appId: string; eventId: string; routeId: string; attempt: number }): Promise<boolean> {
      const { rowCount } = await pool.query({
        name: 'send-claims.claim',
        text: 'INSERT INTO send_claims (app_id, event_id, route_id, attempt) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
        values: [claim.appId, claim.eventId, claim.routeId, claim.attempt],
      });
      return rowCount === 1;
    },

    /**
     * Keeps a status that came before its delivery was written, with the send's claim (the round
     * that sent it applies it: applyEarly). True the first time, false if already kept or no send
     * was claimed.
     */
    async settleEarly(claim: { appId: string; eventId: string; routeId: string }, status: 'delivered' | 'failed', error?: string): Promise<boolean> {
      const { rowCount } = await pool.query(
        `UPDATE send_claims SET settled_status = $4, settled_error = $5
         WHERE app_id = $1 AND event_id = $2 AND route_id = $3 AND settled_status IS NULL
           AND attempt = (SELECT max(attempt) FROM send_claims WHERE app_id = $1 AND event_id = $2 AND route_id = $3)`,
        [claim.appId, claim.eventId, claim.routeId, status, error ?? null],
      );
      return rowCount === 1;
    },

    /** Applies the statuses kept for these pending deliveries of an event (its round just wrote them). */
    async applyEarly(appId: string, eventId: string, routeIds: string[]): Promise<void> {
      await pool.query(
        `UPDATE deliveries d SET status = c.settled_status, last_error = c.settled_error, next_attempt_at = NULL, updated_at = now()
         FROM send_claims c
         WHERE d.app_id = $1 AND d.event_id = $2 AND d.endpoint_id = ANY($3) AND d.status = 'pending'
           AND c.app_id = d.app_id AND c.event_id = d.event_id AND c.route_id = d.endpoint_id AND c.settled_status IS NOT NULL`,
        [appId, eventId, routeIds],
      );
    },
  };
}
