// Standard Webhooks signatures: https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
// signature = base64(HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<body>")), where key is the
// base64-decoded part of the `whsec_` secret after the prefix.
import { createHmac, randomBytes } from 'node:crypto';
import { BoundedMap } from './bounded-map';

const PREFIX = 'whsec_';

export function generateSecret(): string {
  // 24 random bytes, as Svix does: well above HMAC-SHA256's needs, short enough to paste.
  return PREFIX + randomBytes(24).toString('base64');
}

export function isWellFormedSecret(secret: string): boolean {
  if (!secret.startsWith(PREFIX)) return false;
  const key = Buffer.from(secret.slice(PREFIX.length), 'base64');
  return key.length >= 24 && key.length <= 64;
}

/** Decoded keys by secret: an event's round signs with the same few secrets again and again. */
const keys = new BoundedMap<string, Buffer>(10_000);

function secretKey(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
    keys.set(secret, key);
  }
  return key;
}

export function sign(secret: string, webhookId: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', secretKey(secret)).update(`${webhookId}.${timestampSeconds}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/** The headers of one attempt; several signatures while a rotated-out secret is still honoured. */
export function webhookHeaders(
  secrets: readonly string[],
  webhookId: string,
  timestampSeconds: number,
  body: string,
): Record<string, string> {
  let signatures = '';
  for (const secret of secrets) signatures += `${signatures && ' '}${sign(secret, webhookId, timestampSeconds, body)}`;
  return { 'webhook-id': webhookId, 'webhook-timestamp': String(timestampSeconds), 'webhook-signature': signatures };
}
