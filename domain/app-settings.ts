// An app's settings: what the API accepts, and the defaults filled in where a field is absent.
import { Type, type Static } from '@sinclair/typebox';
import { DEFAULT_RETRY_SCHEDULE, MAX_ATTEMPTS } from './retry-policy';

export const AppSettingsSchema = Type.Object(
  {
    offlineSuppressionSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 7 * 86_400 })),
    /** A user Herald has never seen online or offline counts as offline (notices are due). */
    unknownUsersAreOffline: Type.Optional(Type.Boolean()),
    bounceThreshold: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    retrySchedule: Type.Optional(
      Type.Array(Type.Number({ minimum: 0.1, maximum: 86_400 }), { maxItems: MAX_ATTEMPTS - 1 }),
    ),
  },
  { additionalProperties: false },
);
export type AppSettingsInput = Static<typeof AppSettingsSchema>;
export type AppSettings = Required<AppSettingsInput>;

export const DEFAULT_APP_SETTINGS: AppSettings = {
  offlineSuppressionSeconds: 300,
  unknownUsersAreOffline: true,
  bounceThreshold: 3,
  retrySchedule: [...DEFAULT_RETRY_SCHEDULE],
};

export function withDefaults(input: AppSettingsInput | undefined): AppSettings {
  return { ...DEFAULT_APP_SETTINGS, ...(input ?? {}) };
}
