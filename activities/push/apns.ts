// APNs over HTTP/2 with token-based authentication: `POST /3/device/<token>` on the production or
// sandbox origin, `authorization: bearer <ES256 JWT {iss: teamId, iat}, kid: keyId>`. Apple wants
// the provider token reused for 20–60 minutes (a new one per request earns TooManyProviderTokenUpdates),
// and refreshed before an hour (ExpiredProviderToken): minted once per key, kept 40 minutes. When
// Apple calls a token expired or invalid, one new token is minted and the push tried once more,
// but never more than one new token per key in 20 minutes: past that, the key is failing.
//
// Only 410 Unregistered kills a device. BadDeviceToken and DeviceTokenNotForTopic mean, as Apple's
// table says, a token sent to the wrong environment or for another bundle id: what a wrong topic or
// environment on the credential does to every device at once. They mark the credential failing and
// leave the devices.
// https://developer.apple.com/documentation/usernotifications/handling-notification-responses-from-apns
// https://developer.apple.com/documentation/usernotifications/sending-notification-requests-to-apns
import { createHash } from 'node:crypto';
import type { Http2Transport } from './http2-transport';
import { signJwt } from './jwt';
import type { PushResult } from './push-result';
import { jsonObjectOf } from '../channels/peer-text';

export interface ApnsKeyMaterial {
  keyId: string;
  teamId: string;
  topic: string;
  privateKey: string;
}

export interface ApnsRequest {
  deviceToken: string;
  environment: 'sandbox' | 'production';
  pushType: 'alert' | 'background' | 'voip';
  priority: 5 | 10;
  payload: object;
  /** Defaults to the key's topic; VoIP pushes go to `<topic>.voip`. */
  topic?: string;
  collapseId?: string;
  /** Unix seconds after which Apple stops trying; 0: once, now. */
  expiration?: number;
}

export const PROVIDER_TOKEN_TTL_MS = 40 * 60_000;
/** Apple refuses more frequent token updates (TooManyProviderTokenUpdates). */
export const MIN_PROVIDER_TOKEN_RENEWAL_MS = 20 * 60_000;
const TOKEN_REFUSALS = new Set(['ExpiredProviderToken', 'InvalidProviderToken']);

export function createApnsSender(options: { transport: Http2Transport; origins: { production: string; sandbox: string }; now?: () => number }) {
  const now = options.now ?? Date.now;
  const tokens = new Map<string, { jwt: string; mintedAt: number }>();

  // Per key material, not per key id: a re-uploaded or replaced key must not sign with the old token.
  const cacheKeyOf = (key: ApnsKeyMaterial) => `${key.teamId}/${key.keyId}/${createHash('sha256').update(key.privateKey).digest('base64url')}`;

  /** The key's token; with `renew`, a new one if the last is old enough to replace, else undefined. */
  function providerToken(key: ApnsKeyMaterial, renew = false): string | undefined {
    const cacheKey = cacheKeyOf(key);
    const kept = tokens.get(cacheKey);
    if (kept && !renew && now() - kept.mintedAt < PROVIDER_TOKEN_TTL_MS) return kept.jwt;
    if (kept && renew && now() - kept.mintedAt < MIN_PROVIDER_TOKEN_RENEWAL_MS) return undefined;
    const jwt = signJwt('ES256', key.privateKey, { kid: key.keyId }, { iss: key.teamId, iat: Math.floor(now() / 1000) });
    tokens.set(cacheKey, { jwt, mintedAt: now() });
    return jwt;
  }

  const reasonOf = (body: string) => {
    const said = jsonObjectOf(body);
    return { reason: typeof said.reason === 'string' ? said.reason : undefined, timestamp: typeof said.timestamp === 'number' ? said.timestamp : undefined };
  };

  return async function sendApns(key: ApnsKeyMaterial, push: ApnsRequest): Promise<PushResult> {
    const origin = push.environment === 'production' ? options.origins.production : options.origins.sandbox;
    const used = providerToken(key)!;
    const headers: Record<string, string> = {
      authorization: `bearer ${used}`,
      'apns-topic': push.topic ?? key.topic,
      'apns-push-type': push.pushType,
      'apns-priority': String(push.priority),
      'content-type': 'application/json',
      ...(push.collapseId && { 'apns-collapse-id': push.collapseId }),
      ...(push.expiration !== undefined && { 'apns-expiration': String(push.expiration) }),
    };
    const url = `${origin}/3/device/${push.deviceToken}`;
    const body = JSON.stringify(push.payload);
    let answer = await options.transport.request(url, headers, body);
    if (answer.status === undefined) return { outcome: answer.refused ? 'misconfigured' : 'retry', error: answer.error ?? 'no answer', latencyMs: answer.latencyMs };
    let said = reasonOf(answer.body);
    // An expired or refused provider token is the key's problem, never the device's: one new
    // token, if Apple allows one now, and the same push once more.
    if (answer.status === 403 && said.reason && TOKEN_REFUSALS.has(said.reason)) {
      // Of pushes refused together, the first renews the token; the others take the one it made.
      const current = tokens.get(cacheKeyOf(key))?.jwt;
      const renewed = current && current !== used ? current : providerToken(key, true);
      if (renewed) {
        const again = await options.transport.request(url, { ...headers, authorization: `bearer ${renewed}` }, body);
        if (again.status !== undefined) {
          answer = { ...again, latencyMs: answer.latencyMs + again.latencyMs };
          said = reasonOf(answer.body);
        }
      }
    }
    const { reason, timestamp } = said;
    return {
      ...classifyApns(answer.status!, reason),
      statusCode: answer.status,
      ...(reason && { reason }),
      ...(answer.status === 410 && timestamp !== undefined && { invalidSince: timestamp }),
      latencyMs: answer.latencyMs,
      ...(answer.headers['apns-id'] && { providerId: answer.headers['apns-id'] }),
    };
  };
}

/** What an APNs answer means for the device, the credential and the delivery. */
export function classifyApns(status: number, reason: string | undefined): Pick<PushResult, 'outcome'> {
  if (status === 200) return { outcome: 'delivered' };
  if (status === 410) return { outcome: 'token-dead' };
  if (status === 403 || (status === 400 && (reason === 'BadDeviceToken' || reason === 'DeviceTokenNotForTopic' || reason === 'TopicDisallowed' || reason === 'BadTopic'))) {
    return { outcome: 'credential-failing' };
  }
  if (status === 429 || status >= 500) return { outcome: 'retry' };
  return { outcome: 'failed' };
}
