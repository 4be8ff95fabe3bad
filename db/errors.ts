// Which of PostgreSQL's refusals are permanent. A statement refused for what it contains — a data
// exception (class 22: a NUL in text, a malformed value) or an integrity violation (23) — is
// refused again however often it is retried. Everything else may pass on a later try: the server
// restarting, a lost connection, a serialization failure, and also class 42 (a missing table or
// privilege), which an operator can put right while the retries wait.
// Codes: https://www.postgresql.org/docs/current/errcodes-appendix.html

const PERMANENT_CLASSES = new Set(['22', '23']);

export function isPermanentDatabaseError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && PERMANENT_CLASSES.has(code.slice(0, 2));
}

/** Connection failures: a socket refused, reset or timed out, and pg-pool's wait for a client. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * PostgreSQL cannot be reached or will not take more work just now: a connection failure, class
 * 08 (connection exception), 53 (insufficient resources: too many connections) or 57P01–57P03
 * (shutting down, starting up). The request may succeed later; nothing was done.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (UNREACHABLE_CODES.has(code) || /^(08|53)/.test(code) || /^57P0[123]$/.test(code)) return true;
  const message = typeof e?.message === 'string' ? e.message : '';
  return /timeout exceeded when trying to connect|Connection terminated/.test(message);
}
