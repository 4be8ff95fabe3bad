// Everything one push to a user needs, in one read: the app's settings, its active credentials
// (key material opened) and the user's devices.
import type { Pool } from './pool';
import type { SecretBox } from '../domain/secret-box';
import { pushCredentialContext } from './push-credentials-repository';
import { withDefaults, type AppSettings, type AppSettingsInput } from '../domain/app-settings';
import type { ApnsEnvironment, PushPlatform } from '../domain/push-credentials';
import type { Preferences } from '../domain/user-profile';

export interface ActiveCredential {
  id: string;
  platform: PushPlatform;
  environment: ApnsEnvironment | null;
  details: Record<string, string>;
  status: 'ok' | 'failing';
  /** The .p8 PEM (APNs) or the service account JSON (FCM); undefined when it does not open. */
  secret?: string;
  secretError?: string;
}

export interface PushDevice {
  platform: PushPlatform;
  token: string;
  environment: ApnsEnvironment | null;
  voip: boolean;
}

export function createPushTargetsRepository(pool: Pool, box: SecretBox) {
  return {
    async targets(
      appId: string,
      userId: string,
    ): Promise<{ settings: AppSettings; credentials: ActiveCredential[]; devices: PushDevice[]; preferences?: Preferences; timeZone?: string } | undefined> {
      const { rows } = await pool.query<{
        settings: AppSettingsInput;
        preferences: Preferences | null;
        time_zone: string | null;
        credentials: (Omit<ActiveCredential, 'secret' | 'secretError'> & { sealed: string })[] | null;
        devices: PushDevice[] | null;
      }>(
        `SELECT a.settings,
           (SELECT json_agg(json_build_object('id', c.id, 'platform', c.platform, 'environment', c.environment,
                    'details', c.details, 'status', c.status, 'sealed', c.secret_sealed))
            FROM push_credentials c WHERE c.app_id = a.id AND c.active) AS credentials,
           (SELECT json_agg(json_build_object('platform', d.platform, 'token', d.token, 'environment', d.environment, 'voip', d.voip) ORDER BY d.created_at)
            FROM devices d WHERE d.app_id = a.id AND d.user_id = $2) AS devices,
           u.preferences, u.time_zone
         FROM apps a LEFT JOIN users u ON u.app_id = a.id AND u.user_id = $2 WHERE a.id = $1`,
        [appId, userId],
      );
      if (!rows[0]) return undefined;
      const credentials = (rows[0].credentials ?? []).map(({ sealed, ...c }) => {
        try {
          return { ...c, secret: box.open(sealed, pushCredentialContext(c.id)) };
        } catch (err) {
          return { ...c, secretError: `the credential does not open with this HERALD_ENCRYPTION_KEY (${(err as Error).message})` };
        }
      });
      return {
        settings: withDefaults(rows[0].settings),
        credentials,
        devices: rows[0].devices ?? [],
        ...(rows[0].preferences && { preferences: rows[0].preferences }),
        ...(rows[0].time_zone && { timeZone: rows[0].time_zone }),
      };
    },

    /** Notes a notice whose pushes quiet hours hold, so that a newer one held with it is found at their end. */
    async holdPush(appId: string, userId: string, eventId: string, occurredAt: string): Promise<void> {
      await pool.query('INSERT INTO held_pushes (app_id, user_id, event_id, occurred_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [appId, userId, eventId, occurredAt]);
    },

    /** A notice of this user held after this one (its pushes go instead), if any. */
    async newerHeldPush(appId: string, userId: string, eventId: string, occurredAt: string): Promise<string | undefined> {
      const { rows } = await pool.query<{ event_id: string }>(
        `SELECT event_id FROM held_pushes WHERE app_id = $1 AND user_id = $2 AND (occurred_at, event_id) > ($4::timestamptz, $3)
         ORDER BY occurred_at DESC, event_id DESC LIMIT 1`,
        [appId, userId, eventId, occurredAt],
      );
      return rows[0]?.event_id;
    },

    /** `failing` with the provider's reason, or `ok` again after a success. */
    async setCredentialStatus(id: string, status: 'ok' | 'failing', reason?: string): Promise<void> {
      await pool.query(
        `UPDATE push_credentials SET status = $2, status_reason = $3, updated_at = now()
         WHERE id = $1 AND (status <> $2 OR status_reason IS DISTINCT FROM $3)`,
        [id, status, reason ?? null],
      );
    },

    /**
     * Removes a dead device; with `invalidSince`, only if it was not registered again after that
     * (an app reinstalled, the same token handed out again). True when it was removed.
     */
    async removeDevice(appId: string, token: string, invalidSince?: Date): Promise<boolean> {
      const { rowCount } = await pool.query('DELETE FROM devices WHERE app_id = $1 AND token = $2 AND ($3::timestamptz IS NULL OR updated_at < $3)', [
        appId,
        token,
        invalidSince ?? null,
      ]);
      return rowCount === 1;
    },
  };
}
