// What a push says, per platform, from the app's push settings. Pure: the activity sends it.
// Default (visible: false): a background push that wakes the app to fetch — APNs
// `content-available` with `apns-push-type: background` at priority 5, FCM data-only at normal
// priority — carrying no message text, only Herald's `eventId`, `type` and `userId`.
import type { HeraldEvent } from './event-envelope';
import type { PushSettings } from './app-settings';

export const MAX_BODY_CHARACTERS = 140;

export interface PushPlan {
  /** The push's time to live in seconds, from `expiresAtMs`'s start (the notice); 0: now or never. */
  ttlSeconds: number;
  /** When the providers should stop trying (the notice's time plus the time to live). */
  expiresAtMs: number;
  apns: { pushType: 'alert' | 'background' | 'voip'; priority: 5 | 10; payload: Record<string, unknown>; topicSuffix?: string; collapseId: string };
  fcm: { data: Record<string, string>; android: object; notification?: { title?: string; body?: string }; apns?: object };
}

/** `{{data.from}}`-style fields from the event; unknown ones render empty. */
export function renderTemplate(template: string, event: HeraldEvent): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g, (_, path: string) => {
    let value: unknown = event;
    for (const part of path.split('.')) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
    return value === undefined || value === null ? '' : String(value);
  });
}

/** Cut to `max` characters on a character boundary (never inside a surrogate pair), with an ellipsis. */
export function cutText(text: string, max = MAX_BODY_CHARACTERS): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * What the providers are told about a push's lifetime at `nowMs`, or undefined when it is over
 * (a retry past its time to live; any retry of a now-or-never push) and must not be sent.
 */
export function pushLifetime(plan: Pick<PushPlan, 'ttlSeconds' | 'expiresAtMs'>, attempt: number, nowMs: number): { apnsExpiration: number; fcmTtl: string } | undefined {
  if (plan.ttlSeconds === 0) return attempt === 1 ? { apnsExpiration: 0, fcmTtl: '0s' } : undefined;
  const leftSeconds = Math.ceil((plan.expiresAtMs - nowMs) / 1000);
  if (leftSeconds <= 0) return undefined;
  return { apnsExpiration: Math.floor(plan.expiresAtMs / 1000), fcmTtl: `${leftSeconds}s` };
}

/**
 * The push for a notice (`message.offline`, whose data names the user and the `cause`). Returns
 * undefined when the app's settings say this notice does not push.
 */
export function planPush(event: HeraldEvent, settings: PushSettings): PushPlan | undefined {
  const cause = typeof event.data.cause === 'string' ? event.data.cause : 'message.created';
  if (!settings.enabled || !settings.events.includes(cause)) return undefined;
  const userId = String(event.data.userId ?? '');
  const data: Record<string, string> = { eventId: event.id, type: event.type, userId, cause };
  const collapseId = `herald:${userId}`.slice(0, 64);
  const voip = settings.voipForCalls && cause === 'call.missed';
  const ttlSeconds = voip ? 0 : settings.timeToLiveSeconds;
  const expiresAtMs = Date.parse(event.occurredAt) + ttlSeconds * 1000;
  if (!settings.visible && !voip) {
    return {
      ttlSeconds,
      expiresAtMs,
      apns: { pushType: 'background', priority: 5, payload: { aps: { 'content-available': 1 }, ...data }, collapseId },
      fcm: { data, android: { priority: 'normal' } },
    };
  }
  const template = settings.templates?.[cause] ?? {};
  const title = template.title !== undefined ? renderTemplate(template.title, event) : undefined;
  const rawBody = template.body !== undefined ? renderTemplate(template.body, event) : settings.includeContent && typeof event.data.body === 'string' ? event.data.body : undefined;
  const body = rawBody === undefined ? undefined : cutText(rawBody);
  const alert = {
    ...(title !== undefined && { title }),
    ...(body !== undefined && { body }),
    ...(template.titleLocKey && { 'title-loc-key': template.titleLocKey }),
    ...(template.bodyLocKey && { 'loc-key': template.bodyLocKey, 'loc-args': template.locArgs?.map((a) => renderTemplate(a, event)) ?? [] }),
  };
  return {
    ttlSeconds,
    expiresAtMs,
    apns: voip
      ? { pushType: 'voip', priority: 10, payload: { ...data }, topicSuffix: '.voip', collapseId }
      : { pushType: 'alert', priority: 10, payload: { aps: { alert, sound: 'default' }, ...data }, collapseId },
    fcm: {
      data,
      android: { priority: 'high', ...(template.titleLocKey || template.bodyLocKey ? { notification: { title_loc_key: template.titleLocKey, body_loc_key: template.bodyLocKey, body_loc_args: template.locArgs?.map((a) => renderTemplate(a, event)) } } : {}) },
      ...((title !== undefined || body !== undefined) && { notification: { ...(title !== undefined && { title }), ...(body !== undefined && { body }) } }),
    },
  };
}
