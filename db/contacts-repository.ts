// The contact workflows' copy of what they know (written through by them), so an SMS send can
// check its recipient in the same read as the rest of its round, without a query to Temporal.
import type { Pool } from './pool';
import { PHONE_MATCH_DIGITS, phoneDigits, smsRefusal, type ContactState } from '../domain/contacts';

export function createContactsRepository(pool: Pool) {
  return {
    async save(state: ContactState): Promise<void> {
      await pool.query(
        `INSERT INTO contacts (app_id, contact_id, phone_digits, unsubscribed, status, bounces) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (app_id, contact_id) DO UPDATE SET phone_digits = EXCLUDED.phone_digits, unsubscribed = EXCLUDED.unsubscribed,
           status = EXCLUDED.status, bounces = EXCLUDED.bounces, updated_at = now()`,
        [state.appId, state.contactId, state.phoneNumber ? phoneDigits(state.phoneNumber) : null, state.unsubscribed, state.status, state.bounces],
      );
    },

    /** Why no SMS may go to this number (any contact of the app with it refuses), if none may. Numbers match as PHONE_MATCH_DIGITS says. */
    async smsRefusal(appId: string, phone: string): Promise<{ code: string; message: string } | undefined> {
      const digits = phoneDigits(phone);
      if (digits === '') return undefined;
      const { rows } = await pool.query<{ unsubscribed: boolean; status: ContactState['status'] }>(
        `SELECT unsubscribed, status FROM contacts WHERE app_id = $1 AND right(phone_digits, $3) = right($2, $3)
           AND (unsubscribed OR status = 'deactivated') LIMIT 1`,
        [appId, digits, PHONE_MATCH_DIGITS],
      );
      return rows[0] && smsRefusal(rows[0]);
    },
  };
}

export type ContactsRepository = ReturnType<typeof createContactsRepository>;
