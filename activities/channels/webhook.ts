// The webhook channel: sign, POST, classify, log, and decide what comes next for one endpoint.
import { webhookHeaders } from '../../domain/signing';
import { webhookBody, type HeraldEvent } from '../../domain/event-envelope';
import { webhookMessageId } from '../../domain/ids';
import { classifyStatus, nextRetryDelayMs, parseRetryAfter, type AttemptVerdict } from '../../domain/retry-policy';
import type { EventsRepository, RouteTarget } from '../../db/events-repository';
import type { EndpointsRepository } from '../../db/endpoints-repository';
import type { HttpPoster } from './http-post';

/** What the workflow needs to know after an attempt. Serialisable; carries no secret. */
export interface AttemptOutcome {
  endpointId: string;
  url: string;
  attempt: number;
  verdict: AttemptVerdict;
  statusCode?: number;
  error?: string;
  /** Set when another attempt is due: wait this long, then call retryDelivery. */
  retryInMs?: number;
  /** Set when this attempt disabled the endpoint. */
  disabledReason?: string;
}

export interface WebhookDeps {
  events: EventsRepository;
  endpoints: EndpointsRepository;
  poster: HttpPoster;
}

export function createWebhookChannel({ events, endpoints, poster }: WebhookDeps) {
  return async function attemptWebhook(
    event: HeraldEvent,
    target: RouteTarget,
    attempt: number,
    retrySchedule: readonly number[],
  ): Promise<AttemptOutcome> {
    const body = webhookBody(event);
    const webhookId = webhookMessageId(event.appId, event.id);
    const now = Date.now();
    const headers = webhookHeaders(target.secrets, webhookId, Math.floor(now / 1000), body);
    const result = await poster.post(target.url, headers, body);

    const verdict: AttemptVerdict = result.statusCode === undefined ? 'retry' : classifyStatus(result.statusCode);
    const schedule = target.guaranteed ? retrySchedule : [];
    const retryInMs =
      verdict === 'retry'
        ? nextRetryDelayMs(schedule, attempt, parseRetryAfter(result.retryAfter, now), Math.random())
        : undefined;
    const error = result.error ?? (verdict === 'delivered' ? undefined : `HTTP ${result.statusCode}`);

    let disabledReason: string | undefined;
    if (verdict === 'disable') {
      disabledReason = `endpoint answered HTTP ${result.statusCode} on ${new Date(now).toISOString()}`;
    } else if (verdict === 'retry' && retryInMs === undefined && target.guaranteed) {
      disabledReason = `all ${attempt} attempts failed; last: ${error}`;
    }

    await events.recordAttempt({
      appId: event.appId,
      eventId: event.id,
      endpointId: target.endpointId,
      url: target.url,
      attempt,
      webhookId,
      statusCode: result.statusCode,
      latencyMs: result.latencyMs,
      error,
      responseExcerpt: result.responseExcerpt,
      deliveryStatus: verdict === 'delivered' ? 'delivered' : retryInMs !== undefined ? 'retrying' : 'failed',
      nextAttemptAt: retryInMs !== undefined ? new Date(now + retryInMs) : undefined,
    });
    if (disabledReason) await endpoints.setStatus(event.appId, target.endpointId, 'disabled', disabledReason);

    return {
      endpointId: target.endpointId,
      url: target.url,
      attempt,
      verdict,
      ...(result.statusCode !== undefined && { statusCode: result.statusCode }),
      ...(error && { error }),
      ...(retryInMs !== undefined && { retryInMs }),
      ...(disabledReason && { disabledReason }),
    };
  };
}
