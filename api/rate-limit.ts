// Per-token rate limits on what makes Herald send: events, replays and endpoint tests (an app key
// or the admin token), and the token-less request bins (per bin). A token bucket per key: `rate`
// a second on average, `burst` at once; past it, 429 with Retry-After saying when one is free.
//
// Each API process keeps its own buckets: with N API processes behind a balancer, a key may reach
// N times its rate in all. A shared counter would cost every event a write on its hot path (the
// event's own row is the only one it makes); a limit meant to stop a runaway producer or a probe
// flood does its work per process as well, and an operator sets the rate per process.
import { HttpError } from './errors';

export interface BucketOptions {
  /** Requests a second, on average. */
  rate: number;
  /** Requests at once, from a full bucket. */
  burst: number;
}

const MAX_KEYS = 100_000;

export function createRateLimiter(options: BucketOptions, now: () => number = Date.now) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    /** Takes one request's token for `key`; the seconds to wait for one when there is none. */
    take(key: string): { ok: true } | { ok: false; retryAfterSeconds: number } {
      const t = now();
      let bucket = buckets.get(key);
      if (!bucket) {
        // A full map forgets its least recently used keys (a Map iterates oldest first, and each
        // use moves its key to the end): a flood of new keys cannot reset the busy ones' buckets.
        if (buckets.size >= MAX_KEYS) for (const old of [...buckets.keys()].slice(0, MAX_KEYS / 10)) buckets.delete(old);
        bucket = { tokens: options.burst, at: t };
      } else {
        buckets.delete(key);
      }
      buckets.set(key, bucket);
      bucket.tokens = Math.min(options.burst, bucket.tokens + ((t - bucket.at) / 1000) * options.rate);
      bucket.at = t;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / options.rate)) };
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;

/** The limits per key (events, replays and tests) and per bin, per API process. */
export interface RateLimits {
  /** HERALD_EVENTS_PER_SECOND_PER_KEY: events a second; bursts of twice that. */
  eventsPerSecond: number;
  /** HERALD_PROBES_PER_MINUTE_PER_KEY: replays and endpoint tests a minute; bursts of a sixth of that. */
  probesPerMinute: number;
  /** HERALD_BIN_REQUESTS_PER_SECOND: requests a second to one request bin; bursts of twice that. */
  binRequestsPerSecond: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { eventsPerSecond: 500, probesPerMinute: 60, binRequestsPerSecond: 10 };

export const RATE_LIMIT_VARIABLES: Record<keyof RateLimits, string> = {
  eventsPerSecond: 'HERALD_EVENTS_PER_SECOND_PER_KEY',
  probesPerMinute: 'HERALD_PROBES_PER_MINUTE_PER_KEY',
  binRequestsPerSecond: 'HERALD_BIN_REQUESTS_PER_SECOND',
};

export function createRateLimiters(limits: RateLimits) {
  return {
    events: createRateLimiter({ rate: limits.eventsPerSecond, burst: limits.eventsPerSecond * 2 }),
    probes: createRateLimiter({ rate: limits.probesPerMinute / 60, burst: Math.max(1, Math.ceil(limits.probesPerMinute / 6)) }),
    bins: createRateLimiter({ rate: limits.binRequestsPerSecond, burst: limits.binRequestsPerSecond * 2 }),
    /** Providers' status callbacks, per route: a few per message, so far above a bin's rate. */
    callbacks: createRateLimiter({ rate: 500, burst: 1000 }),
  };
}

export type RateLimiters = ReturnType<typeof createRateLimiters>;

/** Whose bucket a request takes from: its app's key, or the admin token's. */
export function rateKeyOf(principal: { kind: 'admin' } | { kind: 'app'; appId: string } | undefined): string {
  return principal?.kind === 'app' ? `app:${principal.appId}` : 'admin';
}

/** A 429 for `what`, with the Retry-After the bucket gives. */
export function assertUnderRate(limiter: RateLimiter, key: string, what: string, variable: string): void {
  const taken = limiter.take(key);
  if (taken.ok) return;
  throw new HttpError(429, 'rate_limited', `too many ${what}: try again in ${taken.retryAfterSeconds} s (${variable})`, [], {
    'retry-after': String(taken.retryAfterSeconds),
  });
}
