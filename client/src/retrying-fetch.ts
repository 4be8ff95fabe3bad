// A fetch that tries again when Herald says to: 429 (a key's rate: nothing was done) and 503
// (PostgreSQL or Temporal away). A 503 is tried again only where that cannot do a thing twice: a
// read, a PUT or DELETE, an event sent with its id (stored, and started later), or a refusal that
// says nothing was done (`database_unavailable`); a replay or a recovery whose start may have
// happened is left to the caller. It waits the Retry-After Herald gives, else a growing, jittered
// backoff; other answers are returned as they are.

export interface RetryOptions {
  /** Tries after the first (default 3). */
  maxRetries: number;
  /** The first backoff, doubled each time (default 500 ms); Retry-After wins when given. */
  baseDelayMs: number;
  /** No backoff is longer (default 30 s); a Retry-After is waited in full, up to 5 minutes. */
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

const MAX_RETRY_AFTER_MS = 5 * 60_000;
/** Sends Herald takes again without doing them twice: reads, PUT, DELETE, and events (each carries its id). */
const IDEMPOTENT = /^\/v1\/apps\/[^/]+\/events(\/batch)?$/;

async function mayRetry(request: Request, response: Response): Promise<boolean> {
  if (response.status === 429) return true;
  if (response.status !== 503) return false;
  if (['GET', 'HEAD', 'PUT', 'DELETE'].includes(request.method) || IDEMPOTENT.test(new URL(request.url).pathname)) return true;
  const body = (await response.clone().json().catch(() => undefined)) as { error?: { code?: string } } | undefined;
  return body?.error?.code === 'database_unavailable';
}

export function retryingFetch(inner: typeof fetch, options: RetryOptions): typeof fetch {
  return async (input, init) => {
    // A Request's body can be read once: each try sends a copy.
    const request = new Request(input, init);
    for (let attempt = 0; ; attempt++) {
      const response = await inner(request.clone());
      if (attempt >= options.maxRetries || !(await mayRetry(request, response))) return response;
      const backoff = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt * (0.8 + Math.random() * 0.4));
      const asked = retryAfterMs(response.headers.get('retry-after'));
      const wait = asked === undefined ? backoff : Math.min(MAX_RETRY_AFTER_MS, asked);
      // The answer is read and dropped: its connection goes back to the pool.
      await response.arrayBuffer().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  };
}
