// Users' addresses and notification preferences (domain/user-profile.ts), one row per (app, user).
import type { Pool } from './pool';
import type { Preferences, UserProfile, UserRecord } from '../domain/user-profile';
import { withDefaults, type AppSettingsInput } from '../domain/app-settings';

interface UserRow {
  user_id: string;
  email: string | null;
  phone_number: string | null;
  time_zone: string | null;
  locale: string | null;
  preferences: Preferences;
}

const COLUMNS = 'user_id, email, phone_number, time_zone, locale, preferences';

const toUser = (r: UserRow): UserRecord & { userId: string } => ({
  userId: r.user_id,
  ...(r.email !== null && { email: r.email }),
  ...(r.phone_number !== null && { phoneNumber: r.phone_number }),
  ...(r.time_zone !== null && { timeZone: r.time_zone }),
  ...(r.locale !== null && { locale: r.locale }),
  preferences: r.preferences,
});

export function createUsersRepository(pool: Pool) {
  return {
    async get(appId: string, userId: string): Promise<(UserRecord & { userId: string }) | undefined> {
      const { rows } = await pool.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE app_id = $1 AND user_id = $2`, [appId, userId]);
      return rows[0] && toUser(rows[0]);
    },

    /**
     * What a send to a user is judged by: the user's row (none when the app never told Herald of
     * the user), the app's critical event types and its retry schedule. Undefined when the app is gone.
     */
    async sendContext(appId: string, userId: string): Promise<{ user?: UserRecord; criticalEventTypes: string[]; retrySchedule: number[] } | undefined> {
      const { rows } = await pool.query<Partial<UserRow> & { settings: AppSettingsInput; found: boolean }>({
        name: 'users.send-context',
        text: `SELECT a.settings, u.user_id IS NOT NULL AS found,
                 u.user_id, u.email, u.phone_number, u.time_zone, u.locale, u.preferences
               FROM apps a LEFT JOIN users u ON u.app_id = a.id AND u.user_id = $2 WHERE a.id = $1`,
        values: [appId, userId],
      });
      const row = rows[0];
      if (!row) return undefined;
      const { criticalEventTypes, retrySchedule } = withDefaults(row.settings);
      return { criticalEventTypes, retrySchedule, ...(row.found && { user: toUser(row as UserRow) }) };
    },

    /**
     * Sets the user's addresses, time zone and locale, as a PUT does: fields not given are cleared;
     * the preferences are kept. Undefined when the app does not exist.
     */
    async putProfile(appId: string, userId: string, profile: UserProfile): Promise<(UserRecord & { userId: string }) | undefined> {
      const { rows } = await pool.query<UserRow>(
        `INSERT INTO users (app_id, user_id, email, phone_number, time_zone, locale)
         SELECT $1, $2, $3, $4, $5, $6 WHERE EXISTS (SELECT 1 FROM apps WHERE id = $1)
         ON CONFLICT (app_id, user_id) DO UPDATE SET email = EXCLUDED.email, phone_number = EXCLUDED.phone_number,
           time_zone = EXCLUDED.time_zone, locale = EXCLUDED.locale, updated_at = now()
         RETURNING ${COLUMNS}`,
        [appId, userId, profile.email ?? null, profile.phoneNumber ?? null, profile.timeZone ?? null, profile.locale ?? null],
      );
      return rows[0] && toUser(rows[0]);
    },

    /** Replaces the user's preferences (the addresses are kept). Undefined when the app does not exist. */
    async putPreferences(appId: string, userId: string, preferences: Preferences): Promise<Preferences | undefined> {
      const { rows } = await pool.query<UserRow>(
        `INSERT INTO users (app_id, user_id, preferences)
         SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM apps WHERE id = $1)
         ON CONFLICT (app_id, user_id) DO UPDATE SET preferences = EXCLUDED.preferences, updated_at = now()
         RETURNING ${COLUMNS}`,
        [appId, userId, JSON.stringify(preferences)],
      );
      return rows[0]?.preferences;
    },
  };
}

export type UsersRepository = ReturnType<typeof createUsersRepository>;
