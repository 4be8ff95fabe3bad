// Cursor pagination: `?limit=` (1–100, default 50) and `?cursor=` (the previous page's nextCursor).
import { HttpError } from './errors';

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 100;

export function pageOf(query: { limit?: string; cursor?: string }): { limit: number; after?: string } {
  const limit = query.limit === undefined ? DEFAULT_PAGE : Number(query.limit);
  if (limit > MAX_PAGE) {
    const message = `must be at most ${MAX_PAGE}`;
    throw new HttpError(400, 'invalid_request', `querystring /limit ${message}`, [{ in: 'querystring', path: '/limit', message }]);
  }
  return { limit, ...(query.cursor !== undefined && { after: query.cursor }) };
}
