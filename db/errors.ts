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
