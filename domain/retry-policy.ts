// What one webhook attempt's result means, and how long to wait before the next one.
// Pure and free of Node built-ins: the event workflow imports it.

/**
 * Seconds before each retry: the Standard Webhooks specification's example schedule (5 s, 5 min,
 * 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h; https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md#retry-schedule),
 * ten attempts over a little more than three days, so a receiver down for a weekend still gets it.
 */
export const DEFAULT_RETRY_SCHEDULE: readonly number[] = [5, 300, 1800, 7200, 18_000, 36_000, 50_400, 72_000, 86_400];
/** The shortest wait a schedule may hold: a receiver is never hammered faster than once a second. */
export const MIN_RETRY_WAIT_SECONDS = 1;
/** The most attempts one delivery may make (the schedule's length + 1). */
export const MAX_ATTEMPTS = 20;
/** A receiver's Retry-After is honoured up to this; past it the receiver is ignored, not obeyed. */
export const MAX_RETRY_AFTER_SECONDS = 24 * 3600;
/** ±10 % so that endpoints failing together do not retry in lockstep. */
const JITTER = 0.1;

export type AttemptVerdict = 'delivered' | 'retry' | 'failed' | 'disable';

/**
 * 2xx delivered. 410 Gone: the receiver says this endpoint is not ours to call any more, so it is
 * disabled. 401/403 are a receiver's misconfiguration, often passing (a secret rotated on one side
 * first, an auth proxy restarting): they are retried like 5xx, except where the endpoint's own
 * format asks for a disable at once (MQTT chat's page does: `disableOnAuthFailure`). Other 4xx are
 * permanent (retrying cannot fix the request) except 408 Request Timeout and 429 Too Many
 * Requests. 3xx are not followed (a redirect is a misconfiguration and could point anywhere) and
 * count as retryable like 5xx. Connection errors and timeouts: pass 0.
 */
export function classifyStatus(statusCode: number, options: { disableOnAuthFailure?: boolean } = {}): AttemptVerdict {
  if (statusCode >= 200 && statusCode < 300) return 'delivered';
  if (statusCode === 410) return 'disable';
  if (statusCode === 401 || statusCode === 403) return options.disableOnAuthFailure ? 'disable' : 'retry';
  if (statusCode === 408 || statusCode === 429) return 'retry';
  if (statusCode >= 400 && statusCode < 500) return 'failed';
  return 'retry';
}

/**
 * Retry-After per RFC 9110 §10.2.3: delay-seconds or an HTTP-date, in whole seconds (rounded up).
 * Decimal seconds are not in the RFC but some servers send them: read, not ignored. Undefined
 * when absent or unusable.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.min(Math.ceil(Number(trimmed)), MAX_RETRY_AFTER_SECONDS + 1);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}

/**
 * Milliseconds to wait after attempt number `attempt` (1-based) failed, or undefined when no
 * attempt is left. A Retry-After within bounds lengthens the scheduled wait, never shortens it: a
 * receiver answering `429, Retry-After: 1` to everything would otherwise use every attempt of a
 * three-day schedule in seconds. `random` is in [0, 1) (the workflow's deterministic Math.random).
 */
export function nextRetryDelayMs(
  schedule: readonly number[],
  attempt: number,
  retryAfterSeconds: number | undefined,
  random: number,
): number | undefined {
  if (attempt > schedule.length || attempt >= MAX_ATTEMPTS) return undefined;
  const base = Math.max(MIN_RETRY_WAIT_SECONDS, schedule[attempt - 1]) * 1000;
  // Jitter spreads retries, but never below the floor: a 1 s schedule must not retry at 0.9 s.
  const scheduled = Math.max(MIN_RETRY_WAIT_SECONDS * 1000, Math.round(base * (1 - JITTER + 2 * JITTER * random)));
  if (retryAfterSeconds !== undefined && retryAfterSeconds <= MAX_RETRY_AFTER_SECONDS) return Math.max(scheduled, retryAfterSeconds * 1000);
  return scheduled;
}
