// Twilio's request signature (https://www.twilio.com/docs/usage/webhooks/webhooks-security): the
// base64 HMAC-SHA1, keyed by the account's auth token, of the full URL Twilio called followed by
// each POST parameter's name and value, sorted by name, with no separators.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function twilioSignature(authToken: string, url: string, params: URLSearchParams): string {
  const names = [...new Set(params.keys())].sort();
  const data = url + names.map((name) => params.getAll(name).sort().map((value) => name + value).join('')).join('');
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

export function isTwilioSignatureValid(authToken: string, url: string, params: URLSearchParams, signature: string | undefined): boolean {
  if (!signature) return false;
  const expected = Buffer.from(twilioSignature(authToken, url, params));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Carrier errors that mean the number cannot take the message (30003–30008): a bounce for the contact. */
export const CARRIER_REJECTIONS: Record<string, string> = {
  '30003': 'Unreachable destination handset',
  '30004': 'Message blocked',
  '30005': 'Unknown destination handset',
  '30006': 'Landline or unreachable carrier',
  '30007': 'Message filtered by the carrier',
  '30008': 'Unknown error from the carrier',
};
