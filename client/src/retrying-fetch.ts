// A fetch that tries again when Herald says to: 429 (a key's rate) and 503 (PostgreSQL or Temporal
// away; a 503 for an event means it is stored and will start, and sending it again is safe, as
// every send carries an id). It waits the Retry-After Herald gives, else a growing, jittered
// backoff; other answers are returned as they are.

export interface RetryOptions {
  /** Tries after the first (default 3). */
  maxRetries: number;
  /** The first backoff, doubled each time (default 500 ms); Retry-After wins when given. */
  baseDelayMs: number;
  /** No wait is longer (default 30 s). */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 30_000 };

/** Retry-After in ms: seconds, or an HTTP date. */
export function retryAfterMs(value: string | null, nowMs = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

export function retryingFetch(inner: typeof fetch, options: RetryOptions): typeof fetch {
  return async (input, init) => {
    // A Request's body can be read once: each try sends a copy.
    const request = new Request(input, init);
    for (let attempt = 0; ; attempt++) {
      const response = await inner(request.clone());
      if ((response.status !== 429 && response.status !== 503) || attempt >= options.maxRetries) return response;
      const backoff = options.baseDelayMs * 2 ** attempt * (0.8 + Math.random() * 0.4);
      const wait = Math.min(options.maxDelayMs, retryAfterMs(response.headers.get('retry-after')) ?? backoff);
      // The answer is read and dropped: its connection goes back to the pool.
      await response.arrayBuffer().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  };
}
