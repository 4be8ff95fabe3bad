// Temporal's codec-server protocol on Herald's API, so the Temporal UI and CLI show event data that
// Herald encrypted (runtime/payload-encryption.ts): POST /codec/decode and /codec/encode take and
// answer `{"payloads": [{"metadata": {k: base64}, "data": base64}]}`.
//
// Who may call: decoding reveals every app's event data, so the admin token only
// (`temporal … --codec-endpoint <api>/codec --codec-auth "Bearer <admin token>"`, or a proxy that
// adds it). The Temporal UI forwards no credential of Herald's (it forwards only its own sign-in's
// token, when set up to): for it, /codec/ui/<key>/… carries a key derived from the admin token, in
// the endpoint the UI is given (`herald dev` gives it to its dev server). Whoever may open that
// UI may decode, as they could read the decoded pages anyway; rotating the admin token changes the
// key. Browsers call it across origins: CORS answers the origins in HERALD_CODEC_CORS_ORIGINS.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { HttpError } from '../errors';
import type { Authenticator } from '../auth';

/** The key in the Temporal UI's codec endpoint: derived, so every API process agrees on it. */
export function codecUiKey(adminToken: string): string {
  return createHmac('sha256', adminToken).update('herald codec endpoint for the Temporal UI').digest('base64url');
}

/** Payloads of a workflow's history page, decoded in one call: above the API's 256 KiB. */
const CODEC_BODY_LIMIT = 8 * 1024 * 1024;
const Base64 = Type.String({ pattern: '^[A-Za-z0-9+/_-]*={0,2}$', maxLength: CODEC_BODY_LIMIT });
const JsonPayload = Type.Object({
  metadata: Type.Optional(Type.Record(Type.String({ maxLength: 256 }), Base64)),
  data: Type.Optional(Base64),
  // The UI may send payloads as the history holds them; fields Herald does not read pass by.
}, { additionalProperties: true });
// A page of history events at a time is what the UI sends; the input guard's 20,000 JSON nodes bound it too.
const Payloads = Type.Object({ payloads: Type.Array(JsonPayload, { maxItems: 2000 }) }, { additionalProperties: true });
const Key = Type.Object({ key: Type.String({ minLength: 1, maxLength: 100 }) });

export interface CodecRouteDeps {
  /** Unset when no payload key is configured: the routes answer 404 saying so. */
  codec?: PayloadCodec;
  auth: Authenticator;
  adminToken: string;
  /** Origins allowed to call from a browser (the Temporal UI's). */
  corsOrigins: readonly string[];
}

export const codecRoutes: FastifyPluginAsyncTypebox<CodecRouteDeps> = async (app, deps) => {
  const uiKey = Buffer.from(codecUiKey(deps.adminToken));
  const allowed = new Set(deps.corsOrigins);

  // CORS for the UI: answered on every /codec answer, preflight included, for allowed origins only.
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (!origin || !allowed.has(origin)) return;
    reply.header('access-control-allow-origin', origin).header('vary', 'origin').header('access-control-allow-credentials', 'true');
    if (request.method === 'OPTIONS') {
      reply
        .header('access-control-allow-methods', 'POST, OPTIONS')
        .header('access-control-allow-headers', request.headers['access-control-request-headers'] ?? 'authorization, content-type, x-namespace')
        .header('access-control-max-age', '600');
    }
  });
  app.options('/codec/*', { schema: { hide: true }, logLevel: 'warn' }, async (request, reply) => {
    const origin = request.headers.origin;
    if (!origin || !allowed.has(origin)) throw new HttpError(403, 'forbidden', `origin ${origin ?? '(none)'} may not call the codec endpoint: add it to HERALD_CODEC_CORS_ORIGINS`);
    return reply.code(204).send();
  });

  const codec = () => {
    if (!deps.codec) throw new HttpError(404, 'not_found', 'payloads are not encrypted here: set HERALD_PAYLOAD_KEY to encrypt them (and serve this endpoint)');
    return deps.codec;
  };
  const byAdmin = async (request: FastifyRequest) => {
    await deps.auth.authenticate(request);
    deps.auth.requireAdmin(request);
  };
  const byUiKey = async (request: FastifyRequest) => {
    const given = Buffer.from((request.params as Static<typeof Key>).key);
    if (given.length !== uiKey.length || !timingSafeEqual(given, uiKey)) throw new HttpError(401, 'unauthorized', 'this codec endpoint key is not valid (it changes with the admin token)');
  };
  const answer = (direction: 'encode' | 'decode') => async (request: FastifyRequest, reply: FastifyReply) => {
    // The schema above checked it.
    const payloads = (request.body as Static<typeof Payloads>).payloads.map(fromJson);
    let out: Payload[];
    try {
      out = direction === 'decode' ? await codec().decode(payloads) : await codec().encode(payloads);
    } catch (err) {
      if (err instanceof HttpError) throw err;
      throw new HttpError(400, 'codec_failed', (err as Error).message);
    }
    return reply.send({ payloads: out.map(toJson) });
  };
  const schema = { hide: true, body: Payloads };
  // Credentials (and whether there is a codec at all) are checked on arrival, before the body, up
  // to CODEC_BODY_LIMIT, is read. Request logs at warn: the UI's URL holds its key, and the log
  // must not (a 5xx is still logged, with the key cut out, by the error handler).
  const ready = async () => void codec();
  for (const direction of ['encode', 'decode'] as const) {
    app.post(`/codec/${direction}`, { schema: { ...schema, response: { 200: Payloads } }, bodyLimit: CODEC_BODY_LIMIT, logLevel: 'warn', onRequest: [byAdmin, ready] }, answer(direction));
    app.post(`/codec/ui/:key/${direction}`, { schema: { ...schema, params: Key, response: { 200: Payloads } }, bodyLimit: CODEC_BODY_LIMIT, logLevel: 'warn', onRequest: [byUiKey, ready] }, answer(direction));
  }
};

type JsonPayloadType = { metadata?: Record<string, string>; data?: string };

function fromJson(p: JsonPayloadType): Payload {
  const metadata: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(p.metadata ?? {})) metadata[k] = Buffer.from(v, 'base64');
  return { metadata, data: Buffer.from(p.data ?? '', 'base64') };
}

function toJson(p: Payload): JsonPayloadType {
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.metadata ?? {})) if (v) metadata[k] = Buffer.from(v).toString('base64');
  return { metadata, data: Buffer.from(p.data ?? new Uint8Array()).toString('base64') };
}
