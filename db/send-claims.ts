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
  };
}
