// One error shape for every failure (CONTRACT.md): {"error": {"code", "message", "details"}}.
import type { FastifyError, FastifyInstance } from 'fastify';
import { isDatabaseUnavailable } from '../db/errors';
import { BODY_LIMIT_BYTES } from './http-limits';

export interface ErrorDetail {
  /** Where the problem is: `body`, `params`, `querystring` or `headers`. */
  in?: string;
  /** JSON Pointer into that part of the request. */
  path?: string;
  message: string;
}

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** Headers the answer carries (Retry-After). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`);

/** A 400 naming every problem found in the body (a JSON Pointer and what is wrong there), the first in its message. */
export function invalidBody(code: string, problems: { path: string; message: string }[]): HttpError {
  const details = problems.map((p) => ({ in: 'body', path: p.path, message: p.message }));
  return new HttpError(400, code, `body ${details[0].path} ${details[0].message}`, details);
}

/** A cap reached (db/caps.ts): 409, saying the limit and the variable that sets it. */
export const limitReached = (code: string, holder: string, count: string, variable: string) =>
  new HttpError(409, code, `${holder} has ${count}, the most it may have (${variable}); delete one first`);

// Fastify's own client errors, given stable codes of ours.
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
};

/** Fastify's bare messages ("Unsupported Media Type") told as what to do instead. */
const CLIENT_MESSAGES: Record<string, (contentType: string | undefined) => string> = {
  unsupported_media_type: (contentType) =>
    `Herald's API takes JSON: send the body with content-type: application/json${contentType ? ` (this request said ${JSON.stringify(contentType.slice(0, 100))})` : ' (this request gave no content-type)'}`,
  payload_too_large: () => `the body is larger than ${BODY_LIMIT_BYTES / 1024} KiB (${BODY_LIMIT_BYTES} bytes), the most one request may carry`,
};

export function registerErrorHandling(app: FastifyInstance): void {
  // The API speaks JSON only: anything else is a 415, not a confusing schema error.
  app.removeContentTypeParser('text/plain');
  // JSON.parse's own message names the position of the fault: that is the "where" a client needs.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    if (text.trim() === '') {
      return done(new HttpError(400, 'malformed_json', 'the body is empty; send a JSON object', [{ in: 'body', message: 'is empty' }]));
    }
    try {
      done(null, JSON.parse(text));
    } catch (err) {
      const message = (err as Error).message;
      done(new HttpError(400, 'malformed_json', `the body is not valid JSON: ${message}`, [{ in: 'body', message }]));
    }
  });

  app.setErrorHandler((err: FastifyError | HttpError, request, reply) => {
    if (err instanceof HttpError) {
      for (const [name, value] of Object.entries(err.headers)) reply.header(name, value);
      return reply.code(err.statusCode).send({ error: { code: err.code, message: err.message, details: err.details } });
    }
    if (err.validation) {
      const where = err.validationContext ?? 'body';
      const details = validationDetails(err.validation, where);
      const first = details[0];
      return reply.code(400).send({
        error: { code: 'invalid_request', message: `${where}${first.path === '/' ? '' : ` ${first.path}`} ${first.message}`, details },
      });
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // JSON.parse's message names the position of the fault, which is the "where" a client needs.
      const code = (err.code && FASTIFY_CODES[err.code]) ?? (status === 413 ? 'payload_too_large' : 'bad_request');
      return reply.code(status).send({ error: { code, message: CLIENT_MESSAGES[code]?.(request.headers['content-type']) ?? err.message, details: [] } });
    }
    // The stack goes to the log (with the request id pino binds to request.log), never to the client.
    // The Temporal UI's codec URL carries its key, a portal link its one-time token: never into a log.
    request.log.error({ err, method: request.method, url: request.url.replace(/^\/codec\/ui\/[^/?]+/, '/codec/ui/<key>').replace(/^\/console\/portal\/[^/?]+/, '/console/portal/<link>') }, 'request failed');
    // PostgreSQL away or full: nothing was accepted, and the same request may pass in a moment.
    if (isDatabaseUnavailable(err)) {
      return reply
        .code(503)
        .header('retry-after', '1')
        .send({ error: { code: 'database_unavailable', message: `PostgreSQL is not answering; nothing was done: try again (request id ${request.id})`, details: [] } });
    }
    return reply.code(status >= 500 ? status : 500).send({
      error: {
        code: 'internal_error',
        message: `Herald could not handle this request; its log has the cause under request id ${request.id}`,
        details: [],
      },
    });
  });

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}`, details: [] } }),
  );
}

/** Ajv's errors as Herald's details: where, the JSON pointer (a missing or extra property's own), what is wrong. */
export function validationDetails(
  errors: readonly { keyword: string; instancePath: string; params: unknown; message?: string }[],
  where: string,
  prefix = '',
): { in: string; path: string; message: string }[] {
  return errors.map((v) => {
    const missing = v.keyword === 'required' ? `/${(v.params as { missingProperty: string }).missingProperty}` : '';
    const extra = v.keyword === 'additionalProperties' ? `/${(v.params as { additionalProperty: string }).additionalProperty}` : '';
    const message = v.keyword === 'required' ? 'is required' : v.keyword === 'additionalProperties' ? 'is not allowed here' : (v.message ?? 'is invalid');
    return { in: where, path: `${prefix}${v.instancePath}${missing}${extra}` || '/', message };
  });
}
