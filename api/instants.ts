import { HttpError } from './errors';

/**
 * The date-time format lets through instants Date and PostgreSQL cannot hold (a leap second,
 * year 0): refused with a 400 naming the field, not a 500 when PostgreSQL meets them. Returns the
 * instant as Herald stores it (ISO 8601 in UTC).
 */
export function assertStorableInstant<T extends string | undefined | null>(value: T, path: string, location: 'body' | 'querystring' = 'body'): T {
  if (value === undefined || value === null) return value;
  const at = new Date(value);
  const year = at.getUTCFullYear();
  if (Number.isNaN(at.getTime()) || year < 1 || year > 9999) {
    const message = 'is not an instant Herald can store (years 1 to 9999, no leap second)';
    throw new HttpError(400, 'invalid_request', `${location} ${path} ${message}`, [{ in: location, path, message }]);
  }
  // In UTC: PostgreSQL refuses offsets past ±15:59 that the date-time format allows.
  return at.toISOString() as T;
}
