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
  /** Set when the endpoint must be disabled: it said so (401/403/410) or its retries ran out. */
  disabledReason?: string;
  /** A channel's provider refused the message for good: the workflow emits this message.rejected. */
  rejection?: HeraldEvent;
}

export interface WebhookAttempt {
  outcome: AttemptOutcome;
  record: AttemptRecord;
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

export function createWebhookChannel(poster: HttpPoster) {
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
    let result: PostResult;
    if (target.secretError) {
      // Unsigned, it would be refused by every receiver that verifies; unsent, the operator can fix the key.
      result = { latencyMs: 0, error: target.secretError };
    } else {
      const { body, contentType } = bodyOf(event, target);
      const headers = webhookHeaders(target.secrets, webhookId, Math.floor(now / 1000), body);
      result = await poster.post(target.url, { ...headers, 'content-type': contentType }, body, { propagateTrace: true, appId: event.appId });
    }

    // Permanent: a secret that does not open, a target the private-address policy refuses.
    const verdict: AttemptVerdict = target.secretError
      ? 'failed'
      : result.refused
        ? 'disable'
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
    if (result.refused) {
      disabledReason = `target refused by the private-address policy (HERALD_ALLOW_PRIVATE_TARGETS): ${result.refused}`;
    } else if (verdict === 'disable') {
      disabledReason = `endpoint answered HTTP ${result.statusCode} on ${new Date(now).toISOString()}`;
    }
    // A 429 says the receiver is busy, not broken: it counts toward neither failing nor recovering.
    const throttled = result.statusCode === 429;

    const record: AttemptRecord = {
      endpointId: target.endpointId,
      ...(event.replay && { deliveryKey: deliveryKeyOf(event, target.endpointId) }),
      url: target.url,
      attempt,
      webhookId,
      statusCode: result.statusCode,
      latencyMs: result.latencyMs,
      error,
      responseExcerpt: result.responseExcerpt,
      deliveryStatus: verdict === 'delivered' ? 'delivered' : retryInMs !== undefined ? 'retrying' : 'failed',
      nextAttemptAt: retryInMs !== undefined ? new Date(now + retryInMs) : undefined,
      // The receiver's health, not Herald's: a secret that does not open says nothing of the endpoint.
      ...(!target.secretError && !throttled && { health: verdict === 'delivered' ? 'delivered' : 'failed' }),
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
