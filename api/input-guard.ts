// What PostgreSQL, JSON and Temporal cannot hold, refused at the door with where it is, before any
// schema or handler sees it: a NUL character (text and jsonb refuse it), a lone UTF-16 surrogate
// (it cannot be encoded as UTF-8, so it would be silently replaced), a number JSON cannot carry
// (1e400 parses as Infinity and would be stored as null), and structures deeper or larger than any
// event needs. Bodies are already bounded in bytes by Fastify's bodyLimit.
import type { FastifyInstance } from 'fastify';
import { HttpError, type ErrorDetail } from './errors';

export const MAX_DEPTH = 32;
export const MAX_NODES = 20_000;

// A NUL, or a surrogate half without its partner.
const UNSAFE_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const pointerPart = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

function textProblem(text: string): string | undefined {
  const m = UNSAFE_TEXT.exec(text);
  if (!m) return undefined;
  return m[0] === '\u0000'
    ? `contains a NUL character (\\u0000) at position ${m.index}, which Herald cannot store`
    : `contains an unpaired UTF-16 surrogate (\\u${m[0].charCodeAt(0).toString(16)}) at position ${m.index}: not valid Unicode`;
}

/** The first problem in a parsed JSON value (or params/query object), as a JSON Pointer and a message. */
export function findInputProblem(value: unknown): { path: string; message: string } | undefined {
  let nodes = 0;
  const visit = (v: unknown, path: string, depth: number): { path: string; message: string } | undefined => {
    if (++nodes > MAX_NODES) return { path: path || '/', message: `has more than ${MAX_NODES} values in all` };
    if (typeof v === 'string') {
      const problem = textProblem(v);
      return problem ? { path: path || '/', message: problem } : undefined;
    }
    if (typeof v === 'number') {
      return Number.isFinite(v) ? undefined : { path: path || '/', message: 'is a number out of range' };
    }
    if (v === null || typeof v !== 'object') return undefined;
    if (depth >= MAX_DEPTH) return { path: path || '/', message: `nests deeper than ${MAX_DEPTH} levels` };
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const found = visit(v[i], `${path}/${i}`, depth + 1);
        if (found) return found;
      }
      return undefined;
    }
    for (const [key, child] of Object.entries(v)) {
      const keyProblem = textProblem(key);
      if (keyProblem) return { path: `${path}/${pointerPart(key)}`, message: `has a key that ${keyProblem}` };
      const found = visit(child, `${path}/${pointerPart(key)}`, depth + 1);
      if (found) return found;
    }
    return undefined;
  };
  return visit(value, '', 0);
}

/** `itemsGuarded`: routes whose body is a list the route guards item by item (a batch's events). */
/** The 400 for a problem findInputProblem found, under `where` (`/events/3` for a batch's event). */
export function inputProblem(location: 'params' | 'querystring' | 'body', problem: { path: string; message: string }, where = ''): HttpError {
  const detail: ErrorDetail = { in: location, path: `${where}${problem.path}`, message: problem.message };
  return new HttpError(400, 'invalid_request', `${location} ${detail.path} ${problem.message}`, [detail]);
}

export function registerInputGuard(app: FastifyInstance, itemsGuarded: readonly string[] = []): void {
  app.addHook('preValidation', async (request) => {
    const byItem = itemsGuarded.includes(request.routeOptions.url ?? '');
    for (const [where, value] of [
      ['params', request.params],
      ['querystring', request.query],
      // A raw body (a request bin's) is recorded as it came, not read as JSON.
      ['body', Buffer.isBuffer(request.body) || byItem ? undefined : request.body],
    ] as const) {
      const problem = findInputProblem(value);
      if (problem) throw inputProblem(where, problem);
    }
  });
}
