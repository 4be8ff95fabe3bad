import {
  DEFAULT_RETRY_SCHEDULE,
  MAX_RETRY_AFTER_SECONDS,
  classifyStatus,
  nextRetryDelayMs,
  parseRetryAfter,
} from '../../domain/retry-policy';

describe('classifyStatus', () => {
  it.each([
    [200, 'delivered'], [204, 'delivered'], [299, 'delivered'],
    [401, 'retry'], [403, 'retry'], [410, 'disable'],
    [400, 'failed'], [404, 'failed'], [413, 'failed'], [422, 'failed'],
    [408, 'retry'], [429, 'retry'], [500, 'retry'], [502, 'retry'], [503, 'retry'],
    [301, 'retry'], [302, 'retry'],
  ])('HTTP %i is %s', (status, verdict) => {
    expect(classifyStatus(status)).toBe(verdict);
  });

  it('disables at 401/403 only where the endpoint\'s format asks for it (MQTT chat)', () => {
    expect([401, 403, 410, 500].map((s) => classifyStatus(s, { disableOnAuthFailure: true }))).toEqual(['disable', 'disable', 'disable', 'retry']);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads delay-seconds, decimal ones rounded up', () => {
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter(' 1.5 ', now)).toBe(2);
  });
  it('reads an HTTP-date', () => expect(parseRetryAfter('Thu, 01 Jan 2026 00:01:00 GMT', now)).toBe(60));
  it('treats a date in the past as now', () => expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0));
  it('ignores garbage and absence', () => {
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('nextRetryDelayMs', () => {
  it('follows the schedule with at most ±10 % jitter', () => {
    expect(nextRetryDelayMs([5, 300], 1, undefined, 0)).toBe(4500);
    expect(nextRetryDelayMs([5, 300], 1, undefined, 0.5)).toBe(5000);
    expect(nextRetryDelayMs([5, 300], 2, undefined, 0.999999)).toBeCloseTo(330_000, -2);
  });

  it('stops once the schedule is used up: its length + 1 attempts in all', () => {
    expect(nextRetryDelayMs([5, 300], 3, undefined, 0.5)).toBeUndefined();
    expect(nextRetryDelayMs([], 1, undefined, 0.5)).toBeUndefined();
  });

  it('lets Retry-After lengthen a wait within bounds, never shorten it, and ignores it beyond them', () => {
    expect(nextRetryDelayMs([5], 1, 120, 0.5)).toBe(120_000);
    expect(nextRetryDelayMs([300], 1, 1, 0.5)).toBe(300_000);
    expect(nextRetryDelayMs([5], 1, 0, 0.5)).toBe(5000);
    expect(nextRetryDelayMs([5], 1, MAX_RETRY_AFTER_SECONDS + 1, 0.5)).toBe(5000);
  });

  it('never waits less than a second', () => {
    expect(nextRetryDelayMs([0.1], 1, undefined, 0.5)).toBe(1000);
    // Not even once jitter has taken its tenth off a one-second wait.
    expect(nextRetryDelayMs([1], 1, undefined, 0)).toBe(1000);
    expect(nextRetryDelayMs([1], 1, undefined, 1)).toBe(1100);
  });

  it('follows the Standard Webhooks schedule by default: ten attempts over a little more than three days', () => {
    expect(DEFAULT_RETRY_SCHEDULE).toEqual([5, 300, 1800, 7200, 18_000, 36_000, 50_400, 72_000, 86_400]);
    const total = DEFAULT_RETRY_SCHEDULE.reduce((a, b) => a + b, 0);
    expect(total / 86_400).toBeGreaterThan(3);
    expect(total / 86_400).toBeLessThan(3.3);
  });
});
