// The operators' logs beyond one event's view: an endpoint's attempts newest first, filtered by
// outcome, event type and time (what MQTT chat's console shows per callback URL); and replay, an
// event delivered again now to its endpoints (or one) as new deliveries under a new webhook-id.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AttemptView, EndpointParams, EventParams, PageQuery, ResourceId, conflictResponse, errorResponses } from '../schemas';
import { newId } from '../../domain/ids';
import { replayWorkflowId } from '../../domain/event-envelope';
import { pageOf } from '../pagination';
import { HttpError, notFound } from '../errors';
import { assertUnderRate, RATE_LIMIT_VARIABLES, rateKeyOf } from '../rate-limit';
import { assertStorableInstant } from '../instants';
import type { RouteDeps } from '../route-deps';

const AttemptsQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('succeeded'), Type.Literal('failed')], { description: 'succeeded: a 2xx answer; failed: anything else' })),
    eventType: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    since: Type.Optional(Type.String({ format: 'date-time' })),
    until: Type.Optional(Type.String({ format: 'date-time' })),
    limit: PageQuery.properties.limit,
    cursor: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,18}$', description: 'nextCursor of the previous page' })),
  },
  { additionalProperties: false },
);
const EndpointAttempt = Type.Composite([AttemptView, Type.Object({ eventId: Type.String(), eventType: Type.String() })]);

export const logRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { auth, endpoints, events, starter, rates }) => {
  app.get(
    '/v1/apps/:appId/endpoints/:endpointId/attempts',
    {
      schema: {
        params: EndpointParams,
        querystring: AttemptsQuery,
        response: { 200: Type.Object({ data: Type.Array(EndpointAttempt), nextCursor: Type.Optional(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      const { appId, endpointId } = request.params;
      auth.requireApp(request, appId);
      const { limit, cursor, ...filter } = request.query;
      const page = pageOf({ limit });
      const since = assertStorableInstant(filter.since, '/since', 'querystring');
      const until = assertStorableInstant(filter.until, '/until', 'querystring');
      if (!(await endpoints.get(appId, endpointId))) throw notFound('endpoint');
      return events.listEndpointAttempts(appId, endpointId, { ...filter, since, until }, { ...page, ...(cursor && { after: cursor }) });
    },
  );

  app.post(
    '/v1/apps/:appId/events/:eventId/replay',
    {
      schema: {
        params: EventParams,
        body: Type.Object({ endpointId: Type.Optional(ResourceId) }, { additionalProperties: false, description: 'optional: no body replays to every endpoint of the event' }),
        response: { 202: Type.Object({ replayId: Type.String(), workflowId: Type.String() }), ...errorResponses, ...conflictResponse },
      },
      // `curl -X POST` with no body at all means "every endpoint".
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) => {
      const { appId, eventId } = request.params;
      auth.requireApp(request, appId);
      assertUnderRate(rates.probes, rateKeyOf(request.principal), 'replays and tests for this key', RATE_LIMIT_VARIABLES.probesPerMinute);
      const { endpointId } = request.body;
      const stored = await events.get(appId, eventId);
      if (!stored) throw notFound('event');
      if (endpointId) {
        const endpoint = await endpoints.get(appId, endpointId);
        if (!endpoint) throw notFound('endpoint');
        if (endpoint.status !== 'enabled') throw new HttpError(409, 'endpoint_disabled', `endpoint ${endpointId} is disabled (${endpoint.disabledReason ?? 'by the app'}); enable it first`);
      }
      const replay = { id: newId('rp'), ...(endpointId && { endpointId }) };
      const event = { appId, id: stored.id, type: stored.type, data: stored.data, occurredAt: stored.occurredAt, replay };
      try {
        await starter.start(event);
      } catch (err) {
        request.log.error({ err, eventId }, 'could not start the replay');
        throw new HttpError(503, 'temporal_unavailable', 'the replay could not be started; try again when Temporal answers');
      }
      return reply.code(202).send({ replayId: replay.id, workflowId: replayWorkflowId(appId, eventId, replay.id) });
    },
  );
};
