// The operators' logs beyond one event's view: an endpoint's attempts newest first, filtered by
// outcome, event type and time (what MQTT chat's console shows per callback URL).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AttemptView, EndpointParams, PageQuery, errorResponses } from '../schemas';
import { pageOf } from '../pagination';
import { notFound } from '../errors';
import { assertStorableInstant } from '../instants';
import type { RouteDeps } from '../app';

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

export const logRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { auth, endpoints, events }) => {
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
};
