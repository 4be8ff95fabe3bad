// What one webhook attempt's result means, and how long to wait before the next one.
// Pure and free of Node built-ins: the event workflow imports it.

/** Seconds before each retry of a guaranteed endpoint: ~27 hours in all, as Svix spaces them. */
export const DEFAULT_RETRY_SCHEDULE: readonly number[] = [5, 300, 1800, 7200, 18_000, 36_000, 36_000];
/** The most attempts one delivery may make (the schedule's length + 1). */
export const MAX_ATTEMPTS = 20;
/** A receiver's Retry-After is honoured up to this; past it the receiver is ignored, not obeyed. */
export const MAX_RETRY_AFTER_SECONDS = 24 * 3600;
/** ±10 % so that endpoints failing together do not retry in lockstep. */
const JITTER = 0.1;

export type AttemptVerdict = 'delivered' | 'retry' | 'failed' | 'disable';

/**
 * 2xx delivered. 401/403/410: the receiver says this endpoint is not ours to call any more, so
 * it is disabled. Other 4xx are permanent (retrying cannot fix the request) except 408 Request
 * Timeout and 429 Too Many Requests. 3xx are not followed (a redirect is a misconfiguration and
 * could point anywhere) and count as retryable like 5xx. Connection errors and timeouts: pass 0.
 */
export function classifyStatus(statusCode: number): AttemptVerdict {
  if (statusCode >= 200 && statusCode < 300) return 'delivered';
  if (statusCode === 401 || statusCode === 403 || statusCode === 410) return 'disable';
  if (statusCode === 408 || statusCode === 429) return 'retry';
  if (statusCode >= 400 && statusCode < 500) return 'failed';
  return 'retry';
}

/** Retry-After per RFC 9110 §10.2.3: delay-seconds or an HTTP-date. Undefined when absent or unusable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed), MAX_RETRY_AFTER_SECONDS + 1);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}

/**
 * Milliseconds to wait after attempt number `attempt` (1-based) failed, or undefined when no
 * attempt is left. A Retry-After within bounds replaces the scheduled wait; `random` is in [0, 1)
 * (the workflow's deterministic Math.random).
 */
export function nextRetryDelayMs(
  schedule: readonly number[],
  attempt: number,
  retryAfterSeconds: number | undefined,
  random: number,
): number | undefined {
  if (attempt > schedule.length || attempt >= MAX_ATTEMPTS) return undefined;
  if (retryAfterSeconds !== undefined && retryAfterSeconds <= MAX_RETRY_AFTER_SECONDS) {
    return Math.max(1, retryAfterSeconds) * 1000;
  }
  const base = schedule[attempt - 1] * 1000;
  return Math.round(base * (1 - JITTER + 2 * JITTER * random));
}
