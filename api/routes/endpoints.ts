import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { pageOf } from '../pagination';
import { AppParams, PageQuery, CreateEndpointBody, EndpointParams, EndpointView, UpdateEndpointBody, errorResponses, conflictResponse } from '../schemas';
import { generateSecret } from '../../domain/signing';
import { newId } from '../../domain/ids';
import { MAX_LIVE_PREVIOUS_SECRETS, type Endpoint } from '../../db/endpoints-repository';
import { HttpError, invalidBody, notFound } from '../errors';
import { eventsFromMesiboMask } from '../../domain/payload-formats';
import { assertAllowedTarget } from '../target-check';
import { binIdOf } from '../../activities/channels/bin-aware-poster';
import type { RouteDeps } from '../route-deps';
import { publicOrigin } from '../public-origin';
import { controlsInput, type ControlChecks } from '../endpoint-controls-input';
import { checkTransformationSource } from '../../activities/transform/sandbox';

/** The subscription from `events` or from mesibo's `eventMask`: exactly one of them when required. */
function subscription(body: { events?: string[]; eventMask?: number | string }, required: boolean): string[] | undefined {
  const where = (path: string, message: string) => new HttpError(400, 'invalid_request', `body ${path} ${message}`, [{ in: 'body', path, message }]);
  if (body.events && body.eventMask !== undefined) throw where('/eventMask', 'cannot be given with events; choose one');
  if (body.eventMask === undefined) {
    if (required && !body.events) throw where('/events', 'is required (or eventMask)');
    return body.events;
  }
  // The schema bounds the mask to 32 bits, as mesibo's is.
  const mask = typeof body.eventMask === 'number' ? body.eventMask : parseInt(body.eventMask, 16);
  const { events, unknownBits } = eventsFromMesiboMask(mask);
  if (unknownBits) throw where('/eventMask', `has bits Herald does not know: 0x${(unknownBits >>> 0).toString(16)} (known: 0x10, 0x20, 0x100)`);
  if (events.length === 0) throw where('/eventMask', 'selects no event type (known bits: 0x10, 0x20, 0x100)');
  return events;
}

/** An ordered endpoint delivers one event at a time already; its pace is its receiver's. */
function refuseOrderedRateLimit(ordered: boolean | undefined, rateLimit: number | null | undefined): void {
  if (ordered && rateLimit) throw invalidBody('invalid_endpoint', [{ path: '/rateLimit', message: 'does not apply to an ordered endpoint, which delivers one event at a time' }]);
}

function view(e: Endpoint) {
  return {
    id: e.id,
    url: e.url,
    events: e.events,
    ...(e.description !== null && { description: e.description }),
    guaranteed: e.guaranteed,
    format: e.format,
    status: e.status,
    ...(e.disabledReason !== null && { disabledReason: e.disabledReason }),
    ...(e.disabledAt !== null && { disabledAt: e.disabledAt.toISOString() }),
    consecutiveFailures: e.consecutiveFailures,
    ...(e.failingSince !== null && { failingSince: e.failingSince.toISOString() }),
    ordered: e.ordered,
    ...e.controls,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

export const endpointRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (
  app,
  { auth, endpoints, bins, allowPrivateTargets, lookup, maxEndpointsPerApp, secretRotationGraceSeconds, wakeOrdered, starter, publicUrl },
) => {
  /** An ordered endpoint's workflow learns of a delete or `ordered: false` now, and ends. Best effort: the change is made. */
  async function tellOrdered(log: FastifyBaseLogger, appId: string, endpointId: string): Promise<void> {
    await wakeOrdered(appId, endpointId).catch((err) => log.warn({ err, endpointId }, 'could not wake the ordered endpoint\'s workflow'));
  }

  /**
   * The private-address policy, which the app's own live bins pass (their deliveries are recorded
   * in process), at the address Herald gave them: a bin's path on any other host is an ordinary
   * URL, checked like one.
   */
  async function checkTarget(request: FastifyRequest, appId: string, url: string): Promise<void> {
    const binId = binIdOf(url);
    if (binId) {
      const ours = new URL(publicOrigin(request, publicUrl)).origin;
      if (new URL(url).origin === ours && (await bins.exists(binId, appId))) return;
    }
    await assertAllowedTarget(url, allowPrivateTargets, lookup);
  }

  // The sandbox loads on the first transformation given, not at start: most apps have none.
  const checks: ControlChecks = { allowPrivateTargets, lookup, checkTransformation: checkTransformationSource };

  const WithSecret = Type.Composite([EndpointView, Type.Object({ secret: Type.String() })]);

  app.post(
    '/v1/apps/:appId/endpoints',
    { schema: { params: AppParams, body: CreateEndpointBody, response: { 201: WithSecret, ...errorResponses, ...conflictResponse } } },
    async (request, reply) => {
      const { appId } = request.params;
      auth.requireApp(request, appId);
      const events = subscription(request.body, true)!;
      await checkTarget(request, appId, request.body.url);
      refuseOrderedRateLimit(request.body.ordered, request.body.rateLimit);
      const controls = await controlsInput(request.body, checks);
      const secret = generateSecret();
      const created = await endpoints.create({
        id: newId('ep'),
        appId,
        url: request.body.url,
        events,
        description: request.body.description,
        // Retrying is the default (Standard Webhooks); `guaranteed: false` is chat-api's single attempt.
        guaranteed: request.body.guaranteed ?? true,
        ordered: request.body.ordered ?? false,
        format: request.body.format,
        formatOptions: request.body.formatOptions,
        secret,
        controls,
        limit: maxEndpointsPerApp,
      });
      if (created === 'no-app') throw notFound('app');
      if (created === 'limit') {
        // Each event fans out to every endpoint in one activity: the cap keeps that bounded.
        throw new HttpError(
          409,
          'endpoint_limit',
          `the app has ${maxEndpointsPerApp} endpoints, the most it may have (HERALD_MAX_ENDPOINTS_PER_APP); delete one first`,
        );
      }
      return reply.code(201).send({ ...view(created), secret });
    },
  );

  app.get(
    '/v1/apps/:appId/endpoints',
    {
      schema: {
        params: AppParams,
        querystring: PageQuery,
        response: { 200: Type.Object({ data: Type.Array(EndpointView), nextCursor: Type.Optional(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      auth.requireApp(request, request.params.appId);
      const page = await endpoints.list(request.params.appId, pageOf(request.query));
      return { ...page, data: page.data.map(view) };
    },
  );

  app.get(
    '/v1/apps/:appId/endpoints/:endpointId',
    { schema: { params: EndpointParams, response: { 200: EndpointView, ...errorResponses } } },
    async (request) => {
      auth.requireApp(request, request.params.appId);
      const found = await endpoints.get(request.params.appId, request.params.endpointId);
      if (!found) throw notFound('endpoint');
      return view(found);
    },
  );

  app.patch(
    '/v1/apps/:appId/endpoints/:endpointId',
    { schema: { params: EndpointParams, body: UpdateEndpointBody, response: { 200: EndpointView, ...errorResponses } } },
    async (request) => {
      const { appId, endpointId } = request.params;
      auth.requireApp(request, appId);
      const events = subscription(request.body, false);
      if (request.body.url) await checkTarget(request, request.params.appId, request.body.url);
      const { eventMask: _mask, filter: _f, rateLimit: _r, transformation: _t, headers: _h, auth: _a, tls: _tls, ...patch } = request.body;
      // What a patch of the URL must give again is judged against the endpoint as stored.
      const stored = request.body.url !== undefined || request.body.headers || request.body.ordered || request.body.rateLimit ? await endpoints.get(appId, endpointId) : undefined;
      if (stored) refuseOrderedRateLimit(request.body.ordered ?? stored.ordered, request.body.rateLimit === undefined ? stored.controls.rateLimit : request.body.rateLimit);
      const controls = await controlsInput(request.body, checks, stored);
      const updated = await endpoints.update(appId, endpointId, { ...patch, events, controls });
      if (!updated) throw notFound('endpoint');
      if (patch.ordered === false) await tellOrdered(request.log, appId, endpointId);
      return view(updated);
    },
  );

  app.delete(
    '/v1/apps/:appId/endpoints/:endpointId',
    { schema: { params: EndpointParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      auth.requireApp(request, request.params.appId);
      const removed = await endpoints.remove(request.params.appId, request.params.endpointId);
      if (!removed) throw notFound('endpoint');
      if (removed.ordered) await tellOrdered(request.log, request.params.appId, request.params.endpointId);
      return reply.code(204).send(null);
    },
  );

  const DisableBody = Type.Union([Type.Null(), Type.Object({ reason: Type.Optional(Type.String({ maxLength: 300 })) }, { additionalProperties: false })]);
  for (const action of ['enable', 'disable'] as const) {
    app.post(
      `/v1/apps/:appId/endpoints/:endpointId/${action}`,
      { schema: { params: EndpointParams, ...(action === 'disable' && { body: DisableBody }), response: { 200: EndpointView, ...errorResponses } } },
      async (request) => {
        const { appId, endpointId } = request.params;
        auth.requireApp(request, appId);
        const status = action === 'enable' ? 'enabled' : 'disabled';
        // The operator's reason, when given, is what the endpoint and endpoint.disabled say.
        const reason = (request.body as { reason?: string } | undefined)?.reason?.trim();
        const updated = await endpoints.setStatus(appId, endpointId, status, status === 'disabled' ? (reason ? `disabled through the API: ${reason}` : 'disabled through the API') : undefined);
        if (!updated) throw notFound('endpoint');
        // The app's other endpoints hear of a disable as they do of one a delivery decided; if this
        // start fails, the start sweeper makes it (the event is stored and noted with the change).
        if (updated.said) {
          const said = updated.said;
          await starter.start(said).catch((err) => request.log.warn({ err, appId, eventId: said.id }, 'could not start endpoint.disabled; the start sweeper will'));
        }
        return view(updated.endpoint);
      },
    );
  }

  // Secrets are never part of an endpoint's ordinary view; reading one is its own, explicit route.
  app.get(
    '/v1/apps/:appId/endpoints/:endpointId/secret',
    { schema: { params: EndpointParams, response: { 200: Type.Object({ secret: Type.String() }), ...errorResponses } } },
    async (request) => {
      auth.requireApp(request, request.params.appId);
      auth.refuseReadOnly(request);
      const found = await endpoints.getWithSecrets(request.params.appId, request.params.endpointId);
      if (!found) throw notFound('endpoint');
      // A server fault, not the caller's: a 500 whose log names the cause.
      if (found.secretError) throw new Error(found.secretError);
      return { secret: found.secrets[0] };
    },
  );

  app.post(
    '/v1/apps/:appId/endpoints/:endpointId/secret/rotate',
    {
      schema: {
        params: EndpointParams,
        response: { 200: Type.Object({ secret: Type.String(), previousSecretValidUntil: Type.String() }), ...errorResponses, ...conflictResponse },
      },
    },
    async (request) => {
      const { appId, endpointId } = request.params;
      auth.requireApp(request, appId);
      const secret = generateSecret();
      const rotated = await endpoints.rotateSecret(appId, endpointId, secret, secretRotationGraceSeconds);
      if (!rotated) throw notFound('endpoint');
      if (rotated === 'too-many') {
        throw new HttpError(
          409,
          'too_many_rotations',
          `${MAX_LIVE_PREVIOUS_SECRETS} rotated-out secrets are still inside their grace period; rotate again when the oldest expires`,
        );
      }
      return { secret, previousSecretValidUntil: rotated.previousValidUntil.toISOString() };
    },
  );
};
