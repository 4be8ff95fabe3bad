import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { pageOf } from '../pagination';
import { AcceptedEvent, AppParams, PageQuery, AttemptView, EventParams, EventView, PostEventBody, errorResponses } from '../schemas';
import { decodeCursor, EVENT_STATUSES } from '../../db/events-repository';
import { eventWorkflowId } from '../../domain/event-envelope';
import { eventOfBody } from '../event-intake';
import { HttpError, notFound } from '../errors';
import { assertUnderRate, RATE_LIMIT_VARIABLES, rateKeyOf } from '../rate-limit';
import type { RouteDeps } from '../route-deps';

export const eventRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { auth, events, starter, unstarted, metrics, rates }) => {
  app.post(
    '/v1/apps/:appId/events',
    {
      schema: {
        params: AppParams,
        body: PostEventBody,
        response: { 200: AcceptedEvent, 202: AcceptedEvent, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { appId } = request.params;
      auth.requireApp(request, appId);
      assertUnderRate(rates.events, rateKeyOf(request.principal), 'events for this key', RATE_LIMIT_VARIABLES.eventsPerSecond);
      const event = eventOfBody(appId, request.body);
      await auth.requireAppExists(request, appId);
      const body = { id: event.id, workflowId: eventWorkflowId(appId, event.id) };

      // The row is written first so the event is never lost between the answer and the workflow;
      // the workflow id then makes the start idempotent.
      const isNew = await events.insert(event);
      if (isNew) metrics?.eventsReceived.inc({ type: event.type });
      let toStart = event;
      if (!isNew) {
        const stored = await events.get(appId, event.id);
        // Routed: its workflow has run. Otherwise an earlier start may have failed: start the
        // stored copy now, the one the first request was answered for.
        if (!stored || stored.status !== 'accepted') return reply.code(200).send(body);
        toStart = { appId, id: stored.id, type: stored.type, data: stored.data, occurredAt: stored.occurredAt };
      }
      try {
        // False when a repeat of this post, racing it, started the workflow first: started either way.
        await starter.start(toStart);
      } catch (err) {
        request.log.error({ err, eventId: event.id }, 'could not start the event workflow');
        // The sweeper starts it once Temporal answers; a repeated post with the same id is safe too.
        await unstarted.add(appId, toStart.id, (err as Error).message).catch((noteErr) => request.log.error({ err: noteErr, eventId: event.id }, 'could not note the event for the start sweeper'));
        throw new HttpError(
          503,
          'temporal_unavailable',
          'the event is stored but its workflow could not be started yet; Herald starts it when Temporal answers, and posting it again with the same id is safe',
        );
      }
      // 202 for the post that stored the event, whichever post's start made its workflow.
      return reply.code(isNew ? 202 : 200).send(body);
    },
  );

  app.get(
    '/v1/apps/:appId/events/:eventId',
    { schema: { params: EventParams, response: { 200: EventView, ...errorResponses } } },
    async (request) => {
      const { appId, eventId } = request.params;
      auth.requireApp(request, appId);
      const found = await events.get(appId, eventId);
      if (!found) throw notFound('event');
      return { ...found, workflowId: eventWorkflowId(appId, eventId) };
    },
  );

  app.get(
    '/v1/apps/:appId/events/:eventId/attempts',
    {
      schema: {
        params: EventParams,
        querystring: PageQuery,
        response: { 200: Type.Object({ data: Type.Array(AttemptView), nextCursor: Type.Optional(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      const { appId, eventId } = request.params;
      auth.requireApp(request, appId);
      const { limit, after } = pageOf(request.query);
      if (after !== undefined && !/^[0-9]{1,18}$/.test(after)) {
        throw new HttpError(400, 'invalid_request', 'querystring /cursor is not a cursor of this list', [
          { in: 'querystring', path: '/cursor', message: 'is not a cursor of this list' },
        ]);
      }
      const page = await events.listAttempts(appId, eventId, { limit, after: after === undefined ? undefined : Number(after) });
      if (!page) throw notFound('event');
      return { ...page, data: page.data.map((a) => ({ ...a, createdAt: a.createdAt.toISOString() })) };
    },
  );

  app.get(
    '/v1/apps/:appId/events',
    { schema: { params: AppParams, querystring: EventListQuery, response: { 200: Type.Object({ data: Type.Array(EventSummary), nextCursor: Type.Optional(Type.String()) }), ...errorResponses } } },
    async (request) => {
      const { appId } = request.params;
      auth.requireApp(request, appId);
      const { type, status, ...paging } = request.query;
      const page = pageOf({ limit: paging.limit });
      await auth.requireAppExists(request, appId);
      return events.listEvents(appId, { type, status }, { ...page, ...(paging.cursor && { after: checkedCursor(paging.cursor) }) });
    },
  );
};

const EventListQuery = Type.Object(
  {
    type: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    status: Type.Optional(Type.Union(EVENT_STATUSES.map((s) => Type.Literal(s)))),
    limit: PageQuery.properties.limit,
    cursor: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,600}$', description: 'nextCursor of the previous page' })),
  },
  { additionalProperties: false },
);
const EventSummary = Type.Object({
  id: Type.String(),
  type: Type.String(),
  status: Type.String(),
  occurredAt: Type.String(),
  receivedAt: Type.String(),
  deliveryCount: Type.Integer(),
});

/** A cursor this list gave, or a 400. */
function checkedCursor(cursor: string): string {
  try {
    decodeCursor(cursor);
    return cursor;
  } catch (err) {
    const message = (err as Error).message;
    throw new HttpError(400, 'invalid_request', `querystring /cursor ${message}`, [{ in: 'querystring', path: '/cursor', message }]);
  }
}
