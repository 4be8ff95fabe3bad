import { HttpError } from './errors';

/**
 * The date-time format lets through instants Date and PostgreSQL cannot hold (a leap second,
 * year 0): refused with a 400 naming the field, not a 500 when PostgreSQL meets them.
 */
export function assertStorableInstant(value: string | undefined | null, path: string): void {
  if (value === undefined || value === null) return;
  const at = new Date(value);
  const year = at.getUTCFullYear();
  if (Number.isNaN(at.getTime()) || year < 1 || year > 9999) {
    const message = 'is not an instant Herald can store (years 1 to 9999, no leap second)';
    throw new HttpError(400, 'invalid_request', `body ${path} ${message}`, [{ in: 'body', path, message }]);
  }
}
