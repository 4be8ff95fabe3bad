// FCM HTTP v1: an OAuth2 access token from the service account (an RS256 JWT-bearer assertion
// posted to its token_uri, RFC 7523), kept until five minutes before it expires, then
// `POST /v1/projects/<project_id>/messages:send` with `{message: {token, data, android, apns?, notification?}}`.
// https://firebase.google.com/docs/cloud-messaging/send/v1-api
import { createHash } from 'node:crypto';
import type { FcmServiceAccount } from '../../domain/push-credentials';
import type { Http2Transport } from './http2-transport';
import { signJwt } from './jwt';
import type { PushResult } from './push-result';
import { jsonObjectOf } from '../channels/peer-text';

export const FCM_SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';
const REFRESH_BEFORE_MS = 5 * 60_000;

export interface FcmMessage {
  token: string;
  data: Record<string, string>;
  android?: object;
  apns?: object;
  notification?: { title?: string; body?: string };
}

export function createFcmSender(options: { transport: Http2Transport; origin: string; now?: () => number }) {
  const now = options.now ?? Date.now;
  const tokens = new Map<string, { accessToken: string; until: number }>();
  // Per key, not per account: a service account with a new key gets a token of its own.
  const cacheKeyOf = (a: FcmServiceAccount) => `${a.client_email}/${createHash('sha256').update(a.private_key).digest('base64url')}`;

  // Sends that find no token share one fetch: a burst of pushes on a cold worker asks Google once.
  const fetching = new Map<string, Promise<string | PushResult>>();

  /** An access token, or the PushResult that explains why there is none. */
  function accessToken(account: FcmServiceAccount): Promise<string | PushResult> {
    const cacheKey = cacheKeyOf(account);
    const kept = tokens.get(cacheKey);
    if (kept && kept.until - REFRESH_BEFORE_MS > now()) return Promise.resolve(kept.accessToken);
    let pending = fetching.get(cacheKey);
    if (!pending) {
      pending = fetchAccessToken(account, cacheKey).finally(() => fetching.delete(cacheKey));
      fetching.set(cacheKey, pending);
    }
    return pending;
  }

  async function fetchAccessToken(account: FcmServiceAccount, cacheKey: string): Promise<string | PushResult> {
    const iat = Math.floor(now() / 1000);
    const assertion = signJwt('RS256', account.private_key, {}, { iss: account.client_email, scope: FCM_SCOPE, aud: account.token_uri, iat, exp: iat + 3600 });
    const form = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }).toString();
    const answer = await options.transport.request(account.token_uri, { 'content-type': 'application/x-www-form-urlencoded' }, form);
    if (answer.status === undefined) return { outcome: answer.refused ? 'misconfigured' : 'retry', error: `token endpoint: ${answer.error}`, latencyMs: answer.latencyMs };
    if (answer.status === 200) {
      const body = jsonObjectOf(answer.body) as { access_token?: string; expires_in?: number };
      if (body.access_token) {
        tokens.set(cacheKey, { accessToken: body.access_token, until: now() + (body.expires_in ?? 3600) * 1000 });
        return body.access_token;
      }
    }
    const outcome = answer.status === 429 || answer.status >= 500 ? 'retry' : 'credential-failing';
    return { outcome, statusCode: answer.status, reason: `token endpoint answered ${answer.status}: ${answer.body.slice(0, 200)}`, latencyMs: answer.latencyMs };
  }

  return async function sendFcm(account: FcmServiceAccount, message: FcmMessage): Promise<PushResult> {
    const url = `${options.origin}/v1/projects/${encodeURIComponent(account.project_id)}/messages:send`;
    const send = async () => {
      const token = await accessToken(account);
      if (typeof token !== 'string') return token;
      return options.transport.request(url, { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, JSON.stringify({ message }));
    };
    let answer = await send();
    if ('outcome' in answer) return answer;
    // A 401 is most often an access token Google revoked or expired early: one new token and the
    // same message once more, before the credential is called failing.
    if (answer.status === 401) {
      tokens.delete(cacheKeyOf(account));
      const again = await send();
      if ('outcome' in again) return again;
      // No answer the second time says nothing of the account: the push is tried again later.
      if (again.status === undefined) return { outcome: again.refused ? 'misconfigured' : 'retry', error: again.error ?? 'no answer', latencyMs: answer.latencyMs + again.latencyMs };
      answer = { ...again, latencyMs: answer.latencyMs + again.latencyMs };
    }
    if (answer.status === undefined) return { outcome: answer.refused ? 'misconfigured' : 'retry', error: answer.error ?? 'no answer', latencyMs: answer.latencyMs };
    const { code: reason, message: errorMessage } = fcmError(answer.body);
    if (answer.status === 401 || answer.status === 403) tokens.delete(cacheKeyOf(account));
    return {
      ...classifyFcm(answer.status, reason, errorMessage),
      statusCode: answer.status,
      ...(reason && { reason }),
      ...(answer.headers['retry-after'] && { retryAfter: answer.headers['retry-after'] }),
      ...(answer.status === 200 && { providerId: (jsonObjectOf(answer.body) as { name?: string }).name }),
      latencyMs: answer.latencyMs,
    };
  };
}

/** FCM's error: details[].errorCode (UNREGISTERED, INVALID_ARGUMENT, …), else error.status, and its message. */
function fcmError(body: string): { code?: string; message?: string } {
  const error = jsonObjectOf(body).error as { status?: string; message?: string; details?: { errorCode?: string }[] } | undefined;
  const details = Array.isArray(error?.details) ? error.details : [];
  return { code: details.find((d) => d?.errorCode)?.errorCode ?? error?.status, message: error?.message };
}

/** INVALID_ARGUMENT is the token's fault only when its message says so ("…registration token…"). */
export function classifyFcm(status: number, code: string | undefined, message = ''): Pick<PushResult, 'outcome'> {
  if (status === 200) return { outcome: 'delivered' };
  if (code === 'UNREGISTERED' || (status === 400 && code === 'INVALID_ARGUMENT' && /token/i.test(message))) return { outcome: 'token-dead' };
  // A 404 that does not say UNREGISTERED is a project or origin that does not exist: the
  // credential's (or the operator's) problem, never a reason to drop the app's devices.
  if (status === 401 || status === 403 || status === 404 || code === 'SENDER_ID_MISMATCH' || code === 'THIRD_PARTY_AUTH_ERROR') return { outcome: 'credential-failing' };
  if (status === 429 || status >= 500) return { outcome: 'retry' };
  return { outcome: 'failed' };
}
