// An app's settings: what the API accepts, and the defaults filled in where a field is absent.
import { Type, type Static } from '@sinclair/typebox';
import { DEFAULT_RETRY_SCHEDULE, MAX_ATTEMPTS, MIN_RETRY_WAIT_SECONDS } from './retry-policy';

const PushTemplate = Type.Object(
  {
    title: Type.Optional(Type.String({ maxLength: 200 })),
    body: Type.Optional(Type.String({ maxLength: 1000 })),
    titleLocKey: Type.Optional(Type.String({ maxLength: 200 })),
    bodyLocKey: Type.Optional(Type.String({ maxLength: 200 })),
    locArgs: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 10 })),
  },
  { additionalProperties: false },
);

/** How the app's offline users are pushed to (the push issue); see DEFAULT_PUSH_SETTINGS. */
export const PushSettingsSchema = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean()),
    /** Notices whose cause is one of these push (message.offline's `cause`: message.created, call.missed). */
    events: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 32 })),
    /** false: a background push that wakes the app to fetch; true: an alert with title and body. */
    visible: Type.Optional(Type.Boolean()),
    /** Message text in the push; off by default (it would pass through Apple's and Google's servers). */
    includeContent: Type.Optional(Type.Boolean()),
    templates: Type.Optional(Type.Record(Type.String({ maxLength: 100 }), PushTemplate)),
    voipForCalls: Type.Optional(Type.Boolean()),
    sandboxAsProduction: Type.Optional(Type.Boolean()),
    /**
     * How long a push may wait for an offline device, from the notice (APNs `apns-expiration`,
     * FCM `android.ttl`); a retry past it is not sent. 0: now or never. VoIP pushes are always 0:
     * a call that rings late is worse than none.
     */
    timeToLiveSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 28 * 86_400 })),
  },
  { additionalProperties: false },
);
export type PushSettings = Required<Omit<Static<typeof PushSettingsSchema>, 'templates'>> & Pick<Static<typeof PushSettingsSchema>, 'templates'>;

export const DEFAULT_PUSH_SETTINGS: PushSettings = {
  enabled: true,
  events: ['message.created', 'call.missed'],
  visible: false,
  includeContent: false,
  voipForCalls: false,
  sandboxAsProduction: false,
  timeToLiveSeconds: 86_400,
};

/** Which inbound SMS are forwarded (Mobiniti's "unknown messages only"). */
export const SmsInboundSettingsSchema = Type.Object(
  {
    /** true: only real replies are forwarded, not STOP/HELP/START or the app's opt-in keywords. */
    unknownOnly: Type.Optional(Type.Boolean()),
    /** The app's own opt-in keywords ("JOIN", "DEALS"), matched whole and case-blind. */
    optInKeywords: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 100 })),
  },
  { additionalProperties: false },
);
export type SmsInboundSettings = Required<Static<typeof SmsInboundSettingsSchema>>;

export const AppSettingsSchema = Type.Object(
  {
    offlineSuppressionSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 7 * 86_400 })),
    /** A user Herald has never seen online or offline counts as offline (notices are due). */
    unknownUsersAreOffline: Type.Optional(Type.Boolean()),
    bounceThreshold: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    /** Consecutive failed attempts after which an endpoint is `failing` (endpoint.failing; endpoint.recovered when one succeeds). */
    failingAfterAttempts: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    /**
     * An endpoint failing without a success for this long (and at least failingAfterAttempts
     * attempts in a row, so several messages) is disabled, with endpoint.disabled. Not one
     * message's retries: those end in a failed delivery, and the endpoint stays. 429s count
     * neither way. Svix waits 5 days.
     */
    disableAfterFailingSeconds: Type.Optional(Type.Integer({ minimum: 3600, maximum: 90 * 86_400 })),
    /** Events, their deliveries and attempts older than this are pruned (the retention schedule). */
    retentionDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
    retrySchedule: Type.Optional(
      Type.Array(Type.Number({ minimum: MIN_RETRY_WAIT_SECONDS, maximum: 86_400 }), { maxItems: MAX_ATTEMPTS - 1 }),
    ),
    push: Type.Optional(PushSettingsSchema),
    smsInbound: Type.Optional(SmsInboundSettingsSchema),
    /** Event types a user's mutes and quiet hours never hold back (a security code, a missed call). */
    criticalEventTypes: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z][a-z0-9_.-]{0,99}$' }), { maxItems: 100, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type AppSettingsInput = Static<typeof AppSettingsSchema>;
export type AppSettings = Required<Omit<AppSettingsInput, 'push' | 'smsInbound'>> & { push: PushSettings; smsInbound: SmsInboundSettings };

export const DEFAULT_APP_SETTINGS: AppSettings = {
  offlineSuppressionSeconds: 300,
  unknownUsersAreOffline: true,
  bounceThreshold: 3,
  failingAfterAttempts: 5,
  disableAfterFailingSeconds: 5 * 86_400,
  retentionDays: 30,
  retrySchedule: [...DEFAULT_RETRY_SCHEDULE],
  push: DEFAULT_PUSH_SETTINGS,
  smsInbound: { unknownOnly: false, optInKeywords: [] },
  criticalEventTypes: [],
};

export function withDefaults(input: AppSettingsInput | undefined): AppSettings {
  return {
    ...DEFAULT_APP_SETTINGS,
    ...(input ?? {}),
    push: { ...DEFAULT_PUSH_SETTINGS, ...(input?.push ?? {}) },
    smsInbound: { ...DEFAULT_APP_SETTINGS.smsInbound, ...(input?.smsInbound ?? {}) },
  };
}
