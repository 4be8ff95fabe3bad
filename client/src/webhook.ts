// Verifying Herald's webhooks on the receiver's side: the Standard Webhooks scheme
// (https://www.standardwebhooks.com), so this and the `standardwebhooks` libraries accept the same
// messages. The signature is HMAC-SHA256, keyed by the secret's bytes (base64 after `whsec_`), over
// `<webhook-id>.<webhook-timestamp>.<body>`; the header may carry several (`v1,<base64> v1,<base64>`:
// a secret being rotated signs beside the new one), and one valid is enough.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far the timestamp may be from now, either way: a replayed old message is refused. */
const TOLERANCE_SECONDS = 5 * 60;

export class WebhookVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookVerificationError';
  }
}

type Headers = Record<string, string | string[] | undefined> | { get(name: string): string | null };

function header(headers: Headers, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const found = Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = found === undefined ? undefined : record[found];
  return Array.isArray(value) ? value[0] : value;
}

function secretBytes(secret: string): Buffer {
  const encoded = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  const key = Buffer.from(encoded, 'base64');
  if (key.length === 0) throw new WebhookVerificationError('the secret is empty or not base64');
  return key;
}

/**
 * The payload of a webhook whose signature is valid for `secret` (the endpoint's `whsec_…`): its
 * body parsed, or its text when it is not JSON (a transformation's); throws
 * WebhookVerificationError otherwise. `body` must be the raw body as received, bytes or text (a
 * parsed and re-serialised body will not verify). `headers`: a plain object (Node's, Express's)
 * or a Fetch `Headers`.
 */
export function verifyWebhook<T = unknown>(secret: string, body: string | Buffer, headers: Headers, nowSeconds = Math.floor(Date.now() / 1000)): T {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !timestamp || !signatures) throw new WebhookVerificationError('missing webhook-id, webhook-timestamp or webhook-signature');
  const sentAt = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || !Number.isSafeInteger(sentAt)) throw new WebhookVerificationError('webhook-timestamp is not a number of seconds');
  if (sentAt < nowSeconds - TOLERANCE_SECONDS) throw new WebhookVerificationError('the message is too old');
  if (sentAt > nowSeconds + TOLERANCE_SECONDS) throw new WebhookVerificationError('the message is timestamped in the future');
  // Signed as the bytes sent: a Buffer as it is, a string as its UTF-8.
  const expected = createHmac('sha256', secretBytes(secret)).update(`${id}.${timestamp}.`).update(body).digest();
  const valid = signatures.split(' ').some((entry) => {
    const [version, value] = entry.split(',', 2);
    if (version !== 'v1' || !value) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!valid) throw new WebhookVerificationError('no signature matches');
  const text = typeof body === 'string' ? body : body.toString('utf8');
  try {
    return JSON.parse(text) as T;
  } catch {
    return text as T;
  }
}

/** Signs a message as Herald does (for a receiver's own tests): the headers to send with `body`. */
export function signWebhook(secret: string, id: string, body: string, timestampSeconds = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = createHmac('sha256', secretBytes(secret)).update(`${id}.${timestampSeconds}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': String(timestampSeconds), 'webhook-signature': `v1,${signature}` };
}
