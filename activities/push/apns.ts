// APNs over HTTP/2 with token-based authentication: `POST /3/device/<token>` on the production or
// sandbox origin, `authorization: bearer <ES256 JWT {iss: teamId, iat}, kid: keyId>`. Apple wants
// the provider token reused for 20–60 minutes (a new one per request earns TooManyProviderTokenUpdates),
// and refreshed before an hour (ExpiredProviderToken): minted once per key, kept 40 minutes.
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

export function createApnsSender(options: { transport: Http2Transport; origins: { production: string; sandbox: string }; now?: () => number }) {
  const now = options.now ?? Date.now;
  const tokens = new Map<string, { jwt: string; mintedAt: number }>();

  // Per key material, not per key id: a re-uploaded or replaced key must not sign with the old token.
  const cacheKeyOf = (key: ApnsKeyMaterial) => `${key.teamId}/${key.keyId}/${createHash('sha256').update(key.privateKey).digest('base64url')}`;

  function providerToken(key: ApnsKeyMaterial): string {
    const cacheKey = cacheKeyOf(key);
    const kept = tokens.get(cacheKey);
    if (kept && now() - kept.mintedAt < PROVIDER_TOKEN_TTL_MS) return kept.jwt;
    const jwt = signJwt('ES256', key.privateKey, { kid: key.keyId }, { iss: key.teamId, iat: Math.floor(now() / 1000) });
    tokens.set(cacheKey, { jwt, mintedAt: now() });
    return jwt;
  }

  return async function sendApns(key: ApnsKeyMaterial, push: ApnsRequest): Promise<PushResult> {
    const origin = push.environment === 'production' ? options.origins.production : options.origins.sandbox;
    const headers: Record<string, string> = {
      authorization: `bearer ${providerToken(key)}`,
      'apns-topic': push.topic ?? key.topic,
      'apns-push-type': push.pushType,
      'apns-priority': String(push.priority),
      'content-type': 'application/json',
      ...(push.collapseId && { 'apns-collapse-id': push.collapseId }),
      ...(push.expiration !== undefined && { 'apns-expiration': String(push.expiration) }),
    };
    const answer = await options.transport.request(`${origin}/3/device/${push.deviceToken}`, headers, JSON.stringify(push.payload));
    if (answer.status === undefined) return { outcome: answer.refused ? 'misconfigured' : 'retry', error: answer.error ?? 'no answer', latencyMs: answer.latencyMs };
    const said = jsonObjectOf(answer.body).reason;
    const reason = typeof said === 'string' ? said : undefined;
    // An expired or refused provider token is the key's problem, never the device's: mint anew next time.
    if (answer.status === 403) tokens.delete(cacheKeyOf(key));
    return { ...classifyApns(answer.status, reason), statusCode: answer.status, ...(reason && { reason }), latencyMs: answer.latencyMs, ...(answer.headers['apns-id'] && { providerId: answer.headers['apns-id'] }) };
  };
}

/** What an APNs answer means for the device, the credential and the delivery. */
export function classifyApns(status: number, reason: string | undefined): Pick<PushResult, 'outcome'> {
  if (status === 200) return { outcome: 'delivered' };
  if (status === 410 || (status === 400 && (reason === 'BadDeviceToken' || reason === 'DeviceTokenNotForTopic'))) return { outcome: 'token-dead' };
  if (status === 403) return { outcome: 'credential-failing' };
  if (status === 429 || status >= 500) return { outcome: 'retry' };
  return { outcome: 'failed' };
}
