import { createHash, randomBytes } from 'node:crypto';

/** A random, URL-safe identifier with a type prefix (`app_…`, `ep_…`, `evt_…`), sortable by time. */
export function newId(prefix: string): string {
  const time = Date.now().toString(36).padStart(9, '0');
  return `${prefix}_${time}${randomBytes(10).toString('hex')}`;
}

/**
 * The Standard Webhooks `webhook-id` of an event's deliveries: the same on every retry and for
 * every endpoint, and unique across apps (two apps may use the same event id).
 */
export function webhookMessageId(appId: string, eventId: string): string {
  return 'msg_' + createHash('sha256').update(`${appId}/${eventId}`).digest('base64url').slice(0, 27);
}

export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

/** Event ids producers may choose (CONTRACT.md). */
export const EVENT_ID_PATTERN = '^[A-Za-z0-9._:-]{1,256}$';
