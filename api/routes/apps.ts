import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppParams, AppView, CreateAppBody, PageQuery, UpdateAppBody, errorResponses } from '../schemas';
import { pageOf } from '../pagination';
import { Type } from '@sinclair/typebox';
import { hashApiKey, newId } from '../../domain/ids';
import { HttpError, notFound } from '../errors';
import type { RouteDeps } from '../route-deps';

const newApiKey = () => `hk_${randomBytes(32).toString('base64url')}`;

export const appRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { auth, apps, portal }) => {
  app.post(
    '/v1/apps',
    {
      schema: {
        body: CreateAppBody,
        response: { 201: Type.Composite([AppView, Type.Object({ apiKey: Type.String() })]), ...errorResponses },
      },
    },
    async (request, reply) => {
      auth.requireAdmin(request);
      // The key is shown once, here; only its SHA-256 is stored.
      const apiKey = newApiKey();
      const created = await apps.create({
        id: newId('app'),
        name: request.body.name,
        apiKeyHash: hashApiKey(apiKey),
        settings: request.body.settings ?? {},
      });
      return reply.code(201).send({ ...created, apiKey });
    },
  );

  app.get(
    '/v1/apps',
    { schema: { querystring: PageQuery, response: { 200: Type.Object({ data: Type.Array(AppView), nextCursor: Type.Optional(Type.String()) }), ...errorResponses } } },
    async (request) => {
      auth.requireAdmin(request);
      const page = await apps.list(pageOf(request.query));
      return { data: page.data, ...(page.nextCursor && { nextCursor: page.nextCursor }) };
    },
  );

  // A new key; the old one is refused by every API process within a second (api/auth.ts).
  app.post(
    '/v1/apps/:appId/api-key/rotate',
    { schema: { params: AppParams, response: { 200: Type.Object({ apiKey: Type.String() }), ...errorResponses } } },
    async (request) => {
      auth.requireApp(request, request.params.appId);
      auth.requireKey(request);
      const apiKey = newApiKey();
      if (!(await apps.replaceKey(request.params.appId, hashApiKey(apiKey)))) throw notFound('app');
      // Portal links and sessions the old key (or its holder) opened end with it.
      await portal.revokeApp(request.params.appId);
      auth.forget(request.params.appId);
      return { apiKey };
    },
  );

  // The app and all it owns. Its workflows in flight find nothing left to deliver to: an event's
  // round reads no endpoint or route, a retry finds its endpoint gone and is skipped.
  app.delete('/v1/apps/:appId', { schema: { params: AppParams, response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
    auth.requireAdmin(request);
    if (!(await apps.remove(request.params.appId))) throw notFound('app');
    auth.forget(request.params.appId);
    return reply.code(204).send(null);
  });

  app.get('/v1/apps/:appId', { schema: { params: AppParams, response: { 200: AppView, ...errorResponses } } }, async (request) => {
    auth.requireApp(request, request.params.appId);
    const found = await apps.get(request.params.appId);
    if (!found) throw notFound('app');
    return found;
  });

  // The app an API key (or a portal link's session) belongs to: how the console signs in with
  // nothing but the key, or with its session cookie alone; `portal` says which, and if read-only.
  const OwnAppView = Type.Object({
    ...AppView.properties,
    portal: Type.Optional(Type.Object({ readOnly: Type.Boolean(), expiresAt: Type.String() })),
  });
  app.get('/v1/app', { schema: { response: { 200: OwnAppView, ...errorResponses } } }, async (request) => {
    const p = request.principal;
    if (p?.kind !== 'app') throw new HttpError(400, 'not_an_app_key', 'the admin token belongs to no app: use GET /v1/apps/:appId');
    const found = await apps.get(p.appId);
    if (!found) throw notFound('app');
    return { ...found, ...(p.portal && { portal: p.portal }) };
  });

  app.patch(
    '/v1/apps/:appId',
    { schema: { params: AppParams, body: UpdateAppBody, response: { 200: AppView, ...errorResponses } } },
    async (request) => {
      auth.requireApp(request, request.params.appId);
      const updated = await apps.update(request.params.appId, request.body);
      if (!updated) throw notFound('app');
      return updated;
    },
  );
};
