// Which of PostgreSQL's refusals are permanent. A statement refused for what it contains — a data
// exception (class 22: a NUL in text, a malformed value), an integrity violation (23), a syntax or
// access-rule error (42) — is refused again however often it is retried; everything else (the
// server restarting, a lost connection, a serialization failure) may pass on a later try.
// Codes: https://www.postgresql.org/docs/current/errcodes-appendix.html

const PERMANENT_CLASSES = new Set(['22', '23', '42']);

export function isPermanentDatabaseError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && PERMANENT_CLASSES.has(code.slice(0, 2));
}
