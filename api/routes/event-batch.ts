// POST /v1/apps/:appId/events/batch: up to 100 events in one request, each validated, stored and
// started on its own (its own workflow, its own idempotency by id), answered 207 with one result
// per event in the order given. One bad event does not refuse the others. The batch is stored in
// one statement with a note per event for the start sweeper (api/start-sweeper.ts), so events
// stored by a process that dies before starting them are started all the same.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { AppParams, ErrorBody, PostEventBody, errorResponses } from '../schemas';
import { eventWorkflowId, type HeraldEvent } from '../../domain/event-envelope';
import { eventOfBody } from '../event-intake';
import { HttpError, validationDetails } from '../errors';
import { BODY_LIMIT_BYTES } from '../http-limits';
import { findInputProblem, inputProblem } from '../input-guard';
import { assertUnderRate, RATE_LIMIT_VARIABLES, rateKeyOf } from '../rate-limit';
import type { RouteDeps } from '../route-deps';

export const BATCH_ROUTE = '/v1/apps/:appId/events/batch';
export const MAX_BATCH_EVENTS = 100;
/** A batch may carry more than one event's worth; each of its events is still held to BODY_LIMIT_BYTES. */
export const BATCH_BODY_LIMIT_BYTES = 16 * BODY_LIMIT_BYTES;

const BatchBody = Type.Object(
  // Each event is checked against PostEventBody on its own, so one bad event is one bad result.
  { events: Type.Array(Type.Unknown(), { minItems: 1, maxItems: MAX_BATCH_EVENTS }) },
  { additionalProperties: false },
);
const BatchResult = Type.Object({
  /** The event's id: the one given, or the one Herald made; null for an event refused without one. */
  id: Type.Union([Type.String(), Type.Null()]),
  /** As the single route answers it: 202 stored and started, 200 a repeat of a stored event, 4xx refused, 503 stored and started later. */
  status: Type.Integer(),
  workflowId: Type.Optional(Type.String()),
  error: Type.Optional(ErrorBody.properties.error),
});
type Result = Static<typeof BatchResult>;

function refusal(id: string | null, err: HttpError): Result {
  return { id, status: err.statusCode, error: { code: err.code, message: err.message, details: err.details } };
}

export const eventBatchRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { auth, events, starter, unstarted, metrics, rates }) => {
  app.post(
    BATCH_ROUTE,
    {
      bodyLimit: BATCH_BODY_LIMIT_BYTES,
      schema: {
        params: AppParams,
        body: BatchBody,
        response: { 207: Type.Object({ results: Type.Array(BatchResult) }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { appId } = request.params;
      auth.requireApp(request, appId);
      await auth.requireAppExists(request, appId);
      const checkBody = request.compileValidationSchema(PostEventBody);
      const rateKey = rateKeyOf(request.principal);

      const results: Result[] = [];
      const accepted: { at: number; event: HeraldEvent }[] = [];
      request.body.events.forEach((item, i) => {
        const at = `/events/${i}`;
        const givenId = typeof (item as { id?: unknown })?.id === 'string' ? (item as { id: string }).id : null;
        try {
          // What the input guard checks on every other body, per event here.
          const problem = findInputProblem(item);
          if (problem) throw inputProblem('body', problem, at);
          if (Buffer.byteLength(JSON.stringify(item)) > BODY_LIMIT_BYTES) {
            throw new HttpError(413, 'payload_too_large', `body ${at} is larger than one event may be (${BODY_LIMIT_BYTES} bytes)`, [{ in: 'body', path: at, message: 'is too large' }]);
          }
          if (!checkBody(item)) {
            const details = validationDetails(checkBody.errors ?? [], 'body', at);
            throw new HttpError(400, 'invalid_request', `body ${details[0].path} ${details[0].message}`, details);
          }
          const event = eventOfBody(appId, item as Static<typeof PostEventBody>, at);
          // Each event is one of the key's events per second, as if posted alone.
          assertUnderRate(rates.events, rateKey, 'events for this key', RATE_LIMIT_VARIABLES.eventsPerSecond);
          results.push({ id: event.id, status: 202, workflowId: eventWorkflowId(appId, event.id) });
          accepted.push({ at: i, event });
        } catch (err) {
          if (!(err instanceof HttpError)) throw err;
          results.push(refusal(givenId, err));
        }
      });

      // Stored before anything is started or answered: a 202 or 200 in the results means stored.
      const stored = accepted.length > 0 ? await events.insertBatch(appId, accepted.map((a) => a.event)) : new Set<string>();
      const firsts = new Set<string>();
      const toStart: HeraldEvent[] = [];
      const repeats: number[] = [];
      for (const { at, event } of accepted) {
        if (stored.has(event.id) && !firsts.has(event.id)) {
          firsts.add(event.id);
          metrics?.eventsReceived.inc({ type: event.type });
          toStart.push(event);
        } else {
          results[at].status = 200;
          repeats.push(at);
        }
      }
      // A repeat whose stored copy has not been routed may be one whose start failed: start that copy.
      const repeatIds = [...new Set(repeats.map((at) => results[at].id!))].filter((id) => !firsts.has(id));
      toStart.push(...(await events.unrouted(appId, repeatIds)));

      const started: string[] = [];
      const failed: { id: string; error: string }[] = [];
      await Promise.all(
        toStart.map((event) =>
          starter.start(event).then(
            () => started.push(event.id),
            (err: Error) => failed.push({ id: event.id, error: err.message }),
          ),
        ),
      );
      if (started.length > 0 || failed.length > 0) await unstarted.settleBatch(appId, started, failed);
      if (failed.length > 0) {
        request.log.error({ appId, failed: failed.length, error: failed[0].error }, 'could not start some events of a batch; the start sweeper will');
        const notStarted = new Set(failed.map((f) => f.id));
        for (const result of results) {
          if (result.id === null || !notStarted.has(result.id) || result.status >= 300) continue;
          result.status = 503;
          result.error = {
            code: 'temporal_unavailable',
            message: 'the event is stored but its workflow could not be started yet; Herald starts it when Temporal answers, and posting it again with the same id is safe',
            details: [],
          };
        }
      }
      return reply.code(207).send({ results });
    },
  );
};
