// The webhook channel: sign, POST, classify, and decide what comes next for one endpoint. It
// writes nothing: the caller records a whole round of attempts in one statement.
import { inAttemptSpan } from './attempt-span';
import { spansRecorded } from '../../runtime/spans';
import { webhookHeaders } from '../../domain/signing';
import { deliveryKeyOf, messageKeyOf, type HeraldEvent } from '../../domain/event-envelope';
import { renderPayload } from '../../domain/payload-formats';
import { webhookMessageId } from '../../domain/ids';
import { classifyStatus, nextRetryDelayMs, parseRetryAfter, type AttemptVerdict } from '../../domain/retry-policy';
import type { AttemptRecord, RouteTarget } from '../../db/events-repository';
import type { HttpPoster, PostResult } from './http-post';
import { headerProblems } from '../../domain/endpoint-controls';
import { loadSandbox, TransformationError, type Webhook } from '../transform/sandbox';
import { createTokenCache, TokenUnavailable } from './oauth-tokens';

/** What the workflow needs to know after an attempt. Serialisable; carries no secret. */
export interface AttemptOutcome {
  endpointId: string;
  url: string;
  attempt: number;
  /**
   * skipped: not sent, by the user's policy (activities/channels/user-recipient.ts); held: the
   * user's workflow sends it later. `error` says why.
   */
  verdict: AttemptVerdict | 'skipped' | 'held';
  statusCode?: number;
  error?: string;
  /** Set when another attempt is due: wait this long, then call retryDelivery. */
  retryInMs?: number;
  /**
   * The wait is for a slot of the endpoint's rate limit, already taken (db/rate-slots.ts): no
   * attempt was made, and the next one goes at the end of the wait without taking another.
   */
  slotted?: boolean;
  /** Set when the endpoint must be disabled: it said so (401/403/410) or its retries ran out. */
  disabledReason?: string;
  /** A channel's provider refused the message for good: the workflow emits this message.rejected. */
  rejection?: HeraldEvent;
}

export interface WebhookAttempt {
  outcome: AttemptOutcome;
  record: AttemptRecord;
  /** Records logged before `record` (a route's channels the send moved on from). */
  moved?: AttemptRecord[];
}

/**
 * What every endpoint of one event shares, worked out once per event (a round attempts many
 * endpoints with the same event object): its webhook-id and its body in each format.
 */
const perEvent = new WeakMap<HeraldEvent, { webhookId: string; bodies: Map<string, ReturnType<typeof renderPayload>> }>();

function sharedOf(event: HeraldEvent) {
  let shared = perEvent.get(event);
  if (!shared) {
    shared = { webhookId: webhookMessageId(event.appId, messageKeyOf(event)), bodies: new Map() };
    perEvent.set(event, shared);
  }
  return shared;
}

function bodyOf(event: HeraldEvent, target: Pick<RouteTarget, 'format' | 'formatOptions'>) {
  const { bodies } = sharedOf(event);
  // Only mesibo's body depends on the endpoint's options (its secret field).
  const key = target.format === 'mesibo' ? `mesibo:${target.formatOptions.mesiboSecret ?? ''}` : target.format;
  let rendered = bodies.get(key);
  if (!rendered) {
    rendered = renderPayload(target.format, target.formatOptions, event);
    bodies.set(key, rendered);
  }
  return rendered;
}

/** The request a delivery makes: the endpoint's, or what its transformation made of it. */
interface Outgoing {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * What a transformation sees of a sealed header's value, and the test route shows: the real value
 * goes in only after the run, so no handler can read it (into its payload, an error, another URL).
 */
export const SEALED_HEADER_VALUE = '(sealed)';

/**
 * The endpoint's transformation run on the request (activities/transform/sandbox.ts): the request
 * it returns, `cancelled` when it said cancel, or why it failed (that delivery alone; `retry` when
 * the fault was Herald's, the sandbox not starting, not the function's).
 */
/**
 * What a transformation is handed: the request with its body parsed (a format that is not JSON,
 * mesibo's form, as the text it is) and its headers' sealed values as SEALED_HEADER_VALUE.
 * Deliveries and the API's transformation test both hand it this.
 */
export function transformationInput(request: { method: string; url: string; headerNames: readonly string[]; body: string }): Webhook {
  let payload: unknown;
  try {
    payload = JSON.parse(request.body);
  } catch {
    payload = request.body;
  }
  const headers = Object.fromEntries(request.headerNames.map((name) => [name, SEALED_HEADER_VALUE]));
  return { method: request.method, url: request.url, headers, payload, cancel: false };
}

async function transformed(source: string, request: Outgoing): Promise<Outgoing | 'cancelled' | { failed: string; retry?: true }> {
  try {
    const sandbox = await loadSandbox();
    const out = await sandbox.run(source, transformationInput({ ...request, headerNames: Object.keys(request.headers) }));
    if (out.cancel) return 'cancelled';
    const wrong = headerProblems(out.headers, false);
    if (wrong.length > 0) return { failed: `transformation returned header ${wrong[0].path.slice('/headers/'.length)}, which ${wrong[0].message}` };
    // A sealed value the function kept is put back; one it set is its own.
    const headers = Object.fromEntries(Object.entries(out.headers).map(([name, value]) => [name, value === SEALED_HEADER_VALUE && name in request.headers ? request.headers[name] : value]));
    return { method: out.method, url: out.url, headers, body: typeof out.payload === 'string' ? out.payload : JSON.stringify(out.payload) };
  } catch (err) {
    if (err instanceof TransformationError) return { failed: `transformation failed: ${err.message}` };
    return { failed: `Herald could not run the transformation: ${(err as Error).message}`, retry: true };
  }
}

/** What sending one webhook made: the answer, the URL it went to, or why nothing was sent. */
export interface Sent {
  result: PostResult;
  url: string;
  /** Failed in Herald before anything was sent: a secret that does not open, a transformation that failed, no OAuth token. */
  unsent?: string;
  /** The unsent delivery may go on a later attempt (Herald's own trouble, or the token URL's), not failed for good. */
  retryable?: boolean;
  /** The transformation said cancel: nothing sent, not a failure. */
  cancelled?: true;
}

/**
 * Sends an event to an endpoint as every delivery does (its body, transformation, signature, extra
 * headers, OAuth token and client certificate): the deliveries' channel and the API's simulator
 * share it. The endpoint's secrets (sealed header values, the token, the client certificate) go
 * only to its own origin: a transformation that sends elsewhere sends without them.
 */
export function createWebhookSender(poster: Pick<HttpPoster, 'post'>) {
  const tokens = createTokenCache(poster);

  /** The request sent with the endpoint's auth (a bearer token, fetched again once when refused with 401) and client certificate. */
  async function post(target: RouteTarget, request: Outgoing, appId: string, secretsGo: boolean): Promise<PostResult | { tokenError: TokenUnavailable }> {
    const { auth, tls } = secretsGo ? (target.controls ?? {}) : {};
    const options = { propagateTrace: true, appId, method: request.method, ...(tls && { tls }) };
    if (!auth) return poster.post(request.url, request.headers, request.body, options);
    // The token is Herald's to set: a header of that name from the transformation gives way.
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name.toLowerCase() !== 'authorization'));
    let token: string;
    try {
      token = await tokens.token(auth);
    } catch (err) {
      if (!(err instanceof TokenUnavailable)) throw err;
      return { tokenError: err };
    }
    const first = await poster.post(request.url, { ...headers, authorization: `Bearer ${token}` }, request.body, options);
    if (first.statusCode !== 401) return first;
    // Revoked or expired early: one new token (unless another delivery got one already), one more try, in this attempt.
    try {
      token = await tokens.token(auth, token);
    } catch (err) {
      if (!(err instanceof TokenUnavailable)) throw err;
      return { ...first, error: `HTTP 401, and a new token could not be had: ${err.message}` };
    }
    return poster.post(request.url, { ...headers, authorization: `Bearer ${token}` }, request.body, options);
  }

  return async function send(event: HeraldEvent, target: RouteTarget, webhookId: string, nowMs: number): Promise<Sent> {
    // Unsigned, it would be refused by every receiver that verifies; unsent, the operator can fix the key.
    if (target.secretError) return { result: { latencyMs: 0, error: target.secretError }, url: target.url, unsent: target.secretError };
    const { body, contentType } = bodyOf(event, target);
    let request: Outgoing = { method: 'POST', url: target.url, headers: { ...target.controls?.headers }, body };
    let secretsGo = true;
    if (target.controls?.transformation) {
      const changed = await transformed(target.controls.transformation, request);
      if (changed === 'cancelled') return { result: { latencyMs: 0 }, url: target.url, cancelled: true };
      if ('failed' in changed) return { result: { latencyMs: 0, error: changed.failed }, url: target.url, unsent: changed.failed, ...(changed.retry && { retryable: true }) };
      secretsGo = sameOrigin(changed.url, target.url);
      // Sealed values kept for another origin are dropped with the rest of the endpoint's secrets.
      request = secretsGo ? changed : { ...changed, headers: Object.fromEntries(Object.entries(changed.headers).filter(([name, value]) => !(name in request.headers && value === request.headers[name]))) };
    }
    // A body-less method sends no body: the signature then covers the empty body it sends.
    if (request.method === 'GET' || request.method === 'HEAD') request = { ...request, body: '' };
    // Herald's own headers last: the signature covers the body as sent, transformed or not.
    const headers = { ...request.headers, ...webhookHeaders(target.secrets, webhookId, Math.floor(nowMs / 1000), request.body), 'content-type': contentType };
    const result = await post(target, { ...request, headers }, event.appId, secretsGo);
    if ('tokenError' in result) {
      const { message, permanent } = result.tokenError;
      return { result: { latencyMs: 0, error: message }, url: request.url, unsent: message, ...(!permanent && { retryable: true }) };
    }
    return { result, url: request.url };
  };
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

export function createWebhookChannel(poster: HttpPoster) {
  const send = createWebhookSender(poster);

  /** `waitedMs`: how long the workflow waited before this attempt (its retry delay; 0 for the first). */
  return function attemptWebhook(
    event: HeraldEvent,
    target: RouteTarget,
    attempt: number,
    retrySchedule: readonly number[],
    waitedMs = 0,
  ): Promise<WebhookAttempt> {
    if (!spansRecorded()) return attemptOnce(event, target, attempt, retrySchedule);
    return inAttemptSpan(
      'webhook attempt',
      { event, attempt, waitedMs, target: { 'herald.endpoint.id': target.endpointId } },
      () => attemptOnce(event, target, attempt, retrySchedule),
      (outcome) => outcome.error ?? outcome.verdict,
    );
  };

  async function attemptOnce(event: HeraldEvent, target: RouteTarget, attempt: number, retrySchedule: readonly number[]): Promise<WebhookAttempt> {
    const { webhookId } = sharedOf(event);
    const now = Date.now();
    const { result, url, unsent, retryable, cancelled } = await send(event, target, webhookId, now);
    if (cancelled) return cancelledAttempt(event, target, attempt, webhookId);

    // Permanent: a secret that does not open, a failing transformation, a target the
    // private-address policy refuses (the endpoint's own URL; a transformation's fails the delivery only).
    const verdict: AttemptVerdict = unsent
      ? retryable ? 'retry' : 'failed'
      : result.refused
        ? url === target.url ? 'disable' : 'failed'
        : result.statusCode === undefined
          ? 'retry'
          : classifyStatus(result.statusCode, { disableOnAuthFailure: target.format === 'mqttchat' });
    const schedule = target.guaranteed ? retrySchedule : [];
    const retryInMs =
      verdict === 'retry'
        ? nextRetryDelayMs(schedule, attempt, parseRetryAfter(result.retryAfter, now), Math.random())
        : undefined;
    const error = result.error ?? (verdict === 'delivered' ? undefined : `HTTP ${result.statusCode}`);

    // One message's retries running out ends that delivery, not the endpoint: an endpoint is
    // disabled for failing only when its failures span days across messages (the health columns,
    // db/attempts-writer.ts), or at once when it says so (410; 401/403 in MQTT chat's format).
    let disabledReason: string | undefined;
    if (result.refused && verdict === 'disable') {
      disabledReason = `target refused by the private-address policy (HERALD_ALLOW_PRIVATE_TARGETS): ${result.refused}`;
    } else if (verdict === 'disable') {
      disabledReason = `endpoint answered HTTP ${result.statusCode} on ${new Date(now).toISOString()}`;
    }
    // A 429 says the receiver is busy, not broken: it counts toward neither failing nor recovering.
    const throttled = result.statusCode === 429;

    const record: AttemptRecord = {
      endpointId: target.endpointId,
      ...(event.replay && { deliveryKey: deliveryKeyOf(event, target.endpointId) }),
      url,
      attempt,
      webhookId,
      statusCode: result.statusCode,
      latencyMs: result.latencyMs,
      error,
      responseExcerpt: result.responseExcerpt,
      deliveryStatus: verdict === 'delivered' ? 'delivered' : retryInMs !== undefined ? 'retrying' : 'failed',
      nextAttemptAt: retryInMs !== undefined ? new Date(now + retryInMs) : undefined,
      // The receiver's health, not Herald's: a secret that does not open says nothing of the endpoint.
      ...(!unsent && !throttled && { health: verdict === 'delivered' ? 'delivered' : 'failed' }),
    };
    const outcome: AttemptOutcome = {
      endpointId: target.endpointId,
      url: target.url,
      attempt,
      // A retryable failure with no attempt left is where the delivery ends: failed.
      verdict: verdict === 'retry' && retryInMs === undefined ? 'failed' : verdict,
      ...(result.statusCode !== undefined && { statusCode: result.statusCode }),
      ...(error && { error }),
      ...(retryInMs !== undefined && { retryInMs }),
      ...(disabledReason && { disabledReason }),
    };
    return { outcome, record };
  }
}

/** A delivery its endpoint's transformation cancelled: nothing sent, not a failure. */
function cancelledAttempt(event: HeraldEvent, target: RouteTarget, attempt: number, webhookId: string): WebhookAttempt {
  const reason = 'cancelled by the endpoint\'s transformation (it returned cancel: true)';
  return {
    outcome: { endpointId: target.endpointId, url: target.url, attempt, verdict: 'skipped', error: reason },
    record: {
      endpointId: target.endpointId,
      ...(event.replay && { deliveryKey: deliveryKeyOf(event, target.endpointId) }),
      url: target.url,
      attempt,
      webhookId,
      latencyMs: 0,
      error: reason,
      deliveryStatus: 'cancelled',
    },
  };
}

/**
 * A delivery waiting for its slot under the endpoint's rate limit: nothing sent yet, the delivery
 * `queued` with when it goes (no attempt row), and its workflow's timer set for it.
 */
export function waitingForSlot(event: HeraldEvent, target: RouteTarget, attempt: number, delayMs: number): WebhookAttempt {
  const waitMs = Math.ceil(delayMs);
  const reason = `waiting for the endpoint's rate limit (${target.controls?.rateLimit}/s): attempt ${attempt} in ${waitMs} ms`;
  return {
    outcome: { endpointId: target.endpointId, url: target.url, attempt: attempt - 1, verdict: 'retry', retryInMs: waitMs, slotted: true },
    record: {
      endpointId: target.endpointId,
      ...(event.replay && { deliveryKey: deliveryKeyOf(event, target.endpointId) }),
      url: target.url,
      attempt: attempt - 1,
      webhookId: sharedOf(event).webhookId,
      latencyMs: 0,
      error: reason,
      deliveryStatus: 'queued',
      nextAttemptAt: new Date(Date.now() + waitMs),
    },
  };
}
