// Request bins: `POST /v1/apps/:appId/bins` makes a URL on Herald's own API that records every
// request to it — method, path, headers, body, time — for a day, its last 100; point an endpoint
// at it to see exactly what Herald sends. The URL itself needs no token (senders have none).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppParams, ResourceId, errorResponses } from '../schemas';
import { newId } from '../../domain/ids';
import { limitReached, notFound } from '../errors';
import { LIMIT_VARIABLES } from '../../db/caps';
import type { BinsRepository } from '../../db/bins-repository';
import { assertUnderRate, RATE_LIMIT_VARIABLES, type RateLimiters } from '../rate-limit';
import type { RouteDeps } from '../route-deps';
import { publicOrigin } from '../public-origin';

const BinView = Type.Object({ id: Type.String(), url: Type.String(), expiresAt: Type.String() });
const BinRequestView = Type.Object({
  method: Type.String(),
  path: Type.String(),
  headers: Type.Object({}, { additionalProperties: true }),
  body: Type.String(),
  truncated: Type.Boolean(),
  receivedAt: Type.String(),
});

export const binRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { auth, bins, publicUrl, limits }) => {
  /** A bin as its app sees it: its URL at the address senders reach Herald by. */
  const binView = (request: FastifyRequest, bin: { id: string; expiresAt: Date }) => ({
    id: bin.id,
    url: `${publicOrigin(request, publicUrl)}/bins/${bin.id}`,
    expiresAt: bin.expiresAt.toISOString(),
  });

  app.post('/v1/apps/:appId/bins', { schema: { params: AppParams, response: { 201: BinView, ...errorResponses } } }, async (request, reply) => {
    const { appId } = request.params;
    auth.requireApp(request, appId);
    await auth.requireAppExists(request, appId);
    const bin = await bins.create(newId('bin'), appId, limits.binsPerApp);
    if (bin === 'limit') throw limitReached('bin_limit', 'the app', `${limits.binsPerApp} live bins`, LIMIT_VARIABLES.binsPerApp);
    return reply.code(201).send(binView(request, bin));
  });

  // Every live bin of the app, wherever it was made (the console lists them all).
  app.get('/v1/apps/:appId/bins', { schema: { params: AppParams, response: { 200: Type.Object({ data: Type.Array(BinView) }), ...errorResponses } } }, async (request) => {
    auth.requireApp(request, request.params.appId);
    return { data: (await bins.list(request.params.appId)).map((bin) => binView(request, bin)) };
  });

  app.get(
    '/v1/apps/:appId/bins/:binId/requests',
    { schema: { params: Type.Object({ appId: ResourceId, binId: ResourceId }), response: { 200: Type.Object({ data: Type.Array(BinRequestView) }), ...errorResponses } } },
    async (request) => {
      auth.requireApp(request, request.params.appId);
      const data = await bins.requests(request.params.appId, request.params.binId);
      if (!data) throw notFound('bin');
      return { data };
    },
  );
};

/** The bins' own URLs: any method, any body, no token. Registered outside the authenticated API. */
export async function binReceiver(app: FastifyInstance, { bins, rates }: { bins: BinsRepository; rates: Pick<RateLimiters, 'bins'> }): Promise<void> {
  // Whatever the sender sends is kept as it came: no parsing, no 415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.route({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/bins/:binId',
    schema: { hide: true, params: Type.Object({ binId: ResourceId }) },
    handler: async (request, reply) => {
      const { binId } = request.params as { binId: string };
      // Anyone may call a bin's URL: a flood is held to the bin's rate, not written to PostgreSQL.
      assertUnderRate(rates.bins, binId, 'requests to this bin', RATE_LIMIT_VARIABLES.binRequestsPerSecond);
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const recorded = await bins.record(binId, { method: request.method, path: request.url, headers: request.headers, body });
      if (!recorded) throw notFound('bin');
      return reply.code(200).send({ ok: true });
    },
  });
}
