// The per-key buckets: a burst, then one at the rate; a flood of new keys (a token-less URL's ids)
// forgets the least recently used ones, never resetting a busy key's bucket.
import { createRateLimiter } from '../../api/rate-limit';

it('gives a burst, then waits at the rate, saying how long', () => {
  let now = 0;
  const limiter = createRateLimiter({ rate: 2, burst: 4 }, () => now);
  expect(Array.from({ length: 5 }, () => limiter.take('k').ok)).toEqual([true, true, true, true, false]);
  expect(limiter.take('k')).toEqual({ ok: false, retryAfterSeconds: 1 });
  now += 500;
  expect(limiter.take('k').ok).toBe(true);
});

it('keeps a busy key limited through a flood of new keys', () => {
  const limiter = createRateLimiter({ rate: 1, burst: 1 }, () => 0);
  expect(limiter.take('busy').ok).toBe(true);
  for (let i = 0; i < 150_000; i++) {
    limiter.take(`flood-${i}`);
    // The busy key keeps being used, so it is never the least recently used.
    if (i % 10_000 === 0) expect(limiter.take('busy').ok).toBe(false);
  }
  expect(limiter.take('busy').ok).toBe(false);
});
