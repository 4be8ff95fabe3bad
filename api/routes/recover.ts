// Recover: `POST …/endpoints/:endpointId/recover {since}` delivers again every event received
// since then whose delivery to that endpoint failed (or was skipped while it was disabled), by a
// workflow of its own; `GET …/recover/:recoveryId` says how far it has got.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { EndpointParams, ResourceId, conflictResponse, errorResponses } from '../schemas';
import { newId } from '../../domain/ids';
import { HttpError, notFound } from '../errors';
import { assertStorableInstant } from '../instants';
import type { RouteDeps } from '../route-deps';
import { recoveryWorkflowId } from '../recovery-starter';

const RecoverBody = Type.Object(
  {
    since: Type.String({ format: 'date-time', description: 'events received from this instant on (up to now)' }),
    concurrency: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, description: 'deliveries at once (default 10)' })),
  },
  { additionalProperties: false },
);
const RecoveryView = Type.Object({
  id: Type.String(),
  endpointId: Type.String(),
  workflowId: Type.String(),
  since: Type.String(),
  until: Type.String(),
  status: Type.Union([Type.Literal('running'), Type.Literal('completed'), Type.Literal('failed')]),
  found: Type.Integer({ description: 'events with a failed delivery to the endpoint and none delivered, found so far' }),
  delivered: Type.Integer(),
  failed: Type.Integer(),
  error: Type.Optional(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  completedAt: Type.Optional(Type.String()),
});

const DEFAULT_CONCURRENCY = 10;

export const recoverRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { auth, endpoints, recoveries, recoveryStarter }) => {
  app.post(
    '/v1/apps/:appId/endpoints/:endpointId/recover',
    {
      schema: {
        params: EndpointParams,
        body: RecoverBody,
        response: { 202: Type.Object({ id: Type.String(), workflowId: Type.String() }), ...errorResponses, ...conflictResponse },
      },
    },
    async (request, reply) => {
      const { appId, endpointId } = request.params;
      auth.requireApp(request, appId);
      const since = new Date(assertStorableInstant(request.body.since, '/since', 'body'));
      if (since.getTime() > Date.now()) {
        const message = 'is in the future: nothing received since then has failed yet';
        throw new HttpError(400, 'invalid_request', `body /since ${message}`, [{ in: 'body', path: '/since', message }]);
      }
      const endpoint = await endpoints.get(appId, endpointId);
      if (!endpoint) throw notFound('endpoint');
      if (endpoint.status !== 'enabled') throw new HttpError(409, 'endpoint_disabled', `endpoint ${endpointId} is disabled (${endpoint.disabledReason ?? 'by the app'}); enable it first`);
      const recovery = await recoveries.create({ id: newId('rcv'), appId, endpointId, since });
      try {
        // An ordered endpoint gets its recovered events one at a time too, oldest received first.
        const concurrency = endpoint.ordered ? 1 : (request.body.concurrency ?? DEFAULT_CONCURRENCY);
        const workflowId = await recoveryStarter.start({ appId, endpointId, recoveryId: recovery.id, since: recovery.since, concurrency });
        return reply.code(202).send({ id: recovery.id, workflowId });
      } catch (err) {
        request.log.error({ err, endpointId }, 'could not start the recovery');
        await recoveries.remove(recovery.id);
        throw new HttpError(503, 'temporal_unavailable', 'the recovery could not be started; try again when Temporal answers');
      }
    },
  );

  app.get(
    '/v1/apps/:appId/endpoints/:endpointId/recover/:recoveryId',
    { schema: { params: Type.Composite([EndpointParams, Type.Object({ recoveryId: ResourceId })]), response: { 200: RecoveryView, ...errorResponses } } },
    async (request) => {
      const { appId, endpointId, recoveryId } = request.params;
      auth.requireApp(request, appId);
      const found = await recoveries.get(appId, endpointId, recoveryId);
      if (!found) throw notFound('recovery');
      return { ...found, workflowId: recoveryWorkflowId(appId, endpointId, recoveryId) };
    },
  );
};
