// What a push says, per platform, from the app's push settings. Pure: the activity sends it.
// Default (visible: false): a background push that wakes the app to fetch — APNs
// `content-available` with `apns-push-type: background` at priority 5, FCM data-only at normal
// priority — carrying no message text, only Herald's `eventId`, `type` and `userId`.
import type { HeraldEvent } from './event-envelope';
import type { PushSettings } from './app-settings';
import { createHash } from 'node:crypto';
import { renderBudget, renderTemplate, TemplateTooLarge } from './templates';
import { cutText } from './text-cut';

export { renderTemplate } from './templates';
export { cutText, MAX_BODY_CHARACTERS } from './text-cut';

export interface PushPlan {
  /** The push's time to live in seconds, from `expiresAtMs`'s start (the notice); 0: now or never. */
  ttlSeconds: number;
  /** When the providers should stop trying (the notice's time plus the time to live). */
  expiresAtMs: number;
  apns: { pushType: 'alert' | 'background' | 'voip'; priority: 5 | 10; payload: Record<string, unknown>; topicSuffix?: string; collapseId: string };
  /** `apns`: what an iOS app registered with FCM gets (FCM forwards it to APNs); Android devices ignore it. */
  fcm: { data: Record<string, string>; android: object; notification?: { title?: string; body?: string }; apns?: { headers: Record<string, string>; payload: object } };
}

/**
 * APNs `apns-collapse-id`: at most 64 bytes. A user id is the app's and may be long or non-ASCII,
 * so the id is a hash of the cause and the user: the same notice per user and cause, in 49 ASCII
 * bytes whatever the user id (cutting at 64 characters gave Apple BadCollapseId).
 */
export function collapseIdOf(cause: string, userId: string): string {
  return `herald:${createHash('sha256').update(`${cause}\n${userId}`).digest('base64url').slice(0, 42)}`;
}

/** A push template's text over the event; one that would render too much gives way to Herald's default text. */
function renderPushText(template: string, event: HeraldEvent, instead: string): string {
  try {
    return renderTemplate(template, event, renderBudget());
  } catch (err) {
    if (err instanceof TemplateTooLarge) return instead;
    throw err;
  }
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

/** What an alert says when the app gave no template for its cause: who, and what waits. */
function defaultAlert(event: HeraldEvent, cause: string, includeContent: boolean): { title: string; body: string } {
  const from = typeof event.data.from === 'string' && event.data.from !== '' ? event.data.from : undefined;
  if (cause === 'call.missed') return { title: 'Missed call', body: from ? `Missed call from ${from}` : 'You missed a call' };
  const heldBack = typeof event.data.heldBack === 'number' ? event.data.heldBack : 0;
  const preview = includeContent && typeof event.data.preview === 'string' && event.data.preview !== '' ? event.data.preview : undefined;
  const count = heldBack > 0 ? `${heldBack + 1} new messages` : 'New message';
  return { title: from ?? 'New message', body: preview ?? (from ? `${count} from ${from}` : count) };
}

/**
 * The push for a notice (`message.offline`, whose data names the user and the `cause`) to a
 * regular device token, or with `voip` to a PushKit token. Returns undefined when the app's
 * settings say this notice does not push to that kind of token: PushKit tokens take only VoIP
 * pushes, and only for calls when the app asks for them (`voipForCalls`).
 */
export function planPush(event: HeraldEvent, settings: PushSettings, kind: 'regular' | 'voip' = 'regular'): PushPlan | undefined {
  const cause = typeof event.data.cause === 'string' ? event.data.cause : 'message.created';
  if (!settings.enabled || !settings.events.includes(cause)) return undefined;
  const voip = kind === 'voip';
  if (voip && !(settings.voipForCalls && cause === 'call.missed')) return undefined;
  const userId = String(event.data.userId ?? '');
  const data: Record<string, string> = { eventId: event.id, type: event.type, userId, cause };
  // Per user and cause: a message notice does not replace a missed call's on the device.
  const collapseId = collapseIdOf(cause, userId);
  const ttlSeconds = voip ? 0 : settings.timeToLiveSeconds;
  const expiresAtMs = Date.parse(event.occurredAt) + ttlSeconds * 1000;
  // A call is urgent on Android too: high priority wakes the app at once, as call apps need.
  const androidPriority = cause === 'call.missed' ? 'high' : 'normal';
  if (voip) {
    return { ttlSeconds, expiresAtMs, apns: { pushType: 'voip', priority: 10, payload: { ...data }, topicSuffix: '.voip', collapseId }, fcm: { data, android: { priority: 'high' } } };
  }
  if (!settings.visible) {
    return {
      ttlSeconds,
      expiresAtMs,
      apns: { pushType: 'background', priority: 5, payload: { aps: { 'content-available': 1 }, ...data }, collapseId },
      // An iOS app behind FCM gets the background push Apple wants (priority 5; FCM refuses 10 for data messages).
      fcm: { data, android: { priority: androidPriority }, apns: { headers: { 'apns-push-type': 'background', 'apns-priority': '5', 'apns-collapse-id': collapseId }, payload: { aps: { 'content-available': 1 } } } },
    };
  }
  const template = settings.templates?.[cause];
  const localised = Boolean(template?.titleLocKey || template?.bodyLocKey);
  const fallback = template ? undefined : defaultAlert(event, cause, settings.includeContent);
  const plain = defaultAlert(event, cause, false);
  const title = template?.title !== undefined ? renderPushText(template.title, event, plain.title) : fallback?.title;
  const rawBody = template?.body !== undefined ? renderPushText(template.body, event, plain.body) : fallback?.body;
  const body = rawBody === undefined ? undefined : cutText(rawBody);
  const alert = {
    ...(title !== undefined && { title }),
    ...(body !== undefined && { body }),
    ...(template?.titleLocKey && { 'title-loc-key': template.titleLocKey }),
    ...(template?.bodyLocKey && { 'loc-key': template.bodyLocKey, 'loc-args': template.locArgs?.map((a) => renderTemplate(a, event)) ?? [] }),
  };
  return {
    ttlSeconds,
    expiresAtMs,
    apns: { pushType: 'alert', priority: 10, payload: { aps: { alert, sound: 'default' }, ...data }, collapseId },
    fcm: {
      data,
      android: {
        priority: 'high',
        ...(localised && { notification: { title_loc_key: template?.titleLocKey, body_loc_key: template?.bodyLocKey, body_loc_args: template?.locArgs?.map((a) => renderPushText(a, event, '')) } }),
      },
      ...((title !== undefined || body !== undefined) && { notification: { ...(title !== undefined && { title }), ...(body !== undefined && { body }) } }),
      apns: { headers: { 'apns-push-type': 'alert', 'apns-priority': '10', 'apns-collapse-id': collapseId }, payload: { aps: { alert, sound: 'default' } } },
    },
  };
}
