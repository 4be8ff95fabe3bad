// Text that comes back from a peer (a receiver's answer, a provider's error), made fit for the log.

/** An error as one line: its code first when the message does not already name it. */
export function describeError(err: NodeJS.ErrnoException): string {
  return err.code && !err.message.includes(err.code) ? `${err.code}: ${err.message}` : err.message;
}

/** PostgreSQL's text and jsonb refuse U+0000; a peer may send it, so it is replaced (U+FFFD). */
export function storable(text: string): string {
  return text.replace(/\u0000/g, '\uFFFD');
}

/** A provider's JSON object, or {} when it sent something else: its answer's status still decides. */
export function jsonObjectOf(text: string | undefined): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text ?? '');
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
